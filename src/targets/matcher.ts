/** A text expectation: a substring, or a regular expression written as `/pattern/flags`. */
export interface Matcher {
  /** As written in the targets file; how the matcher reads in a reason. */
  source: string
  regex?: RegExp
}

const REGEX = /^\/(.+)\/([dgimsuvy]*)$/s

/** The matcher for a string, or an error message when it looks like a regex that does not compile. */
export function parseMatcher(source: string): Matcher | string {
  const match = REGEX.exec(source)
  if (!match) return { source }
  try {
    // g and y make test() stateful; a check must give the same answer every time.
    return { source, regex: new RegExp(match[1], match[2].replace(/[gy]/g, '')) }
  } catch (error) {
    return `${source} is not a valid regular expression: ${(error as Error).message}`
  }
}

export function matches(matcher: Matcher, text: string): boolean {
  return matcher.regex ? matcher.regex.test(text) : text.includes(matcher.source)
}

/** `"ok"` for a substring, `/ok/i` for a regex: how a matcher reads in a reason. */
export function describeMatcher(matcher: Matcher): string {
  return matcher.regex ? matcher.source : JSON.stringify(matcher.source)
}
