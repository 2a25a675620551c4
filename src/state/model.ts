// Types only, erased: the history's and the vantages' models read the state's, not the other way round.
import type { History } from '../history/model.js'
import type { PlaceVerdict } from '../vantages/model.js'

/** The health of a target. `degraded` is up but not well (slow, or a certificate about to expire). */
export const HEALTHS = ['up', 'down', 'degraded'] as const
export type Health = (typeof HEALTHS)[number]

/**
 * What a mail says of a target: worst first. BLOCKED: the target has failed only from the runner, while the
 * vantages saw it up, for runner-only-after (the runner's addresses may be blocked); its state is unchanged.
 */
export const KINDS = ['DOWN', 'REMINDER', 'DEGRADED', 'BLOCKED', 'RECOVERED'] as const
export type Kind = (typeof KINDS)[number]

/**
 * A change of a target's health, or a reminder that it stays down: what gets mailed, and (for changes) what
 * the `changes` output lists.
 */
export interface Change {
  /** Unique within the target's item: `<since>/<kind>`, or `<time>/REMINDER`. */
  id: string
  kind: Kind
  name: string
  url: string
  /** null when the target was seen for the first time. */
  from: Health | null
  to: Health
  /** Why the target is in its new state: `HTTP 503, expected 200-299`, `HTTP 200`… */
  reason: string
  /** When the new state began (ISO). */
  since: string
  /** When the previous state began (ISO), where known. */
  previousSince?: string
  /** Seconds spent in the previous state, where known. */
  duration: number | null
  /**
   * What each place made of the target, the runner first, when vantages were asked: a DOWN they confirmed, a
   * BLOCKED they disputed.
   */
  places?: PlaceVerdict[]
}

/** Changes as mail, summary and outputs list them: by kind, worst first (KINDS' order), then by name. */
export function changesWorstFirst(changes: Change[]): Change[] {
  return [...changes].sort(
    (a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.name.localeCompare(b.name)
  )
}

/** Two changes of one target in the order they happened: by when each began, then by id (ids begin with a time). */
export function earliestFirst(a: Change, b: Change): number {
  return Date.parse(a.since) - Date.parse(b.since) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** A change stored before it is mailed (the outbox), with the run that may send it and until when. */
export interface Pending {
  change: Change
  /** The run that holds the right to send it. */
  claim: string
  /** After this time (ISO) another run may take the claim over. */
  leaseUntil: string
}

/** What the store keeps per target, besides its key. */
export interface StoredState {
  state: Health
  /** When the current state began (ISO); unknown for items the legacy Lambda wrote. */
  since?: string
  /** Consecutive failed and successful passes, capped: written only when they change. */
  failures: number
  successes: number
  /** Why the current state began, for a target that is not up. */
  reason?: string
  /** When the current run of passes toward another state began (ISO); absent when there is none. */
  streakSince?: string
  /** The state the last mail told of (degraded reads as up where degraded is not mailed). */
  announced: Health
  /** When that state began (ISO). */
  announcedSince?: string
  /** When the last reminder was mailed (ISO). */
  remindedAt?: string
  /** Changes not mailed yet, by change id. */
  pending: Record<string, Pending>
  /** When a mail about this target was last sent (ISO). */
  notifiedAt?: string
  /**
   * True while the state is only assumed: a target never seen counts as up until a pass confirms a state, so
   * a change from it is its first check, with no time before it.
   */
  assumed?: boolean
  /**
   * What the target's item keeps of its past (history/), stored as one string attribute. Absent for a target
   * without one yet, or whose stored one could not be understood; kept as read by a pass that does not fold it.
   */
  history?: History
  /**
   * When the check this item was last written from ended (ISO). A run whose write loses to an overlapping run's
   * does not lay an older check over a newer one (state/commit.ts). Absent on items written before it was kept.
   */
  checkedAt?: string
  /**
   * While the target fails its threshold only from the runner (the vantages see it up): since when the
   * runner has seen it fail, and when that was mailed (BLOCKED), once.
   */
  runnerOnly?: RunnerOnly
  /**
   * The places that confirmed the target's DOWN, while its mail waits for a maintenance window to end: the mail
   * says where it failed.
   */
  confirmedBy?: PlaceVerdict[]
  /** The GitHub issue of the target's outage (input incident-issues): open, being opened, or to be closed. */
  issue?: IssueRecord
  /** Bumped on every write; absent on items the legacy Lambda wrote. */
  version?: number
}

/**
 * A target's outage as a GitHub issue (incidents/). Opening it is claimed, as a pending change is, so that of
 * overlapping runs one opens it; a run that dies after opening it and before recording the number leaves the
 * claim to run out, and the next run finds the issue by the marker in its body instead of opening another.
 */
export interface IssueRecord {
  /** When the outage began (the DOWN's since): which outage the issue is about. */
  outage: string
  /** The issue's number, once it is open. */
  number?: number
  /** The run opening it, and until when another run leaves it to that one. */
  claim?: string
  leaseUntil?: string
  /** The reminder last told on the issue: the item's remindedAt then. */
  reminded?: string
}

/** A target failing only from the runner (StoredState.runnerOnly). */
export interface RunnerOnly {
  /** When the runner's failures began (ISO). */
  since: string
  /** When the BLOCKED mail was owed (ISO): it is not owed again until the dispute ends. */
  told?: string
  /** Passes in a row in which no vantage gave a verdict; absent: none. */
  silent?: number
}
