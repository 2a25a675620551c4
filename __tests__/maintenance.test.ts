import { describe, expect, it, jest } from '@jest/globals'
import { inWindow, isTimeZone, maintenanceMs, type Window } from '../src/maintenance.js'

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

describe('time inside maintenance windows', () => {
  const HOUR = 3_600_000
  const once = (from: string, to: string): Window => ({ kind: 'once', from: at(from), to: at(to) })
  const weekly = (
    days: Extract<Window, { kind: 'weekly' }>['days'],
    start: string,
    hours: number,
    timeZone: string
  ) => {
    const [h, m] = start.split(':').map(Number)
    return { kind: 'weekly', days, startMinute: h * 60 + m, durationMinutes: hours * 60, timeZone } as Window
  }
  /** The same measure the slow way: inWindow asked at every minute (windows start and end on whole minutes). */
  const byMinute = (windows: Window[], from: number, to: number) => {
    let inside = 0
    for (let minute = from; minute < to; minute += 60_000) if (inWindow(windows, minute)) inside += 60_000
    return inside
  }

  it.each([
    // [case, windows, from, to, hours inside]
    ['no window', [], '2026-12-01T00:00Z', '2026-12-02T00:00Z', 0],
    [
      'a once window inside',
      [once('2026-12-01T02:00Z', '2026-12-01T04:00Z')],
      '2026-12-01T00:00Z',
      '2026-12-02T00:00Z',
      2
    ],
    [
      'a once window cut by the start',
      [once('2026-11-30T23:00Z', '2026-12-01T01:30Z')],
      '2026-12-01T00:00Z',
      '2026-12-02T00:00Z',
      1.5
    ],
    [
      'a once window outside',
      [once('2026-12-03T00:00Z', '2026-12-04T00:00Z')],
      '2026-12-01T00:00Z',
      '2026-12-02T00:00Z',
      0
    ],
    [
      'overlapping windows counted once',
      [
        once('2026-12-01T02:00Z', '2026-12-01T05:00Z'),
        once('2026-12-01T04:00Z', '2026-12-01T06:00Z'),
        weekly(['tue'], '05:30', 2, 'UTC')
      ],
      '2026-12-01T00:00Z',
      '2026-12-02T00:00Z',
      5.5
    ],
    [
      'a weekly window, Berlin winter (UTC+1)',
      [weekly(['sun'], '02:00', 2, 'Europe/Berlin')],
      '2026-11-29T00:00Z',
      '2026-11-29T02:00Z',
      1
    ],
    [
      'Berlin, the clock springs forward: 02:00 to 03:00 never happens',
      [weekly(['sun'], '02:00', 2, 'Europe/Berlin')],
      '2026-03-28T12:00Z',
      '2026-03-29T12:00Z',
      1
    ],
    [
      'Berlin, the clock falls back: 02:00 to 03:00 happens twice',
      [weekly(['sun'], '02:00', 2, 'Europe/Berlin')],
      '2026-10-24T12:00Z',
      '2026-10-25T12:00Z',
      3
    ],
    [
      'New York, springs forward',
      [weekly(['sun'], '01:00', 2, 'America/New_York')],
      '2026-03-08T00:00Z',
      '2026-03-09T00:00Z',
      1
    ],
    [
      'New York, falls back',
      [weekly(['sun'], '01:00', 2, 'America/New_York')],
      '2026-11-01T00:00Z',
      '2026-11-02T00:00Z',
      3
    ],
    [
      'a window across the end of the week',
      [weekly(['sat'], '23:00', 3, 'UTC')],
      '2026-11-29T00:00Z',
      '2026-11-30T00:00Z',
      2
    ],
    [
      'every day, for a week',
      [weekly(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], '00:00', 1, 'UTC')],
      '2026-11-29T00:00Z',
      '2026-12-06T00:00Z',
      7
    ],
    ['an empty interval', [weekly(['sun'], '00:00', 24, 'UTC')], '2026-11-29T05:00Z', '2026-11-29T05:00Z', 0],
    [
      'an interval that ends before it starts',
      [weekly(['sun'], '00:00', 24, 'UTC')],
      '2026-11-29T05:00Z',
      '2026-11-29T04:00Z',
      0
    ]
  ] as [string, Window[], string, string, number][])('%s', (_, windows, from, to, hours) => {
    expect(maintenanceMs(windows, at(from), at(to)) / HOUR).toBe(hours)
  })

  it.each([
    ['Europe/Berlin', '2026-03-27T00:00Z'],
    ['Europe/Berlin', '2026-10-23T00:00Z'],
    ['America/New_York', '2026-03-06T00:00Z'],
    ['America/New_York', '2026-10-30T00:00Z'],
    // Half an hour back on the first Sunday of April.
    ['Australia/Lord_Howe', '2026-04-03T00:00Z']
  ])(
    'agrees with inWindow at every minute of four days around a clock change, %s from %s',
    (timeZone, from) => {
      const windows = [
        weekly(['sun'], '01:30', 2, timeZone),
        weekly(['sat', 'sun'], '23:00', 4.5, timeZone),
        weekly(['fri'], '12:00', 30, timeZone)
      ]
      // Odd ends, so that cuts fall inside windows too.
      const [start, end] = [at(from) + 7 * 60_000, at(from) + 4 * 24 * HOUR - 13 * 60_000]
      expect(maintenanceMs(windows, start, end)).toBe(byMinute(windows, start, end))
    }
  )
})

describe('time zones', () => {
  it('knows UTC without asking Intl, IANA names and their case by asking it, and nothing made up', () => {
    const asked = jest.spyOn(Intl, 'DateTimeFormat')
    try {
      expect(isTimeZone('UTC')).toBe(true)
      expect(asked).not.toHaveBeenCalled()
    } finally {
      asked.mockRestore()
    }
    expect(['UTC', 'Europe/Berlin', 'america/new_york', 'utc'].map(isTimeZone)).toEqual([
      true,
      true,
      true,
      true
    ])
    expect(['Mars/Olympus_Mons', 'UTC+2', '', 'Europe/Berlin '].map(isTimeZone)).toEqual([
      false,
      false,
      false,
      false
    ])
  })
})
