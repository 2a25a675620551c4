// How a run kept to its timetable, from its event and its start: pure, the times given by the test.
import { describe, expect, it } from '@jest/globals'
import { metricsOf } from '../src/report/metrics.js'
import { eventOf } from '../src/schedule/event.js'
import { gapOf, latenessOf, type Punctuality, punctualityLine } from '../src/schedule/punctuality.js'

const START = Date.parse('2026-11-30T10:37:13.480Z')

describe('the lateness of a run its schedule started', () => {
  it('counts whole seconds from the latest time the cron names at or before the start', () => {
    expect(latenessOf('*/5 * * * *', START)).toEqual({
      cron: '*/5 * * * *',
      at: Date.parse('2026-11-30T10:35:00Z'),
      lateSeconds: 133
    })
    expect(latenessOf('0 10 * * *', START)).toMatchObject({ lateSeconds: 37 * 60 + 13 })
  })

  it('is the time since the latest tick for a run later than a period: nothing tells which tick it was for', () => {
    expect(latenessOf('*/5 * * * *', Date.parse('2026-11-30T11:41:00Z'))).toMatchObject({ lateSeconds: 60 })
  })

  it('is a reason, not a number, for a cron that cannot be read or names no time', () => {
    expect(latenessOf('L * * * *', START)).toBe(
      'The schedule "L * * * *" cannot be read: the minute "L" names a value outside 0-59.'
    )
    expect(latenessOf('0 0 31 2 *', START)).toBe(
      'The schedule "0 0 31 2 *" names no time in the 8 years before this run.'
    )
  })
})

describe('the gap since the previous run', () => {
  it('is the whole seconds between the starts, when the previous one came first', () => {
    expect(gapOf('2026-11-30T10:32:03.000Z', START)).toBe(310)
    expect(gapOf(undefined, START)).toBeUndefined()
    expect(gapOf('2026-11-30T10:37:13.480Z', START)).toBeUndefined()
    expect(gapOf('2026-11-30T10:40:00.000Z', START)).toBeUndefined()
  })
})

describe('the line of the summary and the log', () => {
  const schedule = { cron: '*/5 * * * *', at: Date.parse('2026-11-30T10:35:00Z'), lateSeconds: 133 }

  it.each<[string, Punctuality, string | undefined]>([
    [
      'late and after a gap',
      { startedAt: START, schedule, gapSeconds: 310 },
      'Started 2m 13s after its 10:35 UTC schedule (*/5 * * * *); 5m 10s since the previous run.'
    ],
    [
      'the first run',
      { startedAt: START, schedule },
      'Started 2m 13s after its 10:35 UTC schedule (*/5 * * * *).'
    ],
    [
      'on the minute',
      { startedAt: START, schedule: { ...schedule, lateSeconds: 0 } },
      'Started 0s after its 10:35 UTC schedule (*/5 * * * *).'
    ],
    [
      'a schedule of the day before',
      {
        startedAt: Date.parse('2026-11-30T00:20:00Z'),
        schedule: { cron: '55 23 * * *', at: Date.parse('2026-11-29T23:55:00Z'), lateSeconds: 1500 }
      },
      'Started 25m after its 2026-11-29 23:55 UTC schedule (55 23 * * *).'
    ],
    [
      'a dispatched run',
      { startedAt: START, gapSeconds: 4 * 3600 + 310 },
      'Started 4h 5m after the previous run.'
    ],
    ['a first dispatched run', { startedAt: START }, undefined]
  ])('%s', (_, punctuality, line) => {
    expect(punctualityLine(punctuality)).toBe(line)
  })

  it('writes the cron, which came from outside, through the escape it is given', () => {
    const line = punctualityLine({ startedAt: START, schedule }, text => `<${text}>`)
    expect(line).toBe('Started 2m 13s after its 10:35 UTC schedule (<*/5 * * * *>).')
  })
})

describe('the event of a run', () => {
  const ref = 'acme/monitor/.github/workflows/upwatch.yml@refs/heads/main'

  it("takes the cron, the last push and the workflow's file", () => {
    expect(
      eventOf('schedule', { schedule: '*/5 * * * *', repository: { pushed_at: '2026-10-01T08:00:00Z' } }, ref)
    ).toEqual({
      name: 'schedule',
      schedule: '*/5 * * * *',
      pushedAt: Date.parse('2026-10-01T08:00:00Z'),
      workflow: 'upwatch.yml'
    })
  })

  it("takes a push's pushed_at, which is seconds since the epoch", () => {
    expect(eventOf('push', { repository: { pushed_at: 1_790_000_000 } }, ref).pushedAt).toBe(
      1_790_000_000_000
    )
  })

  it('leaves out what is missing or of another type, whatever the payload holds', () => {
    for (const payload of [null, [], 'text', 42, {}, { schedule: 5, repository: 'acme' }])
      expect(eventOf('schedule', payload, undefined)).toEqual({ name: 'schedule' })
    expect(eventOf(undefined, { repository: { pushed_at: 'yesterday' } }, 'acme/monitor')).toEqual({})
    expect(eventOf('schedule', {}, 'acme/monitor/.github/workflows/up.yaml@refs/heads/fix@home')).toEqual({
      name: 'schedule',
      workflow: 'up.yaml'
    })
  })
})

describe('the metrics of a run', () => {
  const report = (punctuality?: Punctuality) => ({ targets: [], changes: [], dryRun: false, punctuality })
  const AT = new Date('2026-11-30T10:37:20Z')

  it('add Lateness and Gap in seconds to the heartbeat, where known', () => {
    const schedule = { cron: '*/5 * * * *', at: 0, lateSeconds: 133 }
    expect(
      metricsOf(report({ startedAt: START, schedule, gapSeconds: 310 }), AT).map(datum => [
        datum.MetricName,
        datum.Value,
        datum.Unit
      ])
    ).toEqual([
      ['Heartbeat', 1, 'Count'],
      ['Lateness', 133, 'Seconds'],
      ['Gap', 310, 'Seconds']
    ])
    expect(metricsOf(report({ startedAt: START }), AT).map(datum => datum.MetricName)).toEqual(['Heartbeat'])
  })
})
