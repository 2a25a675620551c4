/**
 * The state machine: previous state + this pass's result -> next state, the change it makes, and the mail
 * to send if any. Pure: no I/O, no clock; the time and the run's identity come in as arguments.
 *
 * Two states are kept apart: the confirmed state (what thresholds allow the target to be called) and the
 * announced one (what the last mail said). A mail goes out whenever the two differ outside a maintenance
 * window, so a change made inside a window is mailed when the window ends, if it still stands.
 */

import { recordHistory } from './history/record.js'
import { MAX_AHEAD_MS } from './history/usable.js'
import { inWindow } from './maintenance.js'
import { type ProbeResult } from './probes/model.js'
import {
  earliestFirst,
  type Change,
  type Health,
  type Kind,
  type Pending,
  type RunnerOnly,
  type StoredState
} from './state/model.js'
import { keyOf, type Policy, type TargetKey } from './targets/model.js'
import { type SecondOpinion } from './vantages/model.js'

/** What reconcile needs to know of a probe result. */
export interface Observation {
  name: string
  url: string
  health: Health
  reason: string
  checkedAt: string
  /** What the vantages made of a failure that reached the threshold, when they were asked (vantages/). */
  opinion?: SecondOpinion
}

export interface Context {
  /** The pass's time (ISO). */
  now: string
  /** This run's identity, written into the claims it takes. */
  runId: string
  /** How long a claim on a pending change holds before another run may take it over. */
  leaseMs: number
  /** After how long failing only from the runner is mailed (BLOCKED), once; absent: never. */
  runnerOnlyAfterMs?: number
  /**
   * True when vantages are set but were not asked about this decision (a write lost to an overlapping run, decided
   * again from what that run stored): a DOWN waits at the threshold for the next pass to ask them.
   */
  holdUnasked?: boolean
}

/** What a pass adds to reconcile's context. */
export interface PassContext extends Context {
  /** Whether targets keep a history (the input history): folded at every write, and written once an hour. */
  history: boolean
}

export interface Decision {
  previous?: StoredState
  next: StoredState
  /** The change of state this pass confirmed, if any: the `changes` output. */
  change?: Change
  /** What this pass puts in the outbox, if anything: a change, one deferred by a window, or a reminder. */
  mail?: Change
  /** Whether the stored item differs from `previous` and must be written. */
  write: boolean
}

const SEVERITY: Record<Health, number> = { up: 0, degraded: 1, down: 2 }

export function reconcile(
  previous: StoredState | undefined,
  observation: Observation,
  policy: Policy,
  context: Context
): Decision {
  if (previous !== undefined && checkedBefore(previous, observation, context)) return unchanged(previous)
  const at = observation.checkedAt
  // A target never seen counts as up until passes say otherwise, as the legacy Lambda had it; until a pass
  // confirms a state, that up is only assumed, and a change from it is a first check with nothing before it.
  const base: StoredState = previous ?? {
    state: 'up',
    failures: 0,
    successes: 0,
    pending: {},
    announced: 'up',
    assumed: true
  }
  const firstSight = base.assumed === true

  const next: StoredState = {
    ...base,
    // Written with the item whenever it is written, and alone never a reason to write it (canonical). An older
    // check that still says something (checkedBefore) leaves the later time.
    checkedAt:
      base.checkedAt !== undefined && Date.parse(base.checkedAt) > Date.parse(at) ? base.checkedAt : at,
    failures: 0,
    successes: 0,
    streakSince: undefined,
    runnerOnly: undefined,
    pending: takeOverExpired(base.pending, context)
  }
  // Held: another run may be sending an earlier change of this target right now (a lease that has not run out).
  const held = Object.values(next.pending).some(entry => entry.claim !== context.runId)
  let change: Change | undefined
  const observed = observation.health
  if (observed === base.state && firstSight) {
    Object.assign(next, { assumed: undefined, since: at, announcedSince: at })
  } else if (observed !== base.state) {
    const worse = SEVERITY[observed] > SEVERITY[base.state]
    const streak = (worse ? base.failures : base.successes) + 1
    const streakSince = streak > 1 ? (base.streakSince ?? at) : at
    const dispute = observed === 'down' && disputed(observation, base)
    const unasked = observed === 'down' && context.holdUnasked === true && observation.opinion === undefined
    if (streak >= policy.failureThreshold && (dispute || unasked)) {
      // Failing only from the runner, or from fewer places than the quorum, or not asked yet: no change. The
      // streak stays at the threshold, so that each failing pass asks again, and the dispute keeps its beginning.
      Object.assign(next, {
        failures: policy.failureThreshold,
        streakSince,
        runnerOnly: dispute ? runnerOnlyAfter(base, observation, streakSince) : base.runnerOnly
      })
    } else if (streak >= (worse ? policy.failureThreshold : policy.successThreshold)) {
      // After a dispute, the outage began when the places came to agree, not when the runner began to fail.
      const since = observed === 'down' && base.runnerOnly ? at : streakSince
      change = {
        id: `${since}/${observed}`,
        kind: kindOf(base.state, observed),
        name: observation.name,
        url: observation.url,
        from: firstSight ? null : base.state,
        to: observed,
        reason: observation.reason,
        since,
        previousSince: firstSight ? undefined : base.since,
        duration: firstSight ? null : seconds(base.since, since)
      }
      Object.assign(next, {
        state: observed,
        since,
        reason: observed === 'up' ? undefined : observation.reason,
        assumed: undefined,
        // Kept for the DOWN's mail, which a maintenance window may put off; gone once it is in the outbox.
        confirmedBy: observed === 'down' ? observation.opinion?.places : undefined
      })
    } else {
      Object.assign(next, worse ? { failures: streak } : { successes: streak }, { streakSince })
    }
  }

  const mail = announce(next, observation, policy, context, firstSight)
  // Mails go out in the order of the changes: after one that another run holds, the next run sends this one.
  if (mail)
    next.pending[mail.id] = held
      ? { change: mail, claim: UNCLAIMED, leaseUntil: context.now }
      : { change: mail, claim: context.runId, leaseUntil: leaseEnd(context) }
  // Items the legacy Lambda wrote have no version: the first write gives them every attribute.
  const write = previous?.version === undefined || !sameStored(previous, next)
  return { previous, next, change, mail, write }
}

/**
 * Whether the check ended before the one the item was last written from, and tells nothing that item lacks. An
 * overlapping run wrote the item from a later check: its write won over this run's (state/commit.ts decides
 * again from it), or it came before this run's read of the state returned. Laid over the later check, the older
 * one would mail a change and its undoing for a target that changed once (DOWN, RECOVERED, DOWN). It does tell
 * something when it saw the target otherwise than the item, whose state began before it: the target changed
 * and came back between the two checks, which one after the other would have mailed. A time ahead of the clock
 * (a hand edit, a runner's clock gone wrong) orders nothing.
 */
function checkedBefore(previous: StoredState, observation: Observation, context: Context): boolean {
  const stored = previous.checkedAt === undefined ? Number.NaN : Date.parse(previous.checkedAt)
  const at = Date.parse(observation.checkedAt)
  if (!(stored >= at) || stored > Date.parse(context.now) + MAX_AHEAD_MS) return false
  const since = previous.since === undefined ? Number.NaN : Date.parse(previous.since)
  return observation.health === previous.state || !(since <= at)
}

/**
 * Whether the places dispute the runner's failure: the vantages were asked and fewer than the quorum saw the
 * target down. When none of them gave a verdict, a dispute already standing stands: a vantage that stops
 * answering for a pass must not turn a runner that is blocked into a DOWN; a new failure is the runner's to
 * decide, so that no outage goes unmailed for want of a second opinion.
 */
function disputed(observation: Observation, base: StoredState): boolean {
  const { opinion } = observation
  if (opinion === undefined) return false
  if (!opinion.unanswered) return !opinion.confirmed
  return base.runnerOnly !== undefined && (base.runnerOnly.silent ?? 0) < SILENT_PASSES
}

/**
 * Passes in a row that a standing dispute outlives without a verdict from any vantage: then the runner decides,
 * so that vantages gone for good (a stack deleted, a grant revoked) cannot hide an outage for longer.
 */
export const SILENT_PASSES = 3

/** The dispute after this pass: begun now or before, and how many passes in a row no vantage answered. */
function runnerOnlyAfter(base: StoredState, observation: Observation, streakSince: string): RunnerOnly {
  const { since, told } = base.runnerOnly ?? { since: streakSince }
  const silent = observation.opinion?.unanswered ? (base.runnerOnly?.silent ?? 0) + 1 : 0
  return { since, ...(told !== undefined && { told }), ...(silent > 0 && { silent }) }
}

/** A decision that leaves the item as it is. */
const unchanged = (previous: StoredState): Decision => ({ previous, next: previous, write: false })

/**
 * The mail this pass owes, outside maintenance windows: the news when the confirmed state differs from the
 * announced one, else a reminder when the target has been down for another interval. Updates `next`.
 */
function announce(
  next: StoredState,
  observation: Observation,
  policy: Policy,
  context: Context,
  firstSight: boolean
): Change | undefined {
  if (inWindow(policy.maintenance, Date.parse(context.now))) return undefined
  const shown = (health: Health): Health => (health === 'degraded' && !policy.notifyDegraded ? 'up' : health)
  const base = { name: observation.name, url: observation.url, reason: next.reason ?? observation.reason }

  if (shown(next.state) !== shown(next.announced)) {
    const since = next.since ?? observation.checkedAt
    const kind = kindOf(shown(next.announced), shown(next.state))
    const news: Change = {
      ...base,
      id: `${since}/${kind}`,
      kind,
      from: firstSight ? null : next.announced,
      to: next.state,
      since,
      previousSince: firstSight ? undefined : next.announcedSince,
      duration: firstSight ? null : seconds(next.announcedSince, since)
    }
    // The DOWN the vantages confirmed says where it failed.
    if (kind === 'DOWN' && next.confirmedBy) news.places = next.confirmedBy
    Object.assign(next, {
      announced: next.state,
      announcedSince: since,
      remindedAt: undefined,
      confirmedBy: undefined
    })
    return news
  }

  const runnerOnly = next.runnerOnly
  const after = context.runnerOnlyAfterMs
  if (runnerOnly && !runnerOnly.told && after !== undefined) {
    if (Date.parse(context.now) - Date.parse(runnerOnly.since) < after) return undefined
    next.runnerOnly = { ...runnerOnly, told: context.now }
    return {
      ...base,
      reason: observation.reason,
      id: `${runnerOnly.since}/BLOCKED`,
      kind: 'BLOCKED',
      from: next.state,
      to: next.state,
      since: runnerOnly.since,
      duration: seconds(runnerOnly.since, context.now),
      ...(observation.opinion && { places: observation.opinion.places })
    }
  }

  if (next.state !== 'down' || policy.remindEveryMs === undefined) return undefined
  const last = next.remindedAt ?? next.announcedSince ?? next.since
  if (last === undefined || Date.parse(context.now) - Date.parse(last) < policy.remindEveryMs)
    return undefined
  next.remindedAt = context.now
  return {
    ...base,
    id: `${context.now}/REMINDER`,
    kind: 'REMINDER',
    from: 'down',
    to: 'down',
    since: next.since ?? context.now,
    previousSince: next.since,
    duration: seconds(next.since, context.now)
  }
}

/** DOWN, DEGRADED or RECOVERED: getting out of down is a recovery, even into degraded. */
function kindOf(from: Health, to: Health): Kind {
  if (to === 'down') return 'DOWN'
  if (to === 'up' || from === 'down') return 'RECOVERED'
  return 'DEGRADED'
}

/**
 * Pending changes as this run keeps them, earliest first. One whose lease has run out belongs to a run that can
 * no longer be sending it, and this run takes it over, unless an earlier change of the target is still held by
 * another run: a RECOVERED mailed before its DOWN would leave the reader thinking the target is down. It waits,
 * and the run that finds both free sends both, in one mail.
 */
function takeOverExpired(pending: Record<string, Pending>, context: Context): Record<string, Pending> {
  const taken: Record<string, Pending> = {}
  let held = false
  const entries = Object.entries(pending).sort(([, a], [, b]) => earliestFirst(a.change, b.change))
  for (const [id, entry] of entries) {
    // An unclaimed change is nobody's, whatever the clock of the run that stored it said.
    const expired = entry.claim === UNCLAIMED || Date.parse(entry.leaseUntil) <= Date.parse(context.now)
    held ||= !expired && entry.claim !== context.runId
    taken[id] = expired && !held ? { ...entry, claim: context.runId, leaseUntil: leaseEnd(context) } : entry
  }
  return taken
}

/** The claim of a pending change that no run holds yet: stored with its lease already ended. */
export const UNCLAIMED = ''

function leaseEnd(context: Context): string {
  return new Date(Date.parse(context.now) + context.leaseMs).toISOString()
}

function seconds(from: string | undefined, to: string): number | null {
  return from === undefined ? null : Math.round((Date.parse(to) - Date.parse(from)) / 1000)
}

/** A target's probe result and what reconcile made of it. */
export type Decided = Decision & { key: TargetKey; result: ProbeResult }

/**
 * reconcile for one probe result, with the state read for its target (undefined: never seen), and the target's
 * history when it keeps one.
 */
export function reconcileResult(
  result: ProbeResult,
  previous: StoredState | undefined,
  context: PassContext
): Decided {
  const { name, url, policy } = result.target
  const observation = {
    name,
    url,
    health: result.health,
    reason: result.reason,
    checkedAt: result.checkedAt,
    opinion: result.opinion
  }
  const decision = reconcile(previous, observation, policy, context)
  // An older check left out (checkedBefore) folds no history either: the item's is later.
  const folded = context.history && decision.next !== previous
  return { key: { url, name }, result, ...(folded ? recordHistory(decision, result) : decision) }
}

/** reconcileResult for every result of the pass, with the state read for its target (by keyOf). */
export function reconcileAll(
  results: ProbeResult[],
  previous: Map<string, StoredState>,
  context: PassContext
): Decided[] {
  return results.map(result => reconcileResult(result, previous.get(keyOf(result.target)), context))
}

/** The pending changes that this run holds the claim to, and so must send. */
export function claimedBy(state: StoredState, runId: string): Change[] {
  return Object.values(state.pending)
    .filter(entry => entry.claim === runId)
    .map(entry => entry.change)
}

/**
 * Whether two states store the same: every attribute but the version, the history and the time of the check,
 * compared by value, so that a new attribute is compared without being listed here; pending changes by id,
 * claim and lease. reconcile carries the history over as it was: recordHistory decides when it is written.
 * Without building anything: a steady pass compares 10,000 states.
 */
function sameStored(a: StoredState, b: StoredState): boolean {
  const left = a as unknown as Record<string, unknown>
  const right = b as unknown as Record<string, unknown>
  for (const name in left) if (!NOT_COMPARED.has(name) && !sameValue(left[name], right[name])) return false
  for (const name in right)
    if (!NOT_COMPARED.has(name) && !Object.hasOwn(left, name) && right[name] !== undefined) return false
  const ids = Object.keys(a.pending)
  if (ids.length !== Object.keys(b.pending).length) return false
  return ids.every(id => {
    const other = Object.hasOwn(b.pending, id) ? b.pending[id] : undefined
    return other?.claim === a.pending[id].claim && other.leaseUntil === a.pending[id].leaseUntil
  })
}

const NOT_COMPARED = new Set(['version', 'history', 'checkedAt', 'pending'])

/** Attributes are text, numbers and true or false; anything else is compared as JSON. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)
}
