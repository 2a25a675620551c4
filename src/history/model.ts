/**
 * A target's history, the types the fold, the figures and the codec share. Time is counted in whole seconds:
 * instants are ms since the epoch on a whole second, lengths are seconds.
 */

import { type StoredState } from '../state/model.js'

/** Days of rollups the page shows; a day is kept while any of it lies within this many days before `at`. */
export const HISTORY_DAYS = 90
export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

/**
 * A gap between two folds longer than this is time no run watched the target: neither up nor down, nor known.
 * While runs check a target, its item is written at least once an hour (a steady one on its hour, every change
 * at once), so folds lie at most an hour and a run's delay apart. Six hours is well beyond that: beyond GitHub's
 * delays of scheduled runs under load (up to about an hour) and a few runs it drops, even on an hourly schedule;
 * what is longer is a schedule that stopped (disabled, or idle for 60 days) or a target out of the targets file.
 */
export const UNWATCHED_AFTER_MS = 6 * HOUR_MS

/** The UTC midnight that starts the day of `at`. */
export const dayOf = (at: number) => Math.floor(at / DAY_MS) * DAY_MS

/**
 * A latency sample is capped at 10 minutes, which a chart shows the same as anything slower, so that a target with
 * a huge timeout cannot make the history bigger than its worst case.
 */
export const MAX_SAMPLE_MS = 600_000

/** An incident's reason is cut to this many characters, with an ellipsis: enough to say what failed. */
export const MAX_REASON_CHARS = 80

/** What a target's item keeps of its past, besides its state. */
export interface History {
  /** Time up to which time has been given to a state: the last fold's time. */
  at: number
  /** Since when the state is known: time before it, or before the first check, is counted in no figure. */
  knownSince?: number
  /**
   * The end of the last gap no run watched (see UNWATCHED_AFTER_MS), absent if there was none: a state begins
   * no earlier, so that a streak of failures across the gap does not give it the gap's time.
   */
  watchedSince?: number
  /** One rollup per UTC day that has anything to count, oldest first, none older than HISTORY_DAYS. */
  days: DayRollup[]
  /**
   * Latency of the last 24 hours up to `at`'s hour, one sample an hour (ms; null for an hour without one),
   * by UTC hour: index 13 holds 13:00 to 14:00 of `at`'s day if that hour has begun, else of the day before.
   */
  hourly: (number | null)[]
  /** The last incidents, oldest first; only the newest may be open. */
  incidents: Incident[]
  /** Every down or degraded time since this instant is in `incidents`: older ones were dropped to fit. */
  incidentsSince: number
}

/**
 * What one UTC day counts. Known time is not kept per day: it is the day's share of [knownSince, at), less its
 * unwatched seconds.
 */
export interface DayRollup {
  /** The UTC midnight that starts the day. */
  day: number
  /** Seconds down, outside maintenance windows. */
  downSeconds: number
  /** Seconds degraded, outside maintenance windows: up for the percentage, shown apart. */
  degradedSeconds: number
  /** Seconds inside maintenance windows while the state was known, whatever the state: neither up nor down. */
  maintenanceSeconds: number
  /**
   * Seconds of a gap no run watched (longer than UNWATCHED_AFTER_MS): neither up nor down, nor known. Absent for
   * none, as in histories written before it was counted.
   */
  unwatchedSeconds?: number
  /** Average and 95th percentile of the day's hourly latency samples (ms); absent without samples. */
  latency?: { averageMs: number; p95Ms: number }
}

/** A time the target was down or degraded: from its first failed check to its recovery's first good one. */
export interface Incident {
  start: number
  /** Absent while it lasts. */
  end?: number
  kind: 'down' | 'degraded'
  /** What failed, cut to MAX_REASON_CHARS. */
  reason: string
}

/** What the history reads of a stored state. */
export type SeenState = Pick<StoredState, 'state' | 'since' | 'reason' | 'assumed'>

/** A pass that writes the target's item, as the history sees it. */
export interface Pass {
  /** The state stored before the pass; undefined for a target never seen. */
  before?: SeenState
  /** The state the pass stores. */
  after: SeenState
  /** The pass's latency (ms), when the target answered well enough for it to tell its speed (up or degraded). */
  latencyMs?: number
  /** The pass's time (ms since the epoch). */
  now: number
}
