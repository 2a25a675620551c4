import { describe, expect, it } from '@jest/globals'
import { parseDuration } from '../src/duration.js'

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
