/**
 * Which stored history a pass may fold or show: one rule for the record, the results, the page and the digest,
 * so that none of them counts time another would not.
 */

import { type History, type SeenState } from './model.js'

/**
 * The stored history, unless it is older than the stored state: written while history was off, it does not
 * know what happened since, so it is not shown, and the next write starts it afresh from the state's start
 * rather than give that time to a state that was not there. (A fold sets `at` to at least the time of the state
 * it writes.)
 */
export function usableHistory(
  history: History | undefined,
  state: Pick<SeenState, 'since'> | undefined
): History | undefined {
  const since = state?.since === undefined ? Number.NaN : Date.parse(state.since)
  return history !== undefined && Math.floor(since / 1000) * 1000 > history.at ? undefined : history
}
