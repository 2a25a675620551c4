import { describe, expect, it } from '@jest/globals'
import { formatDuration, isoTime } from '../src/format.js'

describe('text for people', () => {
  it.each([
    [250, '250ms'],
    [1500, '1.5s'],
    [1050, '1s'],
    [9990, '9.9s'],
    [10_000, '10s'],
    [90_000, '1m 30s'],
    [3_600_000, '1h'],
    [3_601_000, '1h'],
    [4_323_000, '1h 12m'],
    [97_200_000, '1d 3h']
  ])('formats %d ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text))

  it('writes times in UTC to the second', () => {
    expect(isoTime('2026-11-28T21:15:03.456+01:00')).toBe('2026-11-28T20:15:03Z')
  })
})
