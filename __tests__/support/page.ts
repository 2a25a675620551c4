// Histories for the status page's tests, made as the action makes them: foldHistory over simulated passes, a
// steady one every hour with its latency sample and one at each change, from known outages.
import { foldHistory } from '../../src/history/fold.js'
import { DAY_MS, type History, HOUR_MS, type SeenState } from '../../src/history/model.js'
import { type Window } from '../../src/maintenance.js'
import { type PageSource } from '../../src/page/model.js'
import { type Target } from '../../src/targets/model.js'
import { Random } from './random.js'

/** A time the target was not up: from its first failed check to its recovery (none: still out). */
export interface Outage {
  start: number
  end?: number
  kind?: 'down' | 'degraded'
  reason?: string
}

/** The state the outages give at `at`, with its since and reason. */
function stateAt(outages: Outage[], from: number, at: number): SeenState {
  const out = outages.find(outage => outage.start <= at && (outage.end === undefined || at < outage.end))
  if (out)
    return {
      state: out.kind ?? 'down',
      since: iso(out.start),
      reason: out.reason ?? 'HTTP 503, expected 200-299'
    }
  const ended = outages.filter(outage => outage.end !== undefined && outage.end <= at)
  const since = Math.max(from, ...ended.map(outage => outage.end!))
  return { state: 'up', since: iso(since), reason: 'HTTP 200' }
}

const iso = (at: number) => new Date(at).toISOString()

/**
 * The stored state and history of a target watched from `from` to `now`: a pass every hour and at every
 * outage's start and end; `latency` gives each hour's latency (ms) while the target answers.
 */
export function simulate(
  from: number,
  now: number,
  outages: Outage[],
  latency: (at: number) => number = () => 120,
  windows: Window[] = []
): { state: SeenState; history: History } {
  const times = new Set<number>()
  for (let at = from; at <= now; at += HOUR_MS) times.add(at)
  for (const outage of outages) {
    // Each change is found by the first pass after it began.
    times.add(outage.start + 60_000)
    if (outage.end !== undefined) times.add(outage.end + 60_000)
  }
  let history: History | undefined
  let before: SeenState | undefined
  for (const at of [...times].filter(at => at <= now).sort((a, b) => a - b)) {
    const after = stateAt(outages, from, at)
    const latencyMs = after.state === 'down' ? undefined : latency(at)
    history = foldHistory(history, { before, after, now: at, latencyMs }, windows)
    before = after
  }
  return { state: before!, history: history! }
}

/** A target as the page takes it, with no maintenance windows unless given. */
export function pageTarget(
  name: string,
  extra: Partial<Pick<Target, 'group' | 'url'>> & { public?: boolean; maintenance?: Window[] } = {}
): PageSource['target'] {
  const {
    maintenance = [],
    url = `https://${name.replace(/[^a-z0-9]+/gi, '-')}.example.com/health`,
    ...rest
  } = extra
  return { name, url, policy: { maintenance } as Target['policy'], ...rest }
}

/**
 * `count` targets with 90 days of history up to `now`, in a few groups, each with its own random outages
 * (some none, some many, one still down, one degraded), seeded: the same every run.
 */
export function fleet(count: number, now: number, seed = 20261129): PageSource[] {
  const from = now - 90 * DAY_MS
  const groups = ['Website', 'API', 'Data', 'Internal tools']
  return Array.from({ length: count }, (_, index) => {
    const random = new Random(seed, index)
    const outages: Outage[] = []
    const many = random.int(0, 3) === 0 ? random.int(3, 12) : random.int(0, 2)
    for (let n = 0; n < many; n++) {
      const start = from + random.int(1, 89 * 24) * HOUR_MS + random.int(0, 59) * 60_000
      const minutes = random.pick([3, 5, 12, 20, 45, 90, 240])
      outages.push({
        start,
        end: start + minutes * 60_000,
        kind: random.chance(0.3) ? 'degraded' : 'down',
        reason: random.pick([
          'HTTP 503, expected 200-299',
          'timeout after 10s',
          'connection refused',
          'HTTP 200, slow: 2.4s'
        ])
      })
    }
    if (index === 3)
      outages.push({ start: now - 2 * HOUR_MS - 17 * 60_000, reason: 'HTTP 502, expected 200-299' })
    if (index === 7)
      outages.push({ start: now - 40 * 60_000, kind: 'degraded', reason: 'HTTP 200, slow: 1.8s' })
    const sorted = disjoint(outages.sort((a, b) => a.start - b.start))
    const base = random.int(40, 400)
    const { state, history } = simulate(from, now, sorted, at =>
      Math.round(base * (1 + 0.3 * Math.sin(at / (3 * HOUR_MS))) + random.int(0, base / 4))
    )
    return {
      target: pageTarget(`service-${String(index + 1).padStart(3, '0')}`, {
        group: groups[index % groups.length]
      }),
      state,
      history
    }
  })
}

/** The outages with those that overlap the one before dropped. */
function disjoint(outages: Outage[]): Outage[] {
  const kept: Outage[] = []
  for (const outage of outages) {
    const last = kept[kept.length - 1]
    if (!last || (last.end !== undefined && last.end + HOUR_MS < outage.start)) kept.push(outage)
  }
  return kept
}

/**
 * A small, believable page for the screenshot: eight targets in three groups, a few incidents over the 90 days,
 * a weekly maintenance window, and one target slow right now.
 */
export function showcase(now: number): PageSource[] {
  const from = now - 90 * DAY_MS
  const ago = (days: number, hour: number, minute = 0) =>
    Math.floor((now - days * DAY_MS) / DAY_MS) * DAY_MS + hour * HOUR_MS + minute * 60_000
  const sunday: Window[] = [
    { kind: 'weekly', days: ['sun'], startMinute: 120, durationMinutes: 60, timeZone: 'UTC' }
  ]
  // Busier in the day, with a little noise of its own for each target.
  const wave = (base: number, phase: number) => (at: number) =>
    Math.round(
      base * (1 + 0.25 * Math.sin((at / DAY_MS + phase) * 2 * Math.PI)) +
        (((at / HOUR_MS) * (phase * 13 + 5)) % 11) * base * 0.02
    )
  const entries: [string, string, Outage[], number, Window[]?][] = [
    ['www', 'Website', [{ start: ago(61, 14, 5), end: ago(61, 14, 17) }], 180],
    ['docs', 'Website', [], 95],
    ['blog', 'Website', [{ start: ago(24, 3, 40), end: ago(24, 4, 2), kind: 'degraded' }], 240],
    [
      'api',
      'API',
      [
        { start: ago(33, 9, 12), end: ago(33, 11, 40), reason: 'HTTP 503, expected 200-299' },
        { start: ago(3, 17, 2), end: ago(3, 17, 14), reason: 'timeout after 10s' }
      ],
      140
    ],
    ['auth', 'API', [], 85],
    [
      'webhooks',
      'API',
      [
        { start: ago(12, 20, 0), end: ago(12, 20, 45), kind: 'degraded', reason: 'HTTP 200, slow: 2.1s' },
        { start: now - 47 * 60_000, kind: 'degraded', reason: 'HTTP 200, slow: 1.6s' }
      ],
      310
    ],
    ['postgres', 'Data', [], 4, sunday],
    ['search', 'Data', [{ start: ago(47, 1, 10), end: ago(47, 3, 25), reason: 'connection refused' }], 60]
  ]
  return entries.map(([name, group, outages, base, windows = []], index) => ({
    target: pageTarget(name, { group, maintenance: windows }),
    ...simulate(from, now, outages, wave(base, index / entries.length), windows)
  }))
}
