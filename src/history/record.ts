/**
 * When a pass writes a target's item for its history, and the history it writes: pure, beside reconcile.
 *
 * Every write folds the history. Besides the writes reconcile decides (every change of state), a steady target
 * is written once an hour, to fold its history and keep that hour's latency sample: once its hour has turned
 * since the history's last fold. Each target's hours begin at a phase of its own (a hash of its key), so that
 * the hourly writes of 10,000 targets spread over the passes of the hour instead of all landing in the first
 * pass after hh:00.
 */

import { hash } from '../hash.js'
import { type ProbeResult } from '../probes/model.js'
import { attributesOf, itemBytes, READ_UNIT_BYTES } from '../state/item.js'
import { type StoredState } from '../state/model.js'
import { keyOf, type TargetKey } from '../targets/model.js'
import { foldHistory } from './fold.js'
import { type History, HOUR_MS } from './model.js'
import { usableHistory } from './usable.js'

/** What recordHistory reads of reconcile's decision and gives back, with the history. */
interface Written {
  previous?: StoredState
  next: StoredState
  write: boolean
}

/** Where in the hour a target's hours begin: ms after hh:00, on a whole second as the history counts time. */
export function phaseOf(key: TargetKey): number {
  return (hash(keyOf(key)) % (HOUR_MS / 1000)) * 1000
}

/** Whether the target's hour has turned since its history was last folded; true when it has none. */
export function hourTurned(history: History | undefined, key: TargetKey, now: number): boolean {
  if (history === undefined) return true
  const hourOf = (at: number) => Math.floor((at - phaseOf(key)) / HOUR_MS)
  return hourOf(now) > hourOf(history.at)
}

/**
 * The decision with the target's history: folded at the check's time (the time a first sight written while the
 * pass probes has too, so that both decide alike) when the item is written anyway or the target's hour has
 * turned; else as it was.
 */
export function recordHistory<D extends Written>(decision: D, result: ProbeResult): D {
  const { target } = result
  const now = Date.parse(result.checkedAt)
  const previous = usableHistory(decision.previous?.history, decision.previous, now)
  if (!decision.write && !hourTurned(previous, target, now)) return decision
  const pass = {
    before: decision.previous,
    after: decision.next,
    latencyMs: result.health === 'down' ? undefined : result.latencyMs,
    now
  }
  const room = roomLeft(target, decision.next, decision.previous)
  const history = foldHistory(previous, pass, target.policy.maintenance, room)
  return { ...decision, next: { ...decision.next, history }, write: true }
}

/**
 * The bytes the history may take for the item to stay one read unit. Sending a pending change later only
 * shrinks the item: its entry goes, and notifiedAt, which comes instead, is smaller.
 */
function roomLeft(key: TargetKey, next: StoredState, previous: StoredState | undefined): number {
  const rest = itemBytes(key, attributesOf({ ...next, history: undefined }, previous))
  return READ_UNIT_BYTES - rest - Buffer.byteLength('history')
}
