// What upwatch prints is read by the runner for workflow commands: text from outside must never be one.
import { describe, expect, it } from '@jest/globals'
import { logLine, printable } from '../src/escape.js'
import * as log from '../src/log.js'
import { ConsoleNotifier } from '../src/notify/console.js'
import { commandsIn, parseCommand, runnerLines } from './support/runner.js'
import { printed } from './support/stdout.js'

/** Text that tries to be a command, each way the runner's rules allow. */
const HOSTILE = [
  '::error::at the start',
  '  ::error::after spaces',
  '\t::error::after a tab',
  '\u00a0\u3000::error::after Unicode spaces',
  '\u200b::error::after a zero-width space',
  ':\u200b:error::split by a zero-width space',
  '\ufeff::error::after a byte order mark',
  'a\n::error::after a line feed',
  'a\r::error::after a carriage return',
  'a\r\n::error::after both',
  'a\u2028::error::after a line separator',
  'a\u0085::error::after a next line',
  '##[error]legacy',
  'in the middle ##[add-mask]HTTP',
  '##[stop-commands]upwatch',
  '#\u200b#[error]split by a zero-width space',
  '#\u00ad#\u200d[error]split by a soft hyphen and a joiner',
  '###[error]three',
  '##[##[error]twice',
  '\u001b[31m##[error]after an escape code',
  '%0A::error::escaped by hand'
]

/** `"a\u200b"`: the text quoted, in ASCII, for a test's title. */
const ascii = (text: string) =>
  JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  )

/** The commands in stdout, and in their data, which the runner writes to the log. */
function commands(stdout: string): string[] {
  return commandsIn(stdout).flatMap(({ command, data }) => [
    command,
    ...runnerLines(data).flatMap(line => parseCommand(line)?.command ?? [])
  ])
}

describe('a line of the log', () => {
  it('shows control characters as escapes, on one line', () => {
    expect(printable('a\r\nb\tc\u001b[8md\u0085e\u2028f')).toBe('a\\r\\nb\\tc\\u001b[8md\\u0085e\\u2028f')
  })

  it('escapes the [ of ##[ and a leading ::, and nothing else', () => {
    expect(logLine('##[error]x')).toBe('##\\[error]x')
    expect(logLine('a ###[b] ##[##[c]')).toBe('a ###\\[b] ##\\[##\\[c]')
    expect(logLine('#\u200b#[error]x')).toBe('#\u200b#\\[error]x')
    expect(logLine('::error::x')).toBe('\\::error::x')
    expect(logLine('  :\u200b:error::x')).toBe('  \\:\u200b:error::x')
    expect(logLine('a\n::error::x')).toBe('a\\n::error::x')
    expect(logLine('🔴 DOWN  api  12 ms  HTTP 503  http://[::1]:8080/#[x]')).toBe(
      '🔴 DOWN  api  12 ms  HTTP 503  http://[::1]:8080/#[x]'
    )
  })

  it.each(HOSTILE.map(text => [ascii(text), text]))('is no command with %s in it', (_, text) => {
    expect(commands(printed(() => log.info(text)))).toEqual([])
    expect(commands(printed(() => log.debug(text)))).toEqual(['debug'])
    expect(commands(printed(() => log.warning(text)))).toEqual(['warning'])
    expect(commands(printed(() => log.fail(`Could not go on:\n${text}`)))).toEqual(['error'])
  })

  it("keeps a failure's own line breaks", () => {
    expect(printed(() => log.fail('targets.yml is not valid:\n  - line 2: ##[x]'))).toBe(
      '::error::targets.yml is not valid:%0A  - line 2: ##\\[x]\n'
    )
  })

  it('holds no command when the mail is printed instead of sent', () => {
    const hostile = HOSTILE.join('\n')
    const out = printed(
      () =>
        void new ConsoleNotifier().publish({
          subject: '[upwatch] DOWN: ##[error]api',
          body: `DOWN: ##[error]api\n  Reason:   ${hostile}\n`,
          kinds: ['DOWN']
        })
    )
    expect(commands(out)).toEqual([])
    expect(out).toContain('Subject: [upwatch] DOWN: ##\\[error]api\n')
  })
})
