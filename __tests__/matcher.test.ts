// Regular expressions in expectations: JavaScript's syntax as far as RE2 can match it in linear time; what
// needs backtracking is refused when the targets file is read, with the line and the field.
import { describe, expect, it } from '@jest/globals'
import { Redactor } from '../src/redact.js'
import { matches, MAX_PROGRAM_SIZE, parseMatcher, type Matcher } from '../src/targets/matcher.js'
import { parseTargets } from '../src/targets/parse.js'

const LINEAR =
  'regular expressions run in linear time here (RE2 syntax), without lookaround, backreferences or the v flag'

async function refusal(expectation: string): Promise<string> {
  const file = `targets:\n  - name: a\n    url: https://a.example\n    expect:\n      ${expectation}\n`
  try {
    await parseTargets(file, '.github/upwatch.yml', {}, new Redactor())
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected the file to be refused')
}

function matcher(source: string): Matcher {
  const parsed = parseMatcher(source)
  if (typeof parsed === 'string') throw new Error(parsed)
  return parsed
}

describe('a regular expression that needs backtracking', () => {
  it.each([
    ["body: '/(?=a)b/'", 'targets[0].expect.body: /(?=a)b/ uses lookahead (?='],
    ["body-not: '/(?!a)b/'", 'targets[0].expect.body-not: /(?!a)b/ uses lookahead (?!'],
    ["body: '/(?<=a)b/'", 'targets[0].expect.body: /(?<=a)b/ uses lookbehind (?<='],
    ["headers: { x-a: '/(?<!a)b/' }", 'targets[0].expect.headers.x-a: /(?<!a)b/ uses lookbehind (?<!'],
    ["body: '/(a)\\1/'", 'targets[0].expect.body: /(a)\\1/ uses the backreference \\1'],
    ["body: '/(?<x>a)\\k<x>/'", 'targets[0].expect.body: /(?<x>a)\\k<x>/ uses the backreference \\k<x>'],
    ["body: '/[a&&b]/v'", 'targets[0].expect.body: /[a&&b]/v uses the v flag']
  ])('is refused when the file is read: %s', async (expectation, message) => {
    expect(await refusal(expectation)).toContain(`line 5, ${message}; ${LINEAR}`)
  })

  it('and one RE2 cannot read, or too large to match fast, are refused too', async () => {
    expect(await refusal("body: '/\\p{Foo}/u'")).toContain(
      'line 5, targets[0].expect.body: /\\p{Foo}/u is not a valid regular expression: Invalid regular expression'
    )
    expect(await refusal("body: '/[\\1]/'")).toContain(
      `line 5, targets[0].expect.body: /[\\1]/ is not supported: invalid escape sequence: \`\\1\`; ${LINEAR}`
    )
    expect(await refusal("body: '/a{200}/'")).toContain(
      `line 5, targets[0].expect.body: /a{200}/ is too large: it compiles to 202 instructions, at most ${MAX_PROGRAM_SIZE}`
    )
  })

  it('is refused in time linear in a hostile pattern, quoting no more than an excerpt of it', () => {
    for (const body of ['\\k<'.repeat(300_000), '('.repeat(300_000) + '?=', 'a'.repeat(1_000_000) + '\\1']) {
      const message = parseMatcher(`/${body}/`)
      expect(typeof message).toBe('string')
      expect((message as string).length).toBeLessThan(400)
    }
  })

  it('is told apart from the same characters escaped or in a class', () => {
    for (const source of ['/\\(?=x/', '/[(?=]/', '/[(?<!]/', '/\\\\1/', '/\\x31/']) {
      expect(typeof parseMatcher(source)).toBe('object')
    }
  })
})

describe('a regular expression', () => {
  it.each([
    ['/"status":\\s*"UP"/', '{"status": "UP"}', '{"status": "DOWN"}'],
    ['/internal error/i', '<h1>Internal Error</h1>', '<h1>OK</h1>'],
    ['/^ok$/m', 'first\nok\nlast', 'first ok last'],
    ['/a.b/s', 'a\nb', 'a\n\nb'],
    ['/caf\\u00e9/', 'café', 'cafe'],
    ['/\\cJ/', 'line\n', 'line'],
    ['/(?<major>\\d+)\\.\\d+/', 'version 2.4', 'version 2'],
    ['/[^]x/', '\nx', 'x'],
    ['/\\bword\\b/', 'a word here', 'a wordy one'],
    ['/^SSH-2\\.0-/', 'SSH-2.0-OpenSSH_9.6', 'SSH-1.99-'],
    ['/[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}/', '123e4567-e89b-12d3-a456-426614174000', '123e4567'],
    ['/x/gy', 'a x', 'a']
  ])('%s matches as JavaScript would, every time', (source, yes, no) => {
    const found = matcher(source)
    const [, pattern, flags] = /^\/(.*)\/(\w*)$/s.exec(source)!
    const javascript = new RegExp(pattern, flags.replace(/[gy]/g, ''))
    expect([yes, yes, no].map(text => matches(found, text))).toEqual([true, true, false])
    expect([yes, no].map(text => javascript.test(text))).toEqual([true, false])
  })

  it('reads as written: the source and flags JavaScript gives it', () => {
    expect(matcher('/internal error/gi')).toEqual({ source: '/internal error/gi', regex: /internal error/i })
  })

  it('runs in linear time: 1 MiB that makes JavaScript backtrack for seconds takes milliseconds', () => {
    // Runs of 27 a's, each ended by a `!`: 2^27 ways to split each for /(a+)+$/ in a backtracking engine.
    const runs = ('a'.repeat(27) + '!').repeat(4).padStart(1024 * 1024, 'x')
    const started = performance.now()
    for (const source of ['/(a+)+$/', '/(a|aa)*b/', '/(a|a)*b/', '/^(\\w+\\s?)*$/']) {
      expect(matches(matcher(source), runs)).toBe(false)
    }
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
