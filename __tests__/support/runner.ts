// How the GitHub Actions runner reads a step's stdout, ported from actions/runner (commit 258d6c8, 2026-08) so
// that a test can ask which printed lines it would take for workflow commands:
// - src/Runner.Sdk/ProcessInvoker.cs: stdout is read with StreamReader.ReadLine, which ends a line at \n, \r
//   or \r\n.
// - src/Runner.Worker/Handlers/OutputManager.cs: a line holding `##[` or `::` goes to the command manager.
// - src/Runner.Worker/ActionCommandManager.cs, TryProcessCommand: TryParseV2, then TryParse; a command counts
//   only if its name is registered, ignoring case (the extensions below, and stop-commands).
// - src/Runner.Common/ActionCommand.cs: TryParseV2 trims leading white space (char.IsWhiteSpace) and wants
//   `::` at the start, then `::` again to end the name and properties; TryParse, the legacy form, takes
//   `##[` anywhere in the line, up to the next `]`.
// The runner compares with string.StartsWith and string.IndexOf, which in .NET are culture-sensitive: with ICU
// they ignore characters that collation ignores (controls, format characters such as U+200B, variation
// selectors), so `:\u200B:` starts with `::` there (see "string.IndexOf(string)" in
// https://learn.microsoft.com/dotnet/core/extensions/globalization-icu). This port removes every such
// character before comparing, and so finds every command the runner would, and some it would not.

/** The commands the runner's extensions register (ActionCommandManager.cs), and stop-commands. */
const REGISTERED = new Set([
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo'
])

/** char.IsWhiteSpace in .NET: the separators Zs, Zl, Zp, and \t \n \v \f \r U+0085 U+00A0. */
const WHITE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/
/** What ICU collation may ignore, and more: controls, format characters, default-ignorable code points. */
const IGNORABLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu

export interface ParsedCommand {
  /** The line as printed. */
  line: string
  /** `v2` for `::name::data`, `legacy` for `##[name]data`. */
  form: 'v2' | 'legacy'
  command: string
  data: string
}

/** The lines of stdout as the runner splits them (StreamReader.ReadLine). */
export function runnerLines(stdout: string): string[] {
  const lines = stdout.split(/\r\n|\r|\n/)
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** Every line of stdout that the runner would take for a workflow command, with what it would read. */
export function commandsIn(stdout: string): ParsedCommand[] {
  return runnerLines(stdout).flatMap(line => {
    const command = parseCommand(line)
    return command ? [command] : []
  })
}

/** TryParseV2, else TryParse, as TryProcessCommand calls them. */
export function parseCommand(line: string): ParsedCommand | undefined {
  return parseV2(line) ?? parseLegacy(line)
}

function parseV2(line: string): ParsedCommand | undefined {
  const message = line.replace(WHITE_SPACE, '').replace(IGNORABLE, '')
  if (!message.startsWith('::')) return undefined
  const end = message.indexOf('::', 2)
  if (end < 0) return undefined
  const info = message.slice(2, end)
  const command = info.split(' ')[0]
  if (!REGISTERED.has(command.toLowerCase())) return undefined
  return { line, form: 'v2', command, data: unescapeData(message.slice(end + 2)) }
}

function parseLegacy(line: string): ParsedCommand | undefined {
  const message = line.replace(IGNORABLE, '')
  const prefix = message.indexOf('##[')
  if (prefix < 0) return undefined
  const close = message.indexOf(']', prefix)
  if (close < 0) return undefined
  const command = message.slice(prefix + 3, close).split(' ')[0]
  if (!REGISTERED.has(command.toLowerCase())) return undefined
  return { line, form: 'legacy', command, data: message.slice(close + 1) }
}

/** ActionCommand.UnescapeData: what an annotation or a debug line says once the runner has read it. */
function unescapeData(data: string): string {
  return data.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%')
}
