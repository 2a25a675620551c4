import { RE2JS, RE2JSException } from 're2js'
import { excerpt, parserMessage } from './excerpt.js'

/** A text expectation: a substring, or a regular expression written as `/pattern/flags`. */
export interface Matcher {
  /** As written in the targets file; how the matcher reads in a reason. */
  source: string
  /** The expression as written, matched in time linear in the text (see LinearRegExp). */
  regex?: RegExp
}

const REGEX = /^\/(.+)\/([dgimsuvy]*)$/s

/**
 * The most instructions a pattern may compile to. RE2's time is linear in the text, but the factor is the
 * pattern's size: a pattern this large, over a hostile 1 MiB body (MAX_BODY_BYTES) that defeats RE2's
 * automaton cache, takes about a second of the event loop. Patterns people write for a check (a word, a
 * version, a UUID, an error page's title) take 5 to 40.
 */
export const MAX_PROGRAM_SIZE = 100

/** The JavaScript flags that mean something to RE2: case, `^`/`$` at lines, `.` across lines. */
const FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL
}

/** What JavaScript takes and RE2 cannot do: the message names it. */
class Unsupported extends Error {}

/**
 * A RegExp that JavaScript parsed, so that it reads as written (source and flags), and that matches with RE2,
 * whose time is linear in the text: a hostile body cannot make it backtrack. Only `test` and `exec` are
 * RE2's, and they ignore `lastIndex`: a check asks whether the text matches, nothing more.
 */
class LinearRegExp extends RegExp {
  readonly #re2: RE2JS

  constructor(pattern: string, flags: string) {
    super(pattern, flags)
    const unsupported = backtracking(pattern) ?? (flags.includes('v') ? 'the v flag' : undefined)
    if (unsupported) throw new Unsupported(unsupported)
    const re2Flags = [...flags].reduce((all, flag) => all | (FLAGS[flag] ?? 0), 0)
    this.#re2 = RE2JS.compile(RE2JS.translateRegExp(pattern), re2Flags)
  }

  get programSize(): number {
    return this.#re2.programSize()
  }

  override test(text: string): boolean {
    return this.#re2.test(text)
  }

  override exec(text: string): RegExpExecArray | null {
    return this.#re2.exec(text) as RegExpExecArray | null
  }
}

/** The matcher for a string, or an error message when it looks like a regex that cannot be used. */
export function parseMatcher(source: string): Matcher | string {
  const match = REGEX.exec(source)
  if (!match) return { source }
  const [, pattern, flags] = match
  let regex: LinearRegExp
  try {
    // g and y make test() stateful; a check must give the same answer every time.
    regex = new LinearRegExp(pattern, flags.replace(/[gy]/g, ''))
  } catch (error) {
    // The engines' messages quote the pattern: they are cut like the pattern itself.
    const message = parserMessage((error as Error).message)
    const shown = excerpt(source)
    if (error instanceof Unsupported) return `${shown} uses ${message}; ${LINEAR}`
    if (error instanceof RE2JSException)
      return `${shown} is not supported: ${message.replace(/^error parsing regexp: /, '')}; ${LINEAR}`
    return `${shown} is not a valid regular expression: ${message}`
  }
  if (regex.programSize > MAX_PROGRAM_SIZE) {
    return (
      `${excerpt(source)} is too large: it compiles to ${regex.programSize} instructions, at most ${MAX_PROGRAM_SIZE}, ` +
      'so that no body can make a check take long; use smaller counts in {n,m}, or * and +'
    )
  }
  return { source, regex }
}

/** Why a pattern that JavaScript takes is refused: the syntax upwatch's regular expressions have. */
const LINEAR =
  'regular expressions run in linear time here (RE2 syntax), without lookaround, backreferences or the v flag'

/**
 * Lookaround or a backreference in a pattern, as its reader would name it: what JavaScript can only do by
 * backtracking, found before RE2 reads the pattern (which would take `\k<name>` for the letter k).
 */
function backtracking(pattern: string): string | undefined {
  // Sticky expressions read at a position: no copy of the rest of the pattern per character, which would
  // make a long pattern in a hostile file cost the square of its length.
  const reference = /\\(?:[1-9]\d*|k<[^>]{0,256}>)/y
  const around = /\((\?<?[=!])/y
  let inClass = false
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at]
    if (char === '\\') {
      reference.lastIndex = at
      const found = reference.exec(pattern)
      if (found && !inClass) return `the backreference ${excerpt(found[0])}`
      at++
    } else if (inClass) inClass = char !== ']'
    else if (char === '[') inClass = true
    else if (char === '(') {
      around.lastIndex = at
      const found = around.exec(pattern)
      if (found) return `${found[1].includes('<') ? 'lookbehind' : 'lookahead'} ${found[0]}`
    }
  }
  return undefined
}

export function matches(matcher: Matcher, text: string): boolean {
  return matcher.regex ? matcher.regex.test(text) : text.includes(matcher.source)
}

/** `"ok"` for a substring, `/ok/i` for a regex: how a matcher reads in a reason. */
export function describeMatcher(matcher: Matcher): string {
  return matcher.regex ? matcher.source : JSON.stringify(matcher.source)
}
