// When a pass writes a target's item for its history, as tables with an injected clock: a steady target once
// an hour, at a phase of its own, every change at once, never with history off; and the worst item a pass can
// write, measured by DynamoDB's rules.
import { describe, expect, it } from '@jest/globals'
import { HISTORY_MAX_BYTES } from '../src/history/codec.js'
import { DAY_MS, type History, HOUR_MS, MAX_REASON_CHARS, MAX_SAMPLE_MS } from '../src/history/model.js'
import { hourTurned, phaseOf, recordHistory } from '../src/history/record.js'
import { uptimes } from '../src/history/uptime.js'
import { type Decided, reconcileResult } from '../src/reconcile.js'
import { attributesOf, itemBytes, READ_UNIT_BYTES } from '../src/state/item.js'
import { type Health, type StoredState } from '../src/state/model.js'
import { resultOf } from './support/results.js'
import { targetOf } from './support/targets.js'

const MIN = 60_000
const api = targetOf('  - { name: api, url: "https://api.example.com/health" }')
/** The start of one of api's hours: its phase after a UTC hour. */
const HOUR = Date.parse('2026-12-01T10:00:00Z') + phaseOf(api)
const iso = (at: number) => new Date(at).toISOString()

/** A pass over api at `at`, from the state a store would read back after `before`. */
function passAt(before: Decided | undefined, at: number, health: Health = 'up', history = true): Decided {
  const previous = before && stored(before)
  return reconcileResult(resultOf(api, at, health), previous, {
    now: iso(at),
    runId: 'run',
    leaseMs: 180_000,
    history
  })
}

/** What the store holds after a decision: what it wrote, or what it had. */
function stored(decision: Decided): StoredState {
  if (!decision.write) return decision.previous!
  return { ...decision.next, pending: {}, version: (decision.previous?.version ?? 0) + 1 }
}

describe('when a pass writes for the history', () => {
  // First seen a minute into one of its hours: written, as every first sight is.
  const first = passAt(undefined, HOUR + MIN)

  it.each([
    ['a steady pass later in the same hour', false, 58, 'up', true],
    ['the first pass after the hour turned', true, 61, 'up', true],
    ['a pass two hours on, after passes that did not run', true, 150, 'up', true],
    ['a change in the same hour', true, 30, 'down', true],
    ['with history off, the first pass after the hour turned', false, 61, 'up', false],
    ['with history off, a change', true, 30, 'down', false]
  ] as const)('%s: writes %s', (_, write, minutes, health, history) => {
    const decision = passAt(first, HOUR + minutes * MIN, health, history)
    expect(decision.write).toBe(write)
  })

  it('folds the history at every write, and leaves it as it was when history is off', () => {
    const hourly = passAt(first, HOUR + 61 * MIN)
    expect([hourly.next.history!.at, hourly.next.history!.hourly.filter(Boolean).length]).toEqual([
      HOUR + 61 * MIN,
      2
    ])
    const down = passAt(first, HOUR + 30 * MIN, 'down')
    expect(down.next.history!.incidents).toEqual([
      { start: HOUR + 30 * MIN, kind: 'down', reason: 'HTTP 503, expected 200-299' }
    ])
    const off = passAt(first, HOUR + 30 * MIN, 'down', false)
    expect(off.next.history).toBe(first.next.history)
  })

  it('writes a steady target once an hour, 24 times a day, with a pass every 5 minutes', () => {
    let last = first
    let writes = 0
    for (let at = HOUR + 6 * MIN; at <= HOUR + MIN + DAY_MS; at += 5 * MIN) {
      const decision = passAt(last, at)
      if (decision.write) writes += 1
      last = decision.write ? decision : { ...decision, previous: stored(last) }
    }
    expect(writes).toBe(24)
  })

  it('spreads the hourly writes of 10,000 targets over the passes of the hour', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => ({
      url: `https://t${i}.example.com/`,
      name: `t${i}`
    }))
    const start = Date.parse('2026-12-01T10:00:00Z')
    // Written at 10:00, then a pass every 5 minutes: how many targets each writes, their hour having turned.
    const perPass = Array.from({ length: 12 }, (_, pass) => {
      const [from, to] = [start + pass * 5 * MIN, start + (pass + 1) * 5 * MIN]
      return keys.filter(key => hourTurned({ at: from } as History, key, to)).length
    })
    expect(perPass.reduce((sum, count) => sum + count, 0)).toBe(10_000)
    for (const count of perPass) expect(Math.abs(count - 10_000 / 12)).toBeLessThan(10_000 / 12 / 10)
    expect(phaseOf(keys[0])).toBe(phaseOf({ ...keys[0] }))
  })

  it('starts afresh from the state a history written before does not know of', () => {
    // Up at 10:01 with history; down at 12:00 with history off, so that only the state was written.
    const down = passAt(first, HOUR + 2 * HOUR_MS, 'down', false)
    const back = passAt(down, HOUR + 3 * HOUR_MS, 'down', true)
    const history = back.next.history!
    expect([history.knownSince, history.days.map(day => day.downSeconds)]).toEqual([
      HOUR + 2 * HOUR_MS,
      [3600]
    ])
  })

  it('decides a first sight alike whenever the pass decides it: the history is at the check', () => {
    const result = resultOf(api, HOUR + MIN)
    const context = (now: number) => ({ now: iso(now), runId: 'run', leaseMs: 0, history: true })
    const ahead = reconcileResult(result, undefined, context(HOUR + MIN))
    const atTheEnd = reconcileResult(result, undefined, context(HOUR + 2 * MIN))
    expect(atTheEnd.next).toEqual(ahead.next)
  })

  it('gives uptime from the history as written: a 30-minute outage in the last day', () => {
    const down = passAt(first, HOUR + 30 * MIN, 'down')
    let back = passAt(down, HOUR + 60 * MIN, 'up')
    // Runs go on checking it: a steady target's item is written every hour.
    for (let at = HOUR + 2 * HOUR_MS; at < HOUR + DAY_MS; at += HOUR_MS) back = passAt(back, at, 'up')
    const [day] = uptimes(back.next.history, back.next, HOUR + MIN + DAY_MS, [])
    expect([day.downSeconds, day.percent]).toEqual([30 * 60, ((DAY_MS - 30 * MIN) / DAY_MS) * 100])
  })
})

describe('the worst item', () => {
  /** 91 days with every field at its widest, every hour sampled, and incidents with long reasons. */
  function worstHistory(at: number): History {
    const days = Array.from({ length: 91 }, (_, index) => ({
      day: at - (at % DAY_MS) - (90 - index) * DAY_MS,
      downSeconds: 46_656,
      degradedSeconds: 20_000,
      maintenanceSeconds: 19_000,
      latency: { averageMs: MAX_SAMPLE_MS, p95Ms: MAX_SAMPLE_MS }
    }))
    const incidents = Array.from({ length: 40 }, (_, index) => ({
      start: at - (40 - index) * HOUR_MS,
      end: at - (40 - index) * HOUR_MS + 30 * MIN,
      kind: 'down' as const,
      reason: 'x'.repeat(MAX_REASON_CHARS)
    }))
    const hourly = Array<number>(24).fill(MAX_SAMPLE_MS)
    return { at, knownSince: at - 91 * DAY_MS, days, hourly, incidents, incidentsSince: at - 91 * DAY_MS }
  }

  it('stays one read unit: with a 200-character name, a 256-character URL and a pending change with a 200-character reason', () => {
    // The name at the targets file's limit; every attribute present, numbers at their widest.
    const target = targetOf(
      `  - { name: "${'n'.repeat(200)}", url: "https://example.com/${'u'.repeat(236)}" }`
    )
    expect([target.name.length, target.url.length]).toEqual([200, 256])
    const at = Date.parse('2026-12-01T12:00:00Z')
    const reason = 'r'.repeat(200)
    const time = iso(at - HOUR_MS)
    const previous: StoredState = {
      state: 'up',
      since: iso(at - 2 * DAY_MS),
      failures: 0,
      successes: 0,
      announced: 'up',
      announcedSince: iso(at - 2 * DAY_MS),
      remindedAt: time,
      notifiedAt: time,
      pending: {},
      history: worstHistory(at - HOUR_MS),
      version: 99_999_999
    }
    // Down, with its mail pending, while a streak toward up runs: every attribute there at once.
    const change = reconcileResult({ ...resultOf(target, at, 'down'), reason }, previous, {
      now: iso(at),
      runId: `${'9'.repeat(11)}.99.abcdef12`,
      leaseMs: 180_000,
      history: false
    }).next
    const state: Omit<Required<StoredState>, 'history'> = {
      ...(change as Required<StoredState>),
      streakSince: time,
      assumed: true,
      failures: 99,
      successes: 99
    }
    const result = { ...resultOf(target, at, 'down'), reason }
    const decided: { previous: StoredState; next: StoredState; write: boolean } = {
      previous,
      next: state,
      write: true
    }
    const { next } = recordHistory(decided, result)
    expect(Object.values(next.pending).map(entry => entry.change.reason)).toEqual([reason])

    const bytes = itemBytes(target, attributesOf(next, previous))
    expect(bytes).toBeLessThanOrEqual(READ_UNIT_BYTES)
    // 4,036 bytes: the history took the room left, here without any incident, and never more than its own limit.
    const { history } = attributesOf(next, previous) as { history: string }
    expect(Buffer.byteLength(history)).toBeLessThan(HISTORY_MAX_BYTES)
    expect(next.history!.incidents.length).toBeLessThan(worstHistory(at).incidents.length)
  })

  it('counts an item as DynamoDB does: names and values in UTF-8, numbers by digits, maps and lists', () => {
    const key = { url: 'u', name: 'n' }
    // url 3+1, name 4+1; "é" 2 bytes; 12345 3 digit pairs + 1; true 1; map 3 + 1 a member + "a" + 1 + "b" 1.
    expect(itemBytes(key, { s: 'é', n: 12345, b: true, m: { a: 'b' }, l: [1, 'x'] })).toBe(
      4 + 5 + (1 + 2) + (1 + 4) + (1 + 1) + (1 + 3 + 1 + 2) + (1 + 3 + 2 + 2 + 1)
    )
  })
})
