import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { NUMBER_LIMIT, parseDuration, TIMER_LIMIT, WEEK_LIMIT } from '../src/duration.js'

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['6h', 21_600_000],
    ['14d', 1_209_600_000]
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it.each(['10', 's', '10 sec', '-1s', ''])('rejects %j with what to write instead', text => {
    expect(() => parseDuration(text)).toThrow('write a number and a unit, such as 500ms, 10s, 5m, 6h or 14d')
  })
})

describe('the limits of durations', () => {
  it.each([TIMER_LIMIT, WEEK_LIMIT, NUMBER_LIMIT])(
    'suggest a duration within $ms ms, the whole days in it',
    limit => {
      const written = parseDuration(limit.written)
      expect(written).toBeLessThanOrEqual(limit.ms)
      expect(written + parseDuration('1d')).toBeGreaterThan(limit.ms)
    }
  )

  it("hold the timer's limit: Node takes a timer that long, and fires a longer one at once, with a warning", () => {
    const warning = (ms: number) =>
      spawnSync(process.execPath, ['-e', `clearTimeout(setTimeout(() => {}, ${ms}))`], { encoding: 'utf8' })
        .stderr
    expect(warning(TIMER_LIMIT.ms)).toBe('')
    expect(warning(TIMER_LIMIT.ms + 1)).toContain(
      `TimeoutOverflowWarning: ${TIMER_LIMIT.ms + 1} does not fit into a 32-bit signed integer.`
    )
  })
})
