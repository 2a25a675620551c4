/**
 * What a target's state asks of its GitHub issue (input incident-issues), decided from the state alone, so that
 * what a run could not do is done by the next one: an outage that was mailed and has no issue gets one, a
 * reminder that was mailed is told on the issue, and an issue whose outage is over gets the recovery and is
 * closed. A target whose state asks nothing costs no call: a steady pass makes none.
 */

import { type IssueRecord, type StoredState } from '../state/model.js'

/**
 * How long a run's claim on opening an issue holds: longer than the GitHub calls of a pass can take, rate limits
 * waited out included (incidents/index.ts opens nothing with less than half of it left).
 */
export const ISSUE_LEASE_MS = 10 * 60_000

export type IssueWork =
  /** The outage has no issue yet: open one, after looking for it when a run that died may have opened it. */
  | { kind: 'open'; outage: string; search: boolean; earlier?: IssueRecord }
  /** A reminder was mailed since the last one the issue told of. */
  | { kind: 'remind'; number: number; outage: string; reminded: string }
  /** The outage is over: tell the issue and close it. */
  | { kind: 'recover'; record: IssueRecord }

/**
 * The work `state` asks for at `now`, or undefined. Only once its mail is out: a change still pending under
 * another run's claim is that run's to send first, and its issue waits with it.
 */
export function issueWork(state: StoredState | undefined, runId: string, now: number): IssueWork | undefined {
  if (state === undefined || state.assumed) return undefined
  if (Object.values(state.pending).some(entry => entry.claim !== runId)) return undefined
  const record = state.issue
  // Claimed and not recorded: the run that claimed it is opening it, or died; after its lease, look first.
  const held =
    record?.number === undefined &&
    record?.claim !== undefined &&
    record.claim !== runId &&
    Date.parse(record.leaseUntil ?? '') > now
  if (state.announced !== 'down' || state.announcedSince === undefined)
    return record && !held ? { kind: 'recover', record } : undefined

  const outage = state.announcedSince
  if (record?.outage !== outage) return { kind: 'open', outage, search: false, earlier: record }
  if (record.number !== undefined) {
    const reminded = state.remindedAt
    return reminded !== undefined && Date.parse(reminded) > Date.parse(record.reminded ?? outage)
      ? { kind: 'remind', number: record.number, outage, reminded }
      : undefined
  }
  return held ? undefined : { kind: 'open', outage, search: true }
}
