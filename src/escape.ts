/**
 * Text from outside (what servers send, names, URLs) as upwatch writes it where it could be read as more than
 * text: a line of the log, which the runner reads for workflow commands. The summary's markdown and HTML are
 * escaped by report/summary.ts, from the same printable text.
 */

/**
 * Control characters (C0, DEL, C1) and the Unicode line and paragraph separators, as the inside of a bracket
 * expression, for a RegExp and for a pattern of the JSON Schema alike.
 */
export const CONTROL_CHARACTERS = String.raw`\u0000-\u001f\u007f-\u009f\u2028\u2029`

const CONTROL = new RegExp(`[${CONTROL_CHARACTERS}]`, 'g')
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** The text on one line, each control character shown as its escape: `\n`, `\r`, `\t`, `\u001b`. */
export function printable(text: string): string {
  return text.replace(
    CONTROL,
    char => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

/**
 * Characters the runner's comparisons may skip: .NET compares with the culture, and ICU collation ignores
 * format characters (U+200B, U+00AD, U+FEFF...) and other default-ignorable ones, so `#\u200B#[` holds `##[`
 * for it. Control characters are too, but printable has escaped those.
 */
const IGNORABLE = String.raw`\p{Cf}\p{Default_Ignorable_Code_Point}`
/** `##[`, which the runner takes for a legacy command anywhere in a line; the `[` is escaped. */
const LEGACY_COMMAND = new RegExp(String.raw`(#[${IGNORABLE}]*#[${IGNORABLE}]*)\[`, 'gu')
/** `::` at the start of a line, after white space, which the runner takes for a command; the first is escaped. */
const COMMAND = new RegExp(String.raw`^([\s${IGNORABLE}]*):(?=[${IGNORABLE}]*:)`, 'u')

/**
 * One line of the log, as the runner may read it without finding a workflow command: printable (the runner
 * ends a line at \n and at \r alone), with a backslash before the `[` of `##[` and before a leading `::`, as
 * the runner itself writes `##[\start-action` when a step prints its markers (OutputManager.cs). People read
 * the text as it was; see __tests__/support/runner.ts for the runner's rules.
 */
export function logLine(text: string): string {
  return printable(text).replace(LEGACY_COMMAND, '$1\\[').replace(COMMAND, '$1\\:')
}

/** Characters that XML 1.0 does not allow even as a reference: the noncharacters U+FFFE and U+FFFF. */
const NOT_XML = /[\ufffe\uffff]/g

/**
 * Text from outside as the status page's HTML and its Atom feed write it, in an element or a quoted
 * attribute: printable, with `&`, `<`, `>`, `"` and `'` as references, so that it is only ever text in both.
 */
export function markup(text: string): string {
  return printable(text)
    .replace(NOT_XML, '\ufffd')
    .replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}

/**
 * Text from outside as GitHub-flavoured markdown shows it (the job summary, an issue): on one line (printable),
 * so that no blank line ends a table, and as the characters it is. What markdown or its HTML would read (tags
 * and entities; links and images, emphasis, code, math; autolinks, from `:` of a URL, `@` of an address and
 * `www.`; `@` mentions and `#` references, which notify people and link issues) is written as numeric
 * character references, which show as the character.
 */
export function literal(text: string): string {
  return printable(text)
    .replace(/[&<>"'\\`*_~[\]|$:@#]/g, char => `&#${char.charCodeAt(0)};`)
    .replace(/(www)\./gi, '$1&#46;')
}
