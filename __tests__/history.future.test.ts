// Found in review: a stored history whose time lies ahead of the pass's clock, written by a runner whose clock
// ran ahead (a self-hosted runner without NTP) or by anyone with access to the table. The fold keeps the later
// time ("a clock behind the history's takes no time back"), and the decoder accepts any time up to the end of
// JavaScript's dates: the hourly writes stop, no latency is sampled, and the figures are taken at the wrong time.
import { describe, expect, it } from '@jest/globals'
import { decodeHistory } from '../src/history/codec.js'
import { DAY_MS, HOUR_MS } from '../src/history/model.js'
import { uptimes } from '../src/history/uptime.js'
import { reconcileResult } from '../src/reconcile.js'
import { storedAttributes } from '../src/state/item.js'
import { type Health, type StoredState } from '../src/state/model.js'
import { decodeState } from '../src/state/decode.js'
import { resultOf } from './support/results.js'
import { targetOf } from './support/targets.js'

const MIN = 60_000
const iso = (at: number) => new Date(at).toISOString()
const api = targetOf('  - { name: api, url: "https://api.example.com/health" }')
const T = Date.parse('2026-12-01T10:00:00Z')

/** A pass at `at` over the item as the store reads it back; returns the item after it, and whether it wrote. */
function pass(item: Record<string, unknown> | undefined, at: number, health: Health = 'up') {
  const previous = item === undefined ? undefined : decodeState(item).state
  const decision = reconcileResult(resultOf(api, at, health), previous, {
    now: iso(at),
    runId: 'run',
    leaseMs: 180_000,
    history: true
  })
  if (!decision.write) return { item: item!, wrote: false }
  const next: StoredState = { ...decision.next, pending: {}, version: (previous?.version ?? 0) + 1 }
  return { item: storedAttributes(next), wrote: true }
}

describe('a history whose time is ahead of the clock', () => {
  it('does not stop the hourly writes for as long as the clock was ahead', () => {
    let { item } = pass(undefined, T)
    // One run on a runner whose clock is a day ahead.
    item = pass(item, T + 5 * MIN + DAY_MS).item
    // Then a day of passes every 5 minutes with the right clock.
    let writes = 0
    for (let at = T + 10 * MIN; at < T + DAY_MS; at += 5 * MIN) {
      const next = pass(item, at)
      if (next.wrote) writes++
      item = next.item
    }
    expect(writes).toBeGreaterThanOrEqual(23)
  })

  it('is not trusted from the table when it lies years ahead', () => {
    // `1|<at>|...` with at in 2100: anyone who can write the table, or a runner with its clock wrong.
    let { item } = pass(undefined, T)
    const at = Math.floor(Date.parse('2100-01-01T00:00:00Z') / 1000).toString(36)
    item = { ...item, history: `1|${at}|0|0|||` }
    expect(decodeHistory(item.history).history).toBeDefined()
    // The target goes down for three hours.
    for (let time = T + 5 * MIN; time < T + 6 * HOUR_MS; time += 5 * MIN)
      item = pass(item, time, time < T + 3 * HOUR_MS ? 'down' : 'up').item
    const { state } = decodeState(item)
    const [day] = uptimes(state.history, state, T + 6 * HOUR_MS, [])
    // Whether the history is read or started afresh, the last 24 hours hold the 3 hours down, and no more.
    expect(day.downSeconds).toBe(3 * 3600 - 5 * 60)
  })
})
