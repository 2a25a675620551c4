/**
 * The weekly digest's figures, from the targets' stored states and histories and the week: pure, the time an
 * argument. Each target's uptime and downtime count exactly the week (history/uptime.ts); its p95 is the highest
 * of the daily rollups' p95 of the UTC days that begin in the week, since a day's samples are not kept to make
 * a week's percentile from.
 */

import { type History, type SeenState } from '../history/model.js'
import { usableHistory } from '../history/usable.js'
import { type Figures, uptimeBetween } from '../history/uptime.js'
import { type Target } from '../targets/model.js'
import { type DigestWeek } from './schedule.js'

/** A target as the digest takes it: from the targets file, with its stored state and history. */
export interface DigestSource {
  target: Pick<Target, 'name' | 'url' | 'policy'>
  /** undefined for a target never seen. */
  state?: SeenState & { history?: History }
}

export interface DigestTarget {
  name: string
  /** As written in the targets file (`${VAR}` unexpanded). */
  url: string
  /** Over exactly the week; its incidents are those that overlap it. */
  week: Figures
  /** The highest daily p95 latency of the week (ms); absent without samples. */
  p95Ms?: number
}

export interface Digest {
  week: DigestWeek
  /** Worst first: lowest uptime, then most downtime, then by name; those with nothing known last. */
  targets: DigestTarget[]
  /** All targets' known time outside maintenance, and the downtime in it (seconds). */
  outsideSeconds: number
  downSeconds: number
  /** Up over all targets' known time outside maintenance, in percent; null when nothing is known. */
  percent: number | null
  incidents: number
}

/** The digest of `week` at `now` (a run may come after the week ended). */
export function digestOf(week: DigestWeek, sources: DigestSource[], now: number): Digest {
  const targets = sources
    .filter((source): source is Required<DigestSource> => source.state !== undefined)
    .map(({ target, state }) => {
      const history = usableHistory(state.history, state, now)
      return {
        name: target.name,
        url: target.url,
        week: uptimeBetween(history, state, now, [week.from, week.to], target.policy.maintenance),
        p95Ms: weekP95(history, week)
      }
    })
    .sort(worstFirst)
  const outsideSeconds = sum(targets.map(({ week }) => week.knownSeconds - week.maintenanceSeconds))
  const downSeconds = sum(targets.map(({ week }) => week.downSeconds))
  return {
    week,
    targets,
    outsideSeconds,
    downSeconds,
    percent: outsideSeconds > 0 ? ((outsideSeconds - downSeconds) / outsideSeconds) * 100 : null,
    incidents: sum(targets.map(({ week }) => week.incidents.length))
  }
}

function weekP95(history: History | undefined, week: DigestWeek): number | undefined {
  const p95s = (history?.days ?? [])
    .filter(rollup => rollup.day >= week.from && rollup.day < week.to)
    .flatMap(rollup => (rollup.latency ? [rollup.latency.p95Ms] : []))
  return p95s.length > 0 ? Math.max(...p95s) : undefined
}

function worstFirst(a: DigestTarget, b: DigestTarget): number {
  const percent = (target: DigestTarget) => target.week.percent ?? Number.POSITIVE_INFINITY
  return percent(a) - percent(b) || b.week.downSeconds - a.week.downSeconds || a.name.localeCompare(b.name)
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
