/**
 * When a run keeps its workflow's schedule alive: GitHub disables the schedule of a public repository with no
 * activity for 60 days, and enabling the workflow through the API is reported to count as activity
 * (README, "The schedule stays alive"). Pure: the times are arguments.
 */

import { DAY_MS } from '../history/model.js'

/** Quiet days after which the workflow is enabled: ten before GitHub's 60, for runs that come late or fail. */
export const QUIET_DAYS = 50

/**
 * Days between two calls while the repository stays quiet: the repository's last push does not move, so without
 * this every run after day 50 would call. A week is seven chances (a run a day at least) to be told of a
 * failing call before the next is due, and leaves 53 days of the 60 if a call counts as activity.
 */
export const KEEPALIVE_EVERY_DAYS = 7

/** Whole days from `lastActivity` to `now` (ms). */
export function quietDays(lastActivity: number, now: number): number {
  return Math.floor((now - lastActivity) / DAY_MS)
}

/**
 * Whether the last call (ISO), if any, is old enough for another: asked first, before any call. A last call
 * recorded later than `now` (a clock that was ahead) does not hold the next back.
 */
export function keepaliveAllowed(keptAliveAt: string | undefined, now: number): boolean {
  const since = keptAliveAt === undefined ? NaN : now - Date.parse(keptAliveAt)
  return !(since >= 0 && since < KEEPALIVE_EVERY_DAYS * DAY_MS)
}
