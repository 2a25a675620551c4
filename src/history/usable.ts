/**
 * Which stored history a pass may fold or show: one rule for the record, the results, the page and the digest,
 * so that none of them counts time another would not.
 */

import { type History, type SeenState } from './model.js'

/**
 * How far a history's `at` may lie ahead of the pass's clock and still be trusted: more than a pass takes and
 * than the clocks of two runners differ, so that an overlapping run whose checks came a little earlier keeps
 * the history (the fold then takes no time back). Further ahead, the history was written by a clock that was
 * wrong, or into the table by hand: trusting it would stop the hourly writes until then and give that time to
 * no state.
 */
export const MAX_AHEAD_MS = 10 * 60_000

/**
 * The stored history, unless
 * - it is older than the stored state: written while history was off, it does not know what happened since;
 * - or its `at` lies more than MAX_AHEAD_MS after `now`.
 * Such a history is not shown, and the next write starts it afresh from the state's start (as a first pass with
 * history on does) rather than give time to a state that was not there. (A fold sets `at` to at least the time
 * of the state it writes.)
 */
export function usableHistory(
  history: History | undefined,
  state: Pick<SeenState, 'since'> | undefined,
  now: number
): History | undefined {
  if (history === undefined || history.at > now + MAX_AHEAD_MS) return undefined
  const since = state?.since === undefined ? Number.NaN : Date.parse(state.since)
  return Math.floor(since / 1000) * 1000 > history.at ? undefined : history
}
