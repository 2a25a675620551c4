/**
 * The state machine: previous state + this pass's result -> next state, and the change to mail if any.
 * Pure: no I/O, no clock; `now` and the run's identity come in as arguments.
 */

import { type ProbeResult } from './probes/probe.js'
import { type Change, type Health, type Pending, type StoredState } from './state/model.js'
import { keyOf, type TargetKey } from './targets/model.js'

/** What reconcile needs to know of a probe result. */
export interface Observation {
  name: string
  url: string
  health: Health
  reason: string
  checkedAt: string
}

export interface Context {
  /** The pass's time (ISO). */
  now: string
  /** This run's identity, written into the claims it takes. */
  runId: string
  /** How long a claim on a pending change holds before another run may take it over. */
  leaseMs: number
}

export interface Decision {
  previous?: StoredState
  next: StoredState
  /** The change this pass found, if any; it is also in next.pending. */
  change?: Change
  /** Whether the stored item differs from `previous` and must be written. */
  write: boolean
}

/** Consecutive passes are counted up to this cap, so that a steady target's counters stop changing. */
const COUNTER_CAP = 1

export function reconcile(
  previous: StoredState | undefined,
  observation: Observation,
  context: Context
): Decision {
  const observed = observation.health
  const leaseUntil = new Date(Date.parse(context.now) + context.leaseMs).toISOString()

  // Pending changes whose lease has run out belong to a run that can no longer be sending them: take them over.
  const pending: Record<string, Pending> = {}
  for (const [id, entry] of Object.entries(previous?.pending ?? {})) {
    const expired = Date.parse(entry.leaseUntil) <= Date.parse(context.now)
    pending[id] = expired ? { ...entry, claim: context.runId, leaseUntil } : entry
  }

  let change: Change | undefined
  const changed = previous === undefined ? observed !== 'up' : previous.state !== observed
  if (changed) {
    change = {
      id: `${observation.checkedAt}/${observed}`,
      name: observation.name,
      url: observation.url,
      from: previous?.state ?? null,
      to: observed,
      reason: observation.reason,
      since: observation.checkedAt,
      previousSince: previous?.since,
      duration: previous?.since
        ? Math.round((Date.parse(observation.checkedAt) - Date.parse(previous.since)) / 1000)
        : null
    }
    pending[change.id] = { change, claim: context.runId, leaseUntil }
  }

  const stays = previous !== undefined && !changed
  const next: StoredState = {
    state: observed,
    since: stays ? previous.since : observation.checkedAt,
    // A degraded target answers: it counts as a success, not a failure.
    failures: observed === 'down' ? Math.min((stays ? previous.failures : 0) + 1, COUNTER_CAP) : 0,
    successes: observed === 'down' ? 0 : Math.min((stays ? previous.successes : 0) + 1, COUNTER_CAP),
    reason: observed === 'up' ? undefined : stays ? previous.reason : observation.reason,
    pending,
    notifiedAt: previous?.notifiedAt,
    version: previous?.version
  }
  // Items the legacy Lambda wrote have no version: the first write gives them every attribute.
  const write = previous?.version === undefined || !sameStored(previous, next)
  return { previous, next, change, write }
}

/** A target's probe result and what reconcile made of it. */
export type Decided = Decision & { key: TargetKey; result: ProbeResult }

/** reconcile for every result of the pass, with the state read for its target (by keyOf). */
export function reconcileAll(
  results: ProbeResult[],
  previous: Map<string, StoredState>,
  context: Context
): Decided[] {
  return results.map(result => {
    const { name, url } = result.target
    const observation = {
      name,
      url,
      health: result.health,
      reason: result.reason,
      checkedAt: result.checkedAt
    }
    return {
      key: { url, name },
      result,
      ...reconcile(previous.get(keyOf({ url, name })), observation, context)
    }
  })
}

/** The pending changes that this run holds the claim to, and so must send. */
export function claimedBy(state: StoredState, runId: string): Change[] {
  return Object.values(state.pending)
    .filter(entry => entry.claim === runId)
    .map(entry => entry.change)
}

function sameStored(a: StoredState, b: StoredState): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

function canonical(state: StoredState): unknown {
  return [
    state.state,
    state.since,
    state.failures,
    state.successes,
    state.reason,
    Object.keys(state.pending)
      .sort()
      .map(id => [id, state.pending[id].claim, state.pending[id].leaseUntil]),
    state.notifiedAt
  ]
}
