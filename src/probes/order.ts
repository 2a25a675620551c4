/**
 * Which targets a pass starts first: those the last pass found slow. A pass lasts until its slowest check
 * started last has ended: a target that runs into its timeout, started as the pass ends, holds it up by the
 * whole timeout, started first, by nothing. The state says which targets were down, but at 10,000 targets its
 * read comes well into the pass; the list of slow targets is one small item, read in one call before it.
 */

import { hash } from '../hash.js'
import { type ProbeResult } from './model.js'
import { keyOf, type Target } from '../targets/model.js'

/**
 * The most targets the list names: 8 bytes each at most, so that the item stays under 4 KB, one read at half a
 * read unit (eventually consistent) and a rewrite at 4 write units. A pass with more slow targets than this
 * starts the slowest first, and the state's read promotes those that were down as it comes.
 */
export const MAX_SLOW = 400

/** A target's name in the list: short, the same on every run (a collision only moves another target up). */
export function slowId(target: Target): string {
  return hash(keyOf(target)).toString(36)
}

/**
 * The targets of this pass that were slow, slowest first: a check tried again, then by how long it took; a
 * check that took at least half its timeout, ran into it, or failed without a sign from its host.
 */
export function slowOf(results: ProbeResult[]): string[] {
  return results
    .filter(
      ({ target, latencyMs, silent, attempts }) => silent || attempts > 1 || latencyMs * 2 >= target.timeoutMs
    )
    .sort((a, b) => b.attempts - a.attempts || b.latencyMs - a.latencyMs)
    .slice(0, MAX_SLOW)
    .map(result => slowId(result.target))
}

/** The targets that `ids` names, in its order; every target with a listed id. */
export function slowTargets(targets: Target[], ids: string[]): Target[] {
  const byId = new Map<string, Target[]>()
  for (const target of targets) {
    const id = slowId(target)
    const same = byId.get(id)
    if (same) same.push(target)
    else byId.set(id, [target])
  }
  return ids.flatMap(id => byId.get(id) ?? [])
}

/**
 * Whether two lists name the same targets, in whatever order: then the list is not written again, so that a
 * steady pass writes nothing (the order of the slow ones moves with their latencies from pass to pass).
 */
export function sameTargets(a: string[], b: string[]): boolean {
  const set = new Set(a)
  return set.size === new Set(b).size && b.every(id => set.has(id))
}
