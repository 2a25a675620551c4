import { type Timings } from '../probes/model.js'
import { type Change, type Health } from '../state/model.js'

/** One target's line in the report. */
export interface TargetReport {
  name: string
  url: string
  state: Health
  status: number | null
  latencyMs: number
  timings: Timings
  reason: string
  /** When the current state began (ISO), where known. */
  since?: string
}

/** What a pass found, as summary, outputs and log show it; every text already redacted. */
export interface Report {
  targets: TargetReport[]
  changes: Change[]
  dryRun: boolean
  /** Why the pass was inconclusive (the runner's network in doubt), when it was: then nothing changed. */
  inconclusive?: string
}

export const ICONS: Record<Health, string> = { up: '🟢', degraded: '🟡', down: '🔴' }

/** Problems first: down, then degraded, then up; by name within each. */
export function worstFirst(targets: TargetReport[]): TargetReport[] {
  const rank: Record<Health, number> = { down: 0, degraded: 1, up: 2 }
  return [...targets].sort((a, b) => rank[a.state] - rank[b.state] || a.name.localeCompare(b.name))
}

export function countByState(targets: TargetReport[]): Record<Health, number> {
  const counts: Record<Health, number> = { up: 0, down: 0, degraded: 0 }
  for (const target of targets) counts[target.state]++
  return counts
}

/** "2 of 40 down, 1 degraded" / "all 40 up". */
export function headline(targets: TargetReport[]): string {
  const counts = countByState(targets)
  if (counts.down === 0 && counts.degraded === 0) return `all ${targets.length} up`
  const parts = [`${counts.down} of ${targets.length} down`]
  if (counts.degraded > 0) parts.push(`${counts.degraded} degraded`)
  return parts.join(', ')
}
