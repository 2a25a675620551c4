// The history's arithmetic as tables with an injected clock, its encoding, and a 90-day simulation whose figures
// are checked to the second against the outages it was given.
import { describe, expect, it } from '@jest/globals'
import { type Window } from '../src/maintenance.js'
import { decodeHistory, encodeHistory, HISTORY_MAX_BYTES } from '../src/history/codec.js'
import { foldHistory } from '../src/history/fold.js'
import {
  DAY_MS,
  type History,
  HOUR_MS,
  MAX_REASON_CHARS,
  MAX_SAMPLE_MS,
  type SeenState
} from '../src/history/model.js'
import { SPANS, uptimes } from '../src/history/uptime.js'
import { pageModel } from '../src/page/model.js'
import { reconcile } from '../src/reconcile.js'
import { type Health, type StoredState } from '../src/state/model.js'
import { Random, SEED } from './support/random.js'
import { targetOf } from './support/targets.js'

const at = (iso: string) => Date.parse(iso)
const MIN = 60_000
const REASON = { up: 'HTTP 200', down: 'HTTP 503, expected 200-299', degraded: 'HTTP 200, slow: 1.2s' }
const seen = (state: Health, since: string): SeenState => ({ state, since, reason: REASON[state] })

/** Passes one after another: each [time, state before, state after, latency], folded from `start`. */
function folds(
  steps: [string, SeenState | undefined, SeenState, number?][],
  windows: Window[] = [],
  start?: History
) {
  return steps.reduce<History | undefined>(
    (history, [now, before, after, latencyMs]) =>
      foldHistory(history, { before, after, now: at(now), latencyMs }, windows),
    start
  )!
}

/** A history's days as a person reads the bars: date, then minutes down, degraded and in maintenance. */
const bars = (history: History) =>
  history.days.map(day => [
    new Date(day.day).toISOString().slice(0, 10),
    day.downSeconds / 60,
    day.degradedSeconds / 60,
    day.maintenanceSeconds / 60
  ])
/** The passes of runs that go on checking a steady target: one an hour from `from` to `to`, both included. */
function watched(from: string, to: string, state: SeenState): [string, SeenState, SeenState][] {
  const steps: [string, SeenState, SeenState][] = []
  for (let time = at(from); time <= at(to); time += HOUR_MS)
    steps.push([new Date(time).toISOString(), state, state])
  return steps
}

const incidents = (history: History) =>
  history.incidents.map(({ start, end, kind }) => [
    kind,
    new Date(start).toISOString(),
    end === undefined ? 'ongoing' : new Date(end).toISOString()
  ])

describe('the fold', () => {
  const up = seen('up', '2026-11-20T00:00:00Z')

  it('splits an outage at midnight, from its first failed check to its recovery', () => {
    const down = seen('down', '2026-11-28T23:30:00Z')
    const recovered = seen('up', '2026-11-29T01:15:00Z')
    const history = folds([
      ['2026-11-28T20:00:00Z', up, up],
      ['2026-11-29T00:10:00Z', up, down],
      ['2026-11-29T01:20:00Z', down, recovered]
    ])
    expect(bars(history)).toEqual([
      ['2026-11-28', 30, 0, 0],
      ['2026-11-29', 75, 0, 0]
    ])
    expect(incidents(history)).toEqual([['down', '2026-11-28T23:30:00.000Z', '2026-11-29T01:15:00.000Z']])
  })

  it('splits at the end of a month and of a year', () => {
    const history = folds([
      ['2026-12-31T21:00:00Z', up, up],
      ['2026-12-31T22:05:00Z', up, seen('down', '2026-12-31T22:00:00Z')],
      ['2027-01-01T02:00:00Z', seen('down', '2026-12-31T22:00:00Z'), seen('up', '2027-01-01T01:00:00Z')]
    ])
    expect(bars(history)).toEqual([
      ['2026-12-31', 120, 0, 0],
      ['2027-01-01', 60, 0, 0]
    ])
  })

  it('counts time inside a maintenance window as maintenance, neither up nor down', () => {
    const windows: Window[] = [
      { kind: 'once', from: at('2026-11-28T03:00:00Z'), to: at('2026-11-28T04:00:00Z') }
    ]
    const [first, down, back] = [
      seen('up', '2026-11-28T01:00:00Z'),
      seen('down', '2026-11-28T02:00:00Z'),
      seen('up', '2026-11-28T05:00:00Z')
    ]
    const history = folds(
      [
        ['2026-11-28T01:00:00Z', undefined, first],
        ['2026-11-28T02:00:00Z', first, down],
        ['2026-11-28T05:00:00Z', down, back],
        ['2026-11-28T06:00:00Z', back, back]
      ],
      windows
    )
    expect(bars(history)).toEqual([['2026-11-28', 120, 0, 60]])
    const [day] = uptimes(history, seen('up', '2026-11-28T05:00:00Z'), at('2026-11-28T06:00:00Z'), windows)
    // Known since the first check at 01:00: 5 hours, 1 of them maintenance, 2 of the other 4 down.
    expect([day.knownSeconds, day.downSeconds, day.percent]).toEqual([5 * 3600, 2 * 3600, 50])
  })

  it('keeps degraded time apart, and counts it as up', () => {
    const degraded = seen('degraded', '2026-11-28T10:00:00Z')
    const down = seen('down', '2026-11-28T11:00:00Z')
    const first = seen('up', '2026-11-28T09:00:00Z')
    const history = folds([
      ['2026-11-28T09:00:00Z', undefined, first],
      ['2026-11-28T10:05:00Z', first, degraded],
      ['2026-11-28T11:05:00Z', degraded, down],
      ['2026-11-28T11:30:00Z', down, seen('up', '2026-11-28T11:30:00Z')],
      ['2026-11-28T13:00:00Z', up, up]
    ])
    expect(bars(history)).toEqual([['2026-11-28', 30, 60, 0]])
    expect(incidents(history)).toEqual([
      ['degraded', '2026-11-28T10:00:00.000Z', '2026-11-28T11:00:00.000Z'],
      ['down', '2026-11-28T11:00:00.000Z', '2026-11-28T11:30:00.000Z']
    ])
    // Known for 4 hours: 1 degraded, which counts as up, and half an hour down.
    const [day] = uptimes(history, seen('up', '2026-11-28T11:30:00Z'), at('2026-11-28T13:00:00Z'), [])
    expect([day.degradedSeconds, day.downSeconds, day.percent]).toEqual([3600, 1800, 87.5])
  })

  it('gives the new state the time from its first failed check, when the streak that confirmed it wrote first', () => {
    // A failure threshold of 3: the first two failed passes write their count with the state still up.
    const history = folds([
      ['2026-11-28T10:00:00Z', up, up],
      ['2026-11-28T10:05:00Z', up, up],
      ['2026-11-28T10:10:00Z', up, up],
      ['2026-11-28T10:15:00Z', up, seen('down', '2026-11-28T10:05:00Z')]
    ])
    expect(bars(history)).toEqual([['2026-11-28', 10, 0, 0]])
  })

  it('knows nothing before the first check of a target never seen, and dates its outage from that check', () => {
    const assumed: SeenState = { state: 'up', assumed: true }
    const history = folds([
      ['2026-11-28T10:00:00Z', undefined, assumed],
      ['2026-11-28T10:05:00Z', assumed, assumed],
      ['2026-11-28T10:10:00Z', assumed, seen('down', '2026-11-28T10:00:00Z')]
    ])
    expect([history.knownSince, bars(history)]).toEqual([
      at('2026-11-28T10:00:00Z'),
      [['2026-11-28', 10, 0, 0]]
    ])
    const firstUp = folds([['2026-11-28T10:00:00Z', undefined, seen('up', '2026-11-28T10:00:00Z')]])
    expect([firstUp.knownSince, firstUp.days]).toEqual([at('2026-11-28T10:00:00Z'), []])
  })

  it('starts the history of a target already watched when its state began, at most 90 days back', () => {
    const down = seen('down', '2026-11-28T06:00:00Z')
    const history = folds([['2026-11-28T09:00:00Z', down, down]])
    expect([bars(history), incidents(history)]).toEqual([
      [['2026-11-28', 180, 0, 0]],
      [['down', '2026-11-28T06:00:00.000Z', 'ongoing']]
    ])
    const long = folds([
      ['2026-11-28T09:00:00Z', seen('up', '2025-01-01T00:00:00Z'), seen('up', '2025-01-01T00:00:00Z')]
    ])
    expect(long.knownSince).toBe(at('2026-11-28T09:00:00Z') - 91 * DAY_MS)
  })

  it('takes no time back when the clock is behind the history', () => {
    const first = seen('up', '2026-11-28T08:00:00Z')
    const before = folds([
      ['2026-11-28T08:00:00Z', undefined, first],
      ['2026-11-28T10:00:00Z', first, first]
    ])
    const skewed = folds([['2026-11-28T09:00:00Z', first, first]], [], before)
    expect(skewed).toEqual(before)
    const down = seen('down', '2026-11-28T10:20:00Z')
    const later = folds([['2026-11-28T10:30:00Z', first, down]], [], skewed)
    expect([later.knownSince, bars(later)]).toEqual([at('2026-11-28T08:00:00Z'), [['2026-11-28', 10, 0, 0]]])
  })

  it('drops days and incidents older than 90 days', () => {
    const down = seen('down', '2026-08-01T10:00:00Z')
    const recovered = seen('up', '2026-08-01T11:00:00Z')
    const old = folds([
      ['2026-08-01T09:00:00Z', up, up],
      ['2026-08-01T10:05:00Z', up, down],
      ['2026-08-01T11:05:00Z', down, recovered]
    ])
    // Runs go on checking it, and a steady target's item is written at least once an hour.
    const kept = folds(watched('2026-08-01T12:00:00Z', '2026-10-29T12:00:00Z', recovered), [], old)
    expect(bars(kept)).toEqual([['2026-08-01', 60, 0, 0]])
    const expired = folds(watched('2026-10-29T13:00:00Z', '2026-10-31T12:00:00Z', recovered), [], kept)
    expect([expired.days, expired.incidents, expired.incidentsSince]).toEqual([
      [],
      [],
      at('2026-08-01T11:00:00Z')
    ])
  })

  it('keeps one latency sample an hour, the first, for the last 24 hours, and sums up each day', () => {
    const hours = (n: number) => new Date(at('2026-11-28T00:30:00Z') + n * HOUR_MS).toISOString()
    const steps: [string, SeenState, SeenState, number][] = []
    for (let hour = 0; hour < 24; hour += 1) steps.push([hours(hour), up, up, 100 + hour * 10])
    steps.push([hours(23).replace(':30:', ':45:'), up, up, 9999])
    const day = folds(steps)
    expect(day.hourly).toEqual(Array.from({ length: 24 }, (_, hour) => 100 + hour * 10))
    // 24 samples, 100 to 330 ms: average 215, and the 23rd of 24 is the nearest rank of the 95th percentile.
    expect(day.days.map(each => each.latency)).toEqual([{ averageMs: 215, p95Ms: 320 }])
    const next = folds([[hours(26), up, up, 500]], [], day)
    expect(next.hourly).toEqual([null, null, 500, ...day.hourly.slice(3)])
    expect(next.days.map(each => each.latency)).toEqual([
      { averageMs: 215, p95Ms: 320 },
      { averageMs: 500, p95Ms: 500 }
    ])
    const slow = folds([[hours(27), up, up, 1e9]], [], next)
    expect(slow.hourly[3]).toBe(MAX_SAMPLE_MS)
  })

  it('cuts a long reason, and a reason of many code points without splitting one', () => {
    const reason = '😀'.repeat(200)
    const history = folds([['2026-11-28T10:00:00Z', up, { ...seen('down', '2026-11-28T10:00:00Z'), reason }]])
    const kept = history.incidents[0].reason
    expect([Array.from(kept).length, kept.endsWith('😀…')]).toEqual([MAX_REASON_CHARS, true])
  })
})

describe('a gap no run watched', () => {
  const up = seen('up', '2026-11-20T00:00:00Z')
  const down = seen('down', '2026-11-20T10:00:00Z')
  const wentDown = folds([
    ...watched('2026-11-20T00:00:00Z', '2026-11-20T09:00:00Z', up),
    ['2026-11-20T10:00:00Z', up, down]
  ])
  const back = seen('up', '2026-11-22T10:00:00Z')
  const short = (instant: number) => new Date(instant).toISOString().slice(5, 16)

  it.each([
    // [case, next pass, what it stores, [day, seconds down, unwatched], incidents]
    [
      'of 6 hours is watched: the state is kept',
      '2026-11-20T16:00:00Z',
      down,
      [['2026-11-20', 6 * 3600, 0]],
      [['down', '11-20T10:00', 'ongoing']]
    ],
    [
      'of 6 hours and 1 s is not: the incident ends when last seen, and one begins when seen again',
      '2026-11-20T16:00:01Z',
      down,
      [['2026-11-20', 0, 6 * 3600 + 1]],
      [
        ['down', '11-20T10:00', '11-20T10:00'],
        ['down', '11-20T16:00', 'ongoing']
      ]
    ],
    [
      'of 2 days, back up after it, is neither up nor down',
      '2026-11-22T10:00:00Z',
      back,
      [
        ['2026-11-20', 0, 14 * 3600],
        ['2026-11-21', 0, 24 * 3600],
        ['2026-11-22', 0, 10 * 3600]
      ],
      [['down', '11-20T10:00', '11-20T10:00']]
    ]
  ])('%s', (_, now, after, days, expected) => {
    const history = foldHistory(wentDown, { before: down, after, now: at(now) }, [])
    expect(
      history.days.map(day => [
        new Date(day.day).toISOString().slice(0, 10),
        day.downSeconds,
        day.unwatchedSeconds ?? 0
      ])
    ).toEqual(days)
    expect(
      history.incidents.map(({ kind, start, end }) => [
        kind,
        short(start),
        end === undefined ? 'ongoing' : short(end)
      ])
    ).toEqual(expected)
    expect(decodeHistory(encodeHistory(history))).toEqual({ history, faults: [] })
  })

  it('is not known time: the figures count the 10 hours watched, and the page shows the gap as no data', () => {
    const history = foldHistory(wentDown, { before: down, after: back, now: at('2026-11-22T10:00:00Z') }, [])
    const [day, week] = uptimes(history, back, at('2026-11-22T10:00:00Z'), [])
    expect([day.knownSeconds, day.percent]).toEqual([0, null])
    expect([week.knownSeconds, week.downSeconds, week.percent]).toEqual([10 * 3600, 0, 100])
    const target = targetOf('  - { name: api, url: "https://api.example.com/health" }')
    const page = pageModel([{ target, state: back, history }], at('2026-11-22T10:00:00Z'), {
      details: false,
      title: 'acme/site'
    })
    const { knownSeconds, percent } = page.targets[0].days
    expect([-3, -2, -1].map(index => [knownSeconds.at(index), percent.at(index)])).toEqual([
      [10 * 3600, 100],
      [0, null],
      [0, null]
    ])
  })

  it('gives a state confirmed after the gap no time in it, even when its streak began before', () => {
    const failing = folds([['2026-11-20T10:05:00Z', down, down]], [], wentDown)
    const after = folds([['2026-11-21T10:00:00Z', down, down]], [], failing)
    const confirmed = foldHistory(
      after,
      { before: down, after: seen('up', '2026-11-20T10:05:00Z'), now: at('2026-11-21T10:05:00Z') },
      []
    )
    expect(confirmed.days.map(day => [day.downSeconds, day.unwatchedSeconds ?? 0])).toEqual([
      [300, 14 * 3600 - 300],
      [0, 10 * 3600]
    ])
  })
})

describe('uptime over rolling spans', () => {
  const up = seen('up', '2026-11-01T00:00:00Z')
  it('counts the part of a day a 24-hour span holds from the incidents, to the second', () => {
    const history = folds([
      ...watched('2026-11-27T00:00:00Z', '2026-11-27T07:00:00Z', up),
      ['2026-11-27T08:00:07Z', up, seen('down', '2026-11-27T08:00:00Z')],
      ...watched('2026-11-27T09:00:00Z', '2026-11-27T13:00:00Z', seen('down', '2026-11-27T08:00:00Z')),
      ['2026-11-27T15:00:00Z', seen('down', '2026-11-27T08:00:00Z'), seen('up', '2026-11-27T14:00:00Z')],
      ...watched('2026-11-27T16:00:00Z', '2026-11-28T06:00:00Z', seen('up', '2026-11-27T14:00:00Z'))
    ])
    // At 12:00 on the 28th, the last 24 hours began at 12:00 on the 27th: 2 of the 6 hours down are in them.
    const [day, week] = uptimes(history, seen('up', '2026-11-27T14:00:00Z'), at('2026-11-28T12:00:00Z'), [])
    expect([day.knownSeconds, day.downSeconds, day.exact, day.incidents.length]).toEqual([
      86400,
      7200,
      true,
      1
    ])
    expect([week.knownSeconds, week.downSeconds, week.exact]).toEqual([7 * 86400, 6 * 3600, true])
  })

  it('adds the time since the last fold to the current state', () => {
    const down = seen('down', '2026-11-28T10:00:00Z')
    const history = folds([['2026-11-28T10:00:00Z', up, down]])
    const [day] = uptimes(history, down, at('2026-11-28T10:45:00Z'), [])
    expect([day.downSeconds, day.incidents.map(each => each.end)]).toEqual([45 * 60, [undefined]])
  })

  it('says a figure is not exact when the incidents of the day it starts in were dropped to fit', () => {
    // An outage of 10 minutes every half hour for two days, with long reasons: more incidents than fit.
    let history = folds([['2026-11-26T00:00:00Z', up, up]])
    let state = up
    for (let half = 0; half < 96; half += 1) {
      const start = at('2026-11-26T00:00:00Z') + (half * HOUR_MS) / 2
      const down = { ...seen('down', new Date(start).toISOString()), reason: 'x'.repeat(MAX_REASON_CHARS) }
      const back = seen('up', new Date(start + 10 * MIN).toISOString())
      history = foldHistory(history, { before: state, after: down, now: start }, [])
      history = foldHistory(history, { before: down, after: back, now: start + 10 * MIN }, [])
      state = back
    }
    expect(history.incidentsSince).toBeGreaterThan(at('2026-11-27T00:00:00Z'))
    const [day, week] = uptimes(history, state, at('2026-11-27T23:55:00Z'), [])
    // The last 5 minutes of the 26th get their share of the day's 8 hours down: 100 s, where there were none.
    expect([day.downSeconds, day.exact]).toEqual([48 * 10 * 60 + 100, false])
    // The 20th, where the week starts, had nothing down: its share is exact.
    expect([week.downSeconds, week.exact]).toEqual([96 * 10 * 60, true])
  })
})

describe('the encoding', () => {
  /** The largest history the fold can make: every field of every day at its widest, and long reasons. */
  function worstCase(): History {
    const now = at('2026-11-28T23:59:59Z')
    const days = Array.from({ length: 91 }, (_, index) => ({
      day: now - (now % DAY_MS) - (90 - index) * DAY_MS,
      downSeconds: 46_656, // the first count with 4 digits in base 36; the others are what is left of the day
      degradedSeconds: 20_000,
      maintenanceSeconds: index === 90 ? 19_743 : 19_744, // the day of `at` has one second less
      latency: { averageMs: MAX_SAMPLE_MS, p95Ms: MAX_SAMPLE_MS }
    }))
    const incidents = Array.from({ length: 60 }, (_, index) => ({
      start: now - (60 - index) * HOUR_MS,
      end: now - (60 - index) * HOUR_MS + 30 * MIN,
      kind: 'down' as const,
      reason: 'x'.repeat(MAX_REASON_CHARS)
    }))
    return {
      at: now,
      knownSince: now - 91 * DAY_MS,
      days,
      hourly: Array<number>(24).fill(MAX_SAMPLE_MS),
      incidents,
      incidentsSince: now - 91 * DAY_MS
    }
  }

  it('keeps the worst case well under 3 KB, with the newest incidents that fit', () => {
    const text = encodeHistory(worstCase())
    const { history, faults } = decodeHistory(text)
    expect(faults).toEqual([])
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(HISTORY_MAX_BYTES)
    expect(history!.incidents.length).toBeGreaterThanOrEqual(3)
    expect(history!.incidents.at(-1)).toEqual(worstCase().incidents.at(-1))
    expect(history!.incidentsSince).toBe(history!.incidents[0].start - 30 * MIN)
  })

  it('reads back what it wrote, open incidents and hours without samples too', () => {
    const up = seen('up', '2026-11-28T00:00:00Z')
    const down = { ...seen('down', '2026-11-28T10:00:00Z'), reason: 'HTTP 503 | "quoted" . 1.2.D.3.x 😀' }
    const history = folds([
      ['2026-11-28T09:00:00Z', up, up, 120],
      ['2026-11-28T10:00:00Z', up, down, 0]
    ])
    expect(decodeHistory(encodeHistory(history))).toEqual({ history, faults: [] })
  })

  it('reads back random histories made by random passes', () => {
    for (let index = 0; index < 200; index += 1) {
      const random = new Random(SEED, index)
      let history: History | undefined
      let before: SeenState | undefined
      let now = at('2026-09-01T00:00:00Z')
      const windows: Window[] = [
        { kind: 'weekly', days: ['sun'], startMinute: 60, durationMinutes: 300, timeZone: 'Europe/Berlin' }
      ]
      for (let step = random.int(1, 60); step > 0; step -= 1) {
        now += random.int(0, 3 * DAY_MS)
        const state = random.pick(['up', 'down', 'degraded'] as const)
        const after: SeenState =
          random.chance(0.5) && before !== undefined
            ? before
            : {
                state,
                since: new Date(now - random.int(0, HOUR_MS)).toISOString(),
                reason: random.string(120)
              }
        const latencyMs = random.chance(0.7) ? random.int(0, 2 * MAX_SAMPLE_MS) : undefined
        history = foldHistory(history, { before, after, now, latencyMs }, windows)
        before = after
      }
      const text = encodeHistory(history!)
      expect({ index, ...decodeHistory(text) }).toEqual({ index, history, faults: [] })
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(HISTORY_MAX_BYTES)
    }
  })

  it.each([
    ['not text', 42, 'history is number, not text'],
    ['another version', '2|abc', 'history is of version "2", not 1'],
    ['too few parts', '1|abc|', 'history has fewer than 7 parts'],
    ['a number that is not one', '1|-5||0||||', 'history at has "-5", not a count in base 36'],
    [
      'a day with more than is known',
      '1|tp7ig0|1|0|..zzz|||',
      'history day 2026-11-28 counts 46655 s down, degraded, in maintenance or unwatched, more than the 1 s known'
    ],
    ['an incident cut short', '1|tp7ig0||0|||5.1.D.9.abc', 'history incident 1 is cut short'],
    ['an incident of no kind', '1|tp7ig0||0|||5.1.X.0.', 'history incident 1 is of kind "X", not D or G'],
    [
      'an incident that ends in the future',
      '1|tp7ig0||0|||5.6.D.0.',
      "history incident 1 ends after the history's time"
    ],
    [
      'incidents out of order',
      '1|tp7ig0||0|||5..D.0.9.1.D.0.',
      'history incident 2 starts before the one before it ends'
    ],
    [
      'too large',
      `1|${'x'.repeat(HISTORY_MAX_BYTES)}`,
      `history takes ${HISTORY_MAX_BYTES + 2} bytes, more than ${HISTORY_MAX_BYTES}`
    ]
  ])('tells what is wrong with %s, and gives no history', (_, stored, fault) => {
    expect(decodeHistory(stored)).toEqual({ faults: [fault] })
  })

  it('never throws, whatever the text', () => {
    const valid = encodeHistory(
      folds([
        ['2026-11-28T09:00:00Z', seen('up', '2026-11-01T00:00:00Z'), seen('up', '2026-11-01T00:00:00Z'), 80],
        ['2026-11-28T10:00:00Z', seen('up', '2026-11-01T00:00:00Z'), seen('down', '2026-11-28T10:00:00Z'), 90]
      ])
    )
    for (let index = 0; index < 2000; index += 1) {
      const random = new Random(SEED, index)
      const position = random.int(0, valid.length)
      const garbled =
        index % 2 === 0
          ? valid.slice(0, position) +
            random.string(4, '|.,0129azD-G ') +
            valid.slice(position + random.int(0, 3))
          : random.string(60)
      const { history, faults } = decodeHistory(garbled)
      expect(history === undefined).toBe(faults.length > 0)
      if (history !== undefined) expect(decodeHistory(encodeHistory(history)).faults).toEqual([])
    }
  })
})

describe('a simulation of 95 days', () => {
  // A pass every 5 minutes (plus up to a minute late), through reconcile as a pass runs it, with a failure
  // threshold of 3 and a success threshold of 2; the item (state and encoded history) written only when reconcile
  // writes or the hour has turned, and read back before the next pass.
  const START = at('2026-08-20T00:00:00Z')
  const DAYS = 95
  const window = { from: at('2026-10-10T01:00:00Z'), to: at('2026-10-10T05:00:00Z') }
  const windows: Window[] = [{ kind: 'once', ...window }]
  /** What the target does: [from, to, health] (up otherwise). */
  const episodes: [string, string, Health][] = [
    ['2026-08-21T03:00:00Z', '2026-08-21T04:10:00Z', 'down'], // expires before the end
    ['2026-09-05T23:20:00Z', '2026-09-06T02:00:00Z', 'down'], // across midnight
    ['2026-09-30T22:00:00Z', '2026-10-01T01:00:00Z', 'degraded'], // across a month's end
    ['2026-10-10T00:00:00Z', '2026-10-10T03:00:00Z', 'down'], // into the maintenance window
    ['2026-10-20T12:00:00Z', '2026-10-20T12:03:00Z', 'down'], // one failed pass at most: no outage
    ['2026-11-01T08:00:00Z', '2026-11-03T08:00:00Z', 'down'], // two days
    ['2026-11-20T10:00:00Z', '2026-11-20T11:30:00Z', 'degraded'],
    ['2026-11-22T21:00:00Z', '2026-11-23T09:00:00Z', 'down']
  ]
  const healthAt = (time: number): Health =>
    episodes.find(([from, to]) => time >= at(from) && time < at(to))?.[2] ?? 'up'

  const random = new Random(SEED)
  const passes: number[] = []
  for (let slot = START; slot < START + DAYS * DAY_MS; slot += 5 * MIN)
    passes.push(slot + random.int(0, 59) * 1000)

  /** The outages as the checks saw them: from the first pass inside an episode to the first pass after it. */
  const outages = episodes.flatMap(([from, to, health]) => {
    const inside = passes.filter(time => time >= at(from) && time < at(to))
    if (inside.length < 3) return []
    return [{ health, start: inside[0], end: passes.find(time => time >= at(to))! }]
  })
  const overlap = (a: number, b: number, c: number, d: number) => Math.max(0, Math.min(b, d) - Math.max(a, c))
  /** Time of [from, to) outside the maintenance window (ms). */
  const outside = (from: number, to: number) => to - from - overlap(from, to, window.from, window.to)

  function expected(now: number, span: number) {
    const from = Math.max(now - span, passes[0])
    const time = (health: Health) =>
      outages
        .filter(outage => outage.health === health)
        .reduce((sum, outage) => {
          const [start, end] = [Math.max(outage.start, from), Math.min(outage.end, now)]
          return start < end ? sum + outside(start, end) : sum
        }, 0) / 1000
    const knownSeconds = (now - from) / 1000
    const maintenanceSeconds = overlap(from, now, window.from, window.to) / 1000
    const downSeconds = time('down')
    const inSpan = outages.filter(outage => outage.start < now && outage.end > now - span)
    return {
      knownSeconds,
      maintenanceSeconds,
      downSeconds,
      degradedSeconds: time('degraded'),
      percent:
        ((knownSeconds - maintenanceSeconds - downSeconds) / (knownSeconds - maintenanceSeconds)) * 100,
      incidents: inSpan.map(outage => [
        outage.health,
        outage.start,
        outage.end <= now ? outage.end : 'ongoing'
      ])
    }
  }

  it('gives figures equal to the outages it was given, to the second, every day at noon', () => {
    const policy = { failureThreshold: 3, successThreshold: 2, notifyDegraded: true, maintenance: windows }
    let stored: StoredState | undefined
    /** The history as read back from the item written last. */
    let previous: History | undefined
    let writes = 0
    const checked: string[] = []
    for (const now of passes) {
      const health = healthAt(now)
      const checkedAt = new Date(now).toISOString()
      const observation = {
        name: 'api',
        url: 'https://api.example',
        health,
        reason: REASON[health],
        checkedAt
      }
      const decision = reconcile(stored, observation, policy, { now: checkedAt, runId: 'run', leaseMs: MIN })
      const hourTurned =
        previous === undefined || Math.floor(previous.at / HOUR_MS) < Math.floor(now / HOUR_MS)
      if (decision.write || hourTurned) {
        const latencyMs = health === 'down' ? undefined : 80 + (now % 40)
        const next = foldHistory(
          previous,
          { before: decision.previous, after: decision.next, latencyMs, now },
          windows
        )
        const item = encodeHistory(next)
        expect(decodeHistory(item)).toEqual({ history: next, faults: [] })
        previous = decodeHistory(item).history
        stored = { ...decision.next, pending: {}, version: (stored?.version ?? 0) + 1 }
        writes += 1
      }
      const noon = new Date(now).toISOString().slice(11, 16) === '12:00'
      if (!noon) continue
      const figures = uptimes(previous, stored!, now, windows)
      for (const figure of figures) {
        const { incidents, ...counts } = expected(now, SPANS[figure.span])
        expect({ at: checkedAt, ...figure }).toEqual({
          at: checkedAt,
          span: figure.span,
          ...counts,
          percent: expect.closeTo(counts.percent, 10),
          exact: true,
          incidents: incidents.map(([kind, start, end]) => ({
            start,
            ...(end === 'ongoing' ? {} : { end }),
            kind,
            reason: REASON[kind as Health]
          }))
        })
      }
      checked.push(checkedAt)
    }
    expect([checked.length, writes > DAYS * 24, writes < DAYS * 24 + 100]).toEqual([DAYS, true, true])
  })
})
