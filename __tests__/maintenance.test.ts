import { describe, expect, it } from '@jest/globals'
import { inWindow, type Window } from '../src/maintenance.js'

const at = (iso: string) => Date.parse(iso)

describe('maintenance windows', () => {
  it('holds a one-off window from its start up to, not including, its end', () => {
    const once: Window[] = [
      { kind: 'once', from: at('2026-12-01T02:00:00Z'), to: at('2026-12-01T04:00:00Z') }
    ]
    expect(
      ['2026-12-01T01:59:59Z', '2026-12-01T02:00:00Z', '2026-12-01T03:59:59Z', '2026-12-01T04:00:00Z'].map(
        time => inWindow(once, at(time))
      )
    ).toEqual([false, true, true, false])
  })

  it('reads a weekly window in its own time zone, summer and winter', () => {
    // Sundays 02:00 to 04:00 in Berlin: UTC+1 in winter, UTC+2 in summer.
    const weekly: Window[] = [
      { kind: 'weekly', days: ['sun'], startMinute: 120, durationMinutes: 120, timeZone: 'Europe/Berlin' }
    ]
    expect(
      [
        '2026-11-29T00:59:00Z', // Sunday 01:59 in Berlin
        '2026-11-29T01:00:00Z', // 02:00
        '2026-11-29T02:59:00Z', // 03:59
        '2026-11-29T03:00:00Z', // 04:00
        '2026-07-05T00:30:00Z', // a summer Sunday, 02:30
        '2026-07-05T02:30:00Z', // 04:30
        '2026-11-28T01:30:00Z' // a Saturday, 02:30
      ].map(time => inWindow(weekly, at(time)))
    ).toEqual([false, true, true, false, true, false, false])
  })

  it('runs a weekly window past midnight, and past the end of the week', () => {
    const late: Window[] = [
      { kind: 'weekly', days: ['sat'], startMinute: 23 * 60, durationMinutes: 180, timeZone: 'UTC' }
    ]
    expect(
      ['2026-11-28T22:59:00Z', '2026-11-28T23:30:00Z', '2026-11-29T01:59:00Z', '2026-11-29T02:00:00Z'].map(
        time => inWindow(late, at(time))
      )
    ).toEqual([false, true, true, false])
  })
})
