// The weekly digest, pure: when it is due (day, hour and time zone, daylight-saving weeks, a late run, a missed
// week), and its mail for a week of simulated passes, against text whose figures are worked out by hand from the
// outages simulated.
import { describe, expect, it } from '@jest/globals'
import { digestOf, type DigestSource } from '../src/digest/model.js'
import { type DigestSchedule, dueWeek } from '../src/digest/schedule.js'
import { foldHistory } from '../src/history/fold.js'
import { type History, type SeenState } from '../src/history/model.js'
import { composeDigest } from '../src/notify/digest.js'
import { digestClaimable } from '../src/state/store.js'
import { type Policy } from '../src/targets/model.js'

const HOUR = 3_600_000
const utc = (iso: string) => Date.parse(iso)
const iso = (at: number) => new Date(at).toISOString()
const week = (schedule: DigestSchedule, now: string) => {
  const due = dueWeek(schedule, utc(now))
  return [iso(due.from), iso(due.to), due.number]
}

describe('when the digest is due', () => {
  const monday8 = { day: 'mon', hour: 8, timeZone: 'UTC' } as const
  const berlin = { day: 'mon', hour: 8, timeZone: 'Europe/Berlin' } as const

  it.each([
    [
      'at the hour itself',
      monday8,
      '2026-11-30T08:00:00Z',
      '2026-11-23T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
      48
    ],
    [
      'a second before: the week before',
      monday8,
      '2026-11-30T07:59:59Z',
      '2026-11-16T08:00:00.000Z',
      '2026-11-23T08:00:00.000Z',
      47
    ],
    [
      'a run late by hours',
      monday8,
      '2026-11-30T13:45:00Z',
      '2026-11-23T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
      48
    ],
    [
      'midweek: the last week',
      monday8,
      '2026-12-03T00:00:00Z',
      '2026-11-23T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
      48
    ],
    [
      'after a missed week: only the latest',
      monday8,
      '2026-12-09T10:00:00Z',
      '2026-11-30T08:00:00.000Z',
      '2026-12-07T08:00:00.000Z',
      49
    ],
    [
      'Sunday 23:00',
      { day: 'sun', hour: 23, timeZone: 'UTC' },
      '2026-11-29T23:00:00Z',
      '2026-11-22T23:00:00.000Z',
      '2026-11-29T23:00:00.000Z',
      48
    ],
    [
      'at midnight: the last day is Sunday',
      { day: 'mon', hour: 0, timeZone: 'UTC' },
      '2027-01-04T00:00:00Z',
      '2026-12-28T00:00:00.000Z',
      '2027-01-04T00:00:00.000Z',
      53
    ],
    [
      'Berlin in winter: 07:00 UTC',
      berlin,
      '2026-11-30T07:00:00Z',
      '2026-11-23T07:00:00.000Z',
      '2026-11-30T07:00:00.000Z',
      48
    ],
    [
      'Berlin, the week the clock springs forward: 167 hours',
      berlin,
      '2027-03-29T06:00:00Z',
      '2027-03-22T07:00:00.000Z',
      '2027-03-29T06:00:00.000Z',
      12
    ],
    [
      'Berlin, the week the clock falls back: 169 hours',
      berlin,
      '2026-10-26T07:00:00Z',
      '2026-10-19T06:00:00.000Z',
      '2026-10-26T07:00:00.000Z',
      43
    ],
    [
      'a skipped hour is due when the clock springs past it',
      { day: 'sun', hour: 2, timeZone: 'Europe/Berlin' },
      '2027-03-28T01:00:00Z',
      '2027-03-21T01:00:00.000Z',
      '2027-03-28T01:00:00.000Z',
      12
    ],
    [
      'a repeated hour is due at its first time',
      { day: 'sun', hour: 2, timeZone: 'Europe/Berlin' },
      '2026-10-25T00:00:00Z',
      '2026-10-18T00:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      43
    ],
    [
      'and its second time is the same week',
      { day: 'sun', hour: 2, timeZone: 'Europe/Berlin' },
      '2026-10-25T01:30:00Z',
      '2026-10-18T00:00:00.000Z',
      '2026-10-25T00:00:00.000Z',
      43
    ],
    [
      'west of Greenwich',
      { day: 'fri', hour: 17, timeZone: 'America/New_York' },
      '2026-11-27T22:00:00Z',
      '2026-11-20T22:00:00.000Z',
      '2026-11-27T22:00:00.000Z',
      48
    ]
  ])('%s', (_, schedule, now, from, to, number) => {
    expect(week(schedule as DigestSchedule, now)).toEqual([from, to, number])
  })

  it.each([
    ['Europe/Berlin', 'sun', 2, '2026-10-07T12:00:00Z'],
    ['Europe/Berlin', 'sun', 2, '2027-03-10T12:00:00Z'],
    ['America/New_York', 'sun', 1, '2026-10-21T12:00:00Z'],
    ['Australia/Lord_Howe', 'sun', 2, '2026-09-23T12:00:00Z']
  ])(
    'gives one week after another, without gap or overlap, across the changes in %s',
    (timeZone, day, hour, start) => {
      const schedule = { day, hour, timeZone } as DigestSchedule
      const weeks = new Map<number, number>()
      // Every 15 minutes for six weeks from a Wednesday: the week due then, and six more, each beginning where the
      // one before ended.
      for (let at = utc(start); at < utc(start) + 6 * 168 * HOUR; at += 15 * 60_000) {
        const due = dueWeek(schedule, at)
        weeks.set(due.to, due.from)
        expect(due.to).toBeLessThanOrEqual(at)
      }
      const ends = [...weeks.keys()]
      expect(ends).toHaveLength(7)
      for (let index = 1; index < ends.length; index++) expect(weeks.get(ends[index])).toBe(ends[index - 1])
    }
  )

  it('lets one run claim a week, and another only once the lease ran out unsent', () => {
    const record = { week: '2026-11-30T08:00:00.000Z', claim: 'a', leaseUntil: '2026-11-30T08:03:00.000Z' }
    expect(digestClaimable(undefined, record.week, '2026-11-30T08:00:00.000Z')).toBe(true)
    expect(digestClaimable(record, record.week, '2026-11-30T08:01:00.000Z')).toBe(false)
    expect(digestClaimable(record, record.week, '2026-11-30T08:03:00.000Z')).toBe(true)
    expect(
      digestClaimable(
        { ...record, sentAt: '2026-11-30T08:00:05.000Z' },
        record.week,
        '2026-12-01T00:00:00.000Z'
      )
    ).toBe(false)
    expect(
      digestClaimable(
        { ...record, sentAt: '2026-11-30T08:00:05.000Z' },
        '2026-12-07T08:00:00.000Z',
        '2026-12-07T08:00:00.000Z'
      )
    ).toBe(true)
    expect(
      digestClaimable(
        { ...record, week: '2026-12-07T08:00:00.000Z' },
        record.week,
        '2026-12-08T00:00:00.000Z'
      )
    ).toBe(false)
  })
})

/** From Friday before the week to the Monday it ends, a pass every 15 minutes. */
const START = utc('2026-11-20T00:00:00Z')
const WEEK_END = utc('2026-11-30T08:00:00Z')
/** api: down Tuesday 06:00 to 08:30, and from Sunday 22:00 on; web: up, 900 ms for two hours on Thursday. */
const OUTAGES = [
  {
    from: utc('2026-11-24T06:00:00Z'),
    to: utc('2026-11-24T08:30:00Z'),
    reason: 'HTTP 503, expected 200-299'
  },
  { from: utc('2026-11-29T22:00:00Z'), to: Infinity, reason: 'HTTP 500: token=s3cr3t-value' }
]
const SLOW = [utc('2026-11-26T10:00:00Z'), utc('2026-11-26T12:00:00Z')]

/** A target's state and history after the passes up to `until`, as the fold keeps it. */
function simulate(name: string, until: number): SeenState & { history?: History } {
  let state: SeenState = { state: 'up', since: iso(START) }
  let history: History | undefined
  for (let at = START; at <= until; at += 15 * 60_000) {
    const outage = name === 'api' ? OUTAGES.find(each => at >= each.from && at < each.to) : undefined
    const next: SeenState = outage
      ? { state: 'down', since: iso(outage.from), reason: outage.reason }
      : state.state === 'down'
        ? { state: 'up', since: iso(at) }
        : state
    const slow = at >= SLOW[0] && at < SLOW[1]
    const latencyMs = outage ? undefined : name === 'api' ? 80 : slow ? 900 : 120
    history = foldHistory(
      history,
      { before: at === START ? undefined : state, after: next, latencyMs, now: at },
      []
    )
    state = next
  }
  return { ...state, history }
}

const policy = { maintenance: [] } as unknown as Policy
const sources = (until: number): DigestSource[] => [
  { target: { name: 'web', url: 'https://example.com', policy }, state: simulate('web', until) },
  {
    target: { name: 'api', url: 'https://api.example.com/health?key=${API_KEY}', policy },
    state: simulate('api', until)
  },
  { target: { name: 'new', url: 'tcp://db.example.com:5432', policy } }
]
const redact = (text: string) => text.replaceAll('s3cr3t-value', '***')

describe('the digest mail', () => {
  // api: 2h 30m + 10h = 45,000 s down of the week's 604,800; web none. Over both: 45,000 of 1,209,600.
  // 100 - 45,000 / 604,800 * 100 = 92.5595...; 100 - 45,000 / 1,209,600 * 100 = 96.2797...
  const expected = {
    subject: '[upwatch] Week 48: 96.27% up, 2 incidents',
    body: `upwatch weekly digest: week 48
Mon 23 Nov 2026 08:00 to Mon 30 Nov 2026 08:00 (UTC)

96.27% up across 2 targets
2 incidents, 12h 30m down in all

BY TARGET, WORST FIRST

api: 92.55% up, 12h 30m down
  URL: https://api.example.com/health?key=\${API_KEY}
  DOWN Tue 24 Nov 06:00 to 08:30 (2h 30m)
    HTTP 503, expected 200-299
  DOWN Sun 29 Nov 22:00, ongoing (10h)
    HTTP 500: token=***

web: 100% up
  URL: https://example.com

SLOWEST BY P95 (ITS SLOWEST DAY'S)
  web: 900ms
  api: 80ms

Run: https://github.com/acme/monitor/actions/runs/4242
`,
    kinds: ['DIGEST']
  }
  const runUrl = 'https://github.com/acme/monitor/actions/runs/4242'
  const schedule = { day: 'mon', hour: 8, timeZone: 'UTC' } as const

  it('tells the week in figures worked out from the outages', () => {
    const digest = digestOf(dueWeek(schedule, WEEK_END), sources(WEEK_END), WEEK_END)
    expect(composeDigest(digest, 'UTC', runUrl, redact)).toEqual(expected)
  })

  it('tells the same week when it is sent hours late, after the outage ended', () => {
    const late = WEEK_END + 5 * HOUR
    const digest = digestOf(dueWeek(schedule, late), sources(late), late)
    expect(composeDigest(digest, 'UTC', runUrl, redact)).toEqual(expected)
  })

  it('shows the times on the wall clock of its time zone', () => {
    const berlin = { ...schedule, timeZone: 'Europe/Berlin' }
    const digest = digestOf(dueWeek(berlin, WEEK_END), sources(WEEK_END), WEEK_END)
    const { body } = composeDigest(digest, 'Europe/Berlin', undefined, redact)
    expect(body.split('\n').slice(1, 2)).toEqual([
      'Mon 23 Nov 2026 08:00 to Mon 30 Nov 2026 08:00 (Europe/Berlin)'
    ])
    expect(body).toContain('  DOWN Tue 24 Nov 07:00 to 09:30 (2h 30m)\n')
    expect(body).toContain('  DOWN Sun 29 Nov 23:00, ongoing (9h)\n')
    expect(body.endsWith('Run: outside GitHub Actions\n')).toBe(true)
  })
})
