import { type Span } from '../history/uptime.js'
import { type Timings } from '../probes/model.js'
import { type Punctuality } from '../schedule/punctuality.js'
import { type Change, type Health } from '../state/model.js'
import { keyOf } from '../targets/model.js'

/** One target's line in the report. */
export interface TargetReport {
  name: string
  /** The group the targets file gives it, if any. */
  group?: string
  /** As written in the targets file (passwords masked), with any `${VAR}` placeholder. */
  url: string
  /** The state after this run; null for a target never seen when the run was inconclusive (nothing recorded). */
  state: Health | null
  /** What this run's check found: differs from `state` while a threshold holds a change back, or when the
   * run was inconclusive. */
  observed: Health
  status: number | null
  latencyMs: number
  timings: Timings
  /** This run's reason, redacted. */
  reason: string
  /** When the current state began (ISO), where known. */
  since?: string
  /**
   * What the vantages made of a failure, when they were asked: `failing only from the runner; up from
   * eu-west-1`, `down from runner, eu-west-1`, and the places that gave no verdict.
   */
  places?: string
  /** Uptime from the target's history as stored after this run, by span ending at its check. */
  uptime: UptimePercents
}

/**
 * Up (degraded included) over the known time outside maintenance, in percent to two decimals, cut rather than
 * rounded so that any downtime shows below 100; null where nothing is known (no history).
 */
export type UptimePercents = Record<Span, number | null>

/** What a pass found, as summary, outputs and log show it; free text already redacted. */
export interface Report {
  targets: TargetReport[]
  changes: Change[]
  dryRun: boolean
  /** Why the pass was inconclusive (the runner's network in doubt), when it was: then nothing changed. */
  inconclusive?: string
  /** How the run kept to its timetable, once known. */
  punctuality?: Punctuality
}

export const ICONS: Record<Health, string> = { up: '🟢', degraded: '🟡', down: '🔴' }
/** A target with no state: never seen, and this run recorded nothing. */
export const NEW_ICON = '⚪'

const RANK: Record<Health, number> = { down: 0, degraded: 1, up: 2 }

/** Problems first: down, then degraded, then up, then targets with no state; by name within each. */
export function worstFirst(targets: TargetReport[]): TargetReport[] {
  const rank = (target: TargetReport) => (target.state === null ? 3 : RANK[target.state])
  return [...targets].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
}

/**
 * The targets a person must see one by one, and the others. A target needs attention when it is down or
 * degraded, when this run's check found it otherwise than its state (a threshold holds a change back), when
 * it has no state, or when it changed this run; the others are up and steady, and are summed up. Each part is
 * worst first.
 */
export function byAttention(report: Report): { attention: TargetReport[]; steady: TargetReport[] } {
  const changed = new Set(report.changes.map(keyOf))
  const needed = (target: TargetReport) =>
    target.state !== 'up' || target.observed !== 'up' || changed.has(keyOf(target))
  const sorted = worstFirst(report.targets)
  return { attention: sorted.filter(needed), steady: sorted.filter(target => !needed(target)) }
}

/** Targets in each state; targets with no state are in none. */
export function countByState(targets: TargetReport[]): Record<Health, number> {
  const counts: Record<Health, number> = { up: 0, down: 0, degraded: 0 }
  for (const target of targets) if (target.state !== null) counts[target.state]++
  return counts
}

/**
 * "2 of 40 down, 1 degraded" / "all 40 up"; for an inconclusive run, that nothing changed, since the counts
 * would only repeat the states kept from before.
 */
export function headline(report: Report): string {
  const { targets } = report
  if (report.inconclusive) {
    const unseen = targets.filter(target => target.state === null).length
    const kept = targets.length - unseen
    const parts = [
      kept > 0 && `${kept} target${kept === 1 ? '' : 's'} kept as ${kept === 1 ? 'it was' : 'they were'}`,
      unseen > 0 && `${unseen}${kept > 0 ? '' : ` target${unseen === 1 ? '' : 's'}`} never seen, not recorded`
    ]
    return `inconclusive run, nothing changed: ${parts.filter(Boolean).join(', ')}`
  }
  const counts = countByState(targets)
  if (counts.down === 0 && counts.degraded === 0) return `all ${targets.length} up`
  const parts = [`${counts.down} of ${targets.length} down`]
  if (counts.degraded > 0) parts.push(`${counts.degraded} degraded`)
  return parts.join(', ')
}
