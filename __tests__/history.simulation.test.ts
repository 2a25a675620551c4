// Ninety-two days of passes, one every 15 minutes (8,832), through the pass's own pieces with a moved clock:
// each pass reads the state file, reconciles the results (the history folded where a pass writes), and
// commits what it writes; at the end the status page's figures for every span and every day equal what the
// known outages, maintenance and degraded times give, computed here from the plan alone, to the second.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DAY_MS } from '../src/history/model.js'
import { deliver, outboxOf } from '../src/notify/outbox.js'
import { pageModel } from '../src/page/model.js'
import { reconcileAll } from '../src/reconcile.js'
import { FileStateStore } from '../src/state/file.js'
import { type Health } from '../src/state/model.js'
import { keyOf, type Target } from '../src/targets/model.js'
import { resultOf } from './support/results.js'
import { targetsOf } from './support/targets.js'

const MIN = 60_000
const HOUR = 60 * MIN
const STEP = 15 * MIN
const START = Date.parse('2026-09-01T00:07:00Z')
const PASSES = 92 * 96
const END = START + (PASSES - 1) * STEP
const at = (pass: number) => START + pass * STEP

/** What each target is at each pass: [from pass, until pass (excluded), health], all else up. */
const PLAN: Record<string, [number, number, Health][]> = {
  // Down 2 h 15 min on day 3, 45 min across a midnight on day 40, 30 min five hours before the end.
  api: [
    [3 * 96 + 40, 3 * 96 + 49, 'down'],
    [40 * 96 + 93, 41 * 96 + 2, 'down'],
    [PASSES - 21, PASSES - 19, 'down']
  ],
  // Degraded for a day (up for the percentage), then down 1 h.
  web: [
    [60 * 96, 61 * 96, 'degraded'],
    [85 * 96 + 10, 85 * 96 + 14, 'down']
  ],
  // Down from 01:00 to 05:00 on a Sunday, two hours of which are its maintenance window (02:00-04:00 UTC).
  db: [[sundayPass(10, 1), sundayPass(10, 5), 'down']]
}

/** The pass at `hour`:07 UTC on the week's Sunday `week` weeks after the first. */
function sundayPass(week: number, hour: number): number {
  const firstSunday = Date.parse('2026-09-06T00:00:00Z')
  return Math.round((firstSunday + week * 7 * DAY_MS + hour * HOUR + 7 * MIN - START) / STEP)
}

const targets = targetsOf(`
targets:
  - { name: api, url: "https://api.example.com/health" }
  - { name: web, url: "https://www.example.com/" }
  - name: db
    url: tcp://db.example.com:5432
    maintenance: [{ days: [sun], start: '02:00', duration: 2h }]
`)

function healthAt(name: string, pass: number): Health {
  return PLAN[name].find(([from, until]) => pass >= from && pass < until)?.[2] ?? 'up'
}

/** What `target` answers at `pass`, by the plan. */
const checkAt = (target: Target, pass: number) => resultOf(target, at(pass), healthAt(target.name, pass))

// --- the expectation, from the plan alone ---

const overlap = (a: number, b: number, from: number, to: number) =>
  Math.max(0, Math.min(b, to) - Math.max(a, from))

/** Sunday 02:00-04:00 UTC windows overlapping [from, to), as intervals. */
function windowsIn(from: number, to: number): [number, number][] {
  const windows: [number, number][] = []
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS)
    if (new Date(day).getUTCDay() === 0) windows.push([day + 2 * HOUR, day + 4 * HOUR])
  return windows
}

/** Seconds of [from, to) that `name` spent in `health`, and in maintenance, by the plan (times of the checks). */
function planned(name: string, from: number, to: number) {
  const known = overlap(START, END, from, to)
  const maintenance =
    name === 'db'
      ? sum(windowsIn(from, to).map(([a, b]) => overlap(a, b, Math.max(from, START), Math.min(to, END))))
      : 0
  const outside = (health: Health) =>
    sum(
      PLAN[name]
        .filter(([, , planned]) => planned === health)
        .map(([first, until]) => {
          const [a, b] = [at(first), at(until)]
          const inWindows =
            name === 'db'
              ? sum(windowsIn(a, b).map(([w, v]) => overlap(Math.max(a, w), Math.min(b, v), from, to)))
              : 0
          return overlap(a, b, from, to) - inWindows
        })
    )
  return {
    knownSeconds: known / 1000,
    maintenanceSeconds: maintenance / 1000,
    downSeconds: outside('down') / 1000,
    degradedSeconds: outside('degraded') / 1000
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

describe('ninety-two days of passes against the state file', () => {
  it('give the page the figures of the planned outages, to the second, for every span and every day', async () => {
    const store = new FileStateStore(
      path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-sim-')), 'state.json')
    )
    let writes = 0
    const mailed: string[] = []
    for (let pass = 0; pass < PASSES; pass++) {
      const { states } = await store.read(targets)
      const now = new Date(at(pass)).toISOString()
      const decisions = reconcileAll(
        targets.map(target => checkAt(target, pass)),
        states,
        { now, runId: `run-${pass}`, leaseMs: 180_000, history: true }
      )
      const written = decisions.filter(decision => decision.write)
      writes += written.length
      expect(await store.commit(written)).toEqual(new Set())
      // Mailed at once, as a run does: what is sent leaves the outbox.
      const outbox = outboxOf(written, new Set(), `run-${pass}`)
      mailed.push(...outbox.map(({ change }) => `${change.name} ${change.kind}`))
      if (outbox.length > 0) await deliver(outbox, () => Promise.resolve(), store, `run-${pass}`)
    }
    // Each planned change mailed once (the order of the plan's times aside).
    expect(mailed.sort()).toEqual(
      [
        ...Array<string[]>(3).fill(['api DOWN', 'api RECOVERED']),
        ['db DOWN', 'db RECOVERED'],
        ['web DEGRADED', 'web RECOVERED', 'web DOWN', 'web RECOVERED']
      ]
        .flat()
        .sort()
    )
    // Once an hour each, and once more at each change.
    const changes = sum(Object.values(PLAN).map(spans => spans.length * 2))
    expect(writes).toBeGreaterThanOrEqual(3 * 92 * 24)
    expect(writes).toBeLessThanOrEqual(3 * 92 * 24 + 3 + changes)

    const { states } = await store.read(targets)
    const page = pageModel(
      targets.map(target => {
        const state = states.get(keyOf(target))
        return { target, state, history: state?.history }
      }),
      END,
      { details: true, title: 'simulation' }
    )
    for (const target of page.targets) {
      for (const [span, length] of [
        ['24h', DAY_MS],
        ['7d', 7 * DAY_MS],
        ['30d', 30 * DAY_MS],
        ['90d', 90 * DAY_MS]
      ] as const) {
        const expected = planned(target.name, END - length, END)
        const figure = target.uptime[span]
        expect([
          target.name,
          span,
          figure.knownSeconds,
          figure.maintenanceSeconds,
          figure.downSeconds,
          figure.degradedSeconds
        ]).toEqual([
          target.name,
          span,
          expected.knownSeconds,
          expected.maintenanceSeconds,
          expected.downSeconds,
          expected.degradedSeconds
        ])
        const outside = expected.knownSeconds - expected.maintenanceSeconds
        expect(figure.percent).toBeCloseTo(((outside - expected.downSeconds) / outside) * 100, 9)
      }
      for (const [index, day] of page.days.entries()) {
        const expected = planned(target.name, day, day + DAY_MS)
        expect([
          target.name,
          new Date(day).toISOString().slice(0, 10),
          target.days.downSeconds[index],
          target.days.degradedSeconds[index],
          target.days.maintenanceSeconds[index]
        ]).toEqual([
          target.name,
          new Date(day).toISOString().slice(0, 10),
          expected.downSeconds,
          expected.degradedSeconds,
          expected.maintenanceSeconds
        ])
      }
    }
    expect(page.targets.find(target => target.name === 'api')!.incidents).toHaveLength(3)
  }, 120_000)
})
