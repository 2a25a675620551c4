/**
 * A pass's writes, committed, and decided again where one lost to an overlapping run. A write is conditional on
 * the item as read; when another run wrote the item in between, what this run saw is not in it unless that run
 * saw the same. So the item is read again and this run's check decided again from it: a change the other run
 * already stored (and mails) decides to nothing, and one it did not (it wrote only its hourly history, or saw
 * the target another way) is written and mailed by this run.
 *
 * When the other run's check is the later one, deciding again keeps the item as it is unless this run's older
 * check saw what the later one could not (reconcile.ts, checkedBefore).
 */

import { keyOf } from '../targets/model.js'
import { type StateStore, type Write } from './store.js'

/** Rounds of reading again and deciding again before a write that keeps losing is left to the other runs. */
const ROUNDS = 3

/** What a commit wrote: the decisions as written (decided again where they lost), and the keys it gave up on. */
export interface Committed<W> {
  /** Every decision that was decided again, by keyOf, whether it writes or not. */
  redecided: Map<string, W>
  /** Keys whose write lost every round: the other runs have those targets. */
  lost: Set<string>
}

/**
 * Commits `writes`; each that loses is decided again by `redecide` from the item read again, unless `landed`
 * tells from that item that the write is in it after all: its answer was lost, and the SDK's retry of it failed
 * its condition against the write itself. Such a write stands as it was decided.
 */
export async function commitDecided<W extends Write>(
  store: StateStore,
  writes: W[],
  redecide: (write: W, stored: Write['previous']) => W & { write: boolean },
  landed: (write: W, stored: Write['previous']) => boolean = () => false
): Promise<Committed<W>> {
  const redecided = new Map<string, W>()
  let pending = writes
  for (let round = 0; pending.length > 0; round++) {
    const lost = await store.commit(pending)
    const losing = pending.filter(write => lost.has(keyOf(write.key)))
    if (losing.length === 0 || round === ROUNDS) return { redecided, lost }
    const { states } = await store.read(losing.map(write => write.key))
    const again = losing
      .filter(write => !landed(write, states.get(keyOf(write.key))))
      .map(write => redecide(write, states.get(keyOf(write.key))))
    for (const decision of again) redecided.set(keyOf(decision.key), decision)
    pending = again.filter(decision => decision.write)
  }
  return { redecided, lost: new Set() }
}
