/**
 * A pass's writes, committed, and decided again where one lost to an overlapping run. A write is conditional on
 * the item as read; when another run wrote the item in between, what this run saw is not in it unless that run
 * saw the same. So the item is read again and this run's check decided again from it: a change the other run
 * already stored (and mails) decides to nothing, and one it did not (it wrote only its hourly history, or saw
 * the target another way) is written and mailed by this run.
 *
 * Unless the other run's check is the later one: then the target was already seen as it is since this run's
 * check, and this run's older view laid over it would mail a change back and forth (a DOWN from the later check,
 * then a RECOVERED from the earlier one). Such a write is left to the other run, as one lost every round is.
 */

import { keyOf } from '../targets/model.js'
import { type StateStore, type Write } from './store.js'

/** Rounds of reading again and deciding again before a write that keeps losing is left to the other runs. */
const ROUNDS = 3

/** What a commit wrote: the decisions as written (decided again where they lost), and the keys it gave up on. */
export interface Committed<W> {
  /** Every decision that was decided again, by keyOf, whether it writes or not. */
  redecided: Map<string, W>
  /** Keys whose write lost every round, or lost to a later check: the other runs have those targets. */
  lost: Set<string>
}

/** Commits `writes`; each that loses is decided again by `redecide` from the item read again. */
export async function commitDecided<W extends Write>(
  store: StateStore,
  writes: W[],
  redecide: (write: W, stored: Write['previous']) => W & { write: boolean }
): Promise<Committed<W>> {
  const redecided = new Map<string, W>()
  const left = new Set<string>()
  let pending = writes
  for (let round = 0; pending.length > 0; round++) {
    const lost = await store.commit(pending)
    const losing = pending.filter(write => lost.has(keyOf(write.key)))
    if (round === ROUNDS) losing.forEach(write => left.add(keyOf(write.key)))
    if (losing.length === 0 || round === ROUNDS) break
    const { states } = await store.read(losing.map(write => write.key))
    pending = []
    for (const write of losing) {
      const stored = states.get(keyOf(write.key))
      if (checkedLater(stored, write.next)) {
        left.add(keyOf(write.key))
        continue
      }
      const decision = redecide(write, stored)
      redecided.set(keyOf(decision.key), decision)
      if (decision.write) pending.push(decision)
    }
  }
  return { redecided, lost: left }
}

/** Whether the item was written from a check that ended no earlier than the one `next` was decided from. */
function checkedLater(stored: Write['previous'], next: Write['next']): boolean {
  if (stored?.checkedAt === undefined || next.checkedAt === undefined) return false
  return Date.parse(stored.checkedAt) >= Date.parse(next.checkedAt)
}
