/**
 * Uptime figures for the page, the summary and the digest, from a history, the current stored state and the
 * time; no I/O. Spans are rolling ([now - 24 h, now) and so on), exact to the second: the whole days come from
 * the rollups, the time since the last fold from the current state, and the part of the first day that is in
 * the span from the incidents, which are exact intervals. When older incidents were dropped to fit the item and
 * the span starts inside a day they covered, that day's part is counted pro rata from its rollup, and the
 * figure says it is not exact.
 */

import { maintenanceMs, type Window } from '../maintenance.js'
import { advanced } from './fold.js'
import { DAY_MS, dayOf, type History, type Incident, type SeenState } from './model.js'

/** The spans figures are given for, and their length. */
export const SPANS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '90d': 90 * DAY_MS } as const
export type Span = keyof typeof SPANS

/** A target's figures over a span ending now. */
export interface Uptime {
  span: Span
  /** Seconds the state was known in the span, maintenance included. */
  knownSeconds: number
  /** Seconds of it inside maintenance windows: neither up nor down. */
  maintenanceSeconds: number
  /** Seconds down, outside maintenance. */
  downSeconds: number
  /** Seconds degraded, outside maintenance: up for the percentage. */
  degradedSeconds: number
  /** Up (degraded included) over the known time outside maintenance, in percent; null when there is none. */
  percent: number | null
  /** The incidents that overlap the span, oldest first; the last may be open. */
  incidents: Incident[]
  /** False when part of a day was counted pro rata, its incidents having been dropped. */
  exact: boolean
}

type Counts = Pick<Uptime, 'maintenanceSeconds' | 'downSeconds' | 'degradedSeconds'>

/**
 * The figures for every span at `now`, the time since the last fold given to the current state (as this pass
 * leaves it). `windows` are the target's maintenance windows.
 */
export function uptimes(
  history: History | undefined,
  current: SeenState,
  now: number,
  windows: Window[]
): Uptime[] {
  return spansOf(advanced(history, { before: current, after: current, now }, windows), windows)
}

/** The figures for every span of a history already folded up to the time they end at (its `at`). */
export function spansOf(history: History, windows: Window[]): Uptime[] {
  return (Object.keys(SPANS) as Span[]).map(span => uptime(history, span, windows))
}

function uptime(history: History, span: Span, windows: Window[]): Uptime {
  const from = history.at - SPANS[span]
  const knownSince = history.knownSince ?? history.at
  const knownSeconds = overlap(knownSince, history.at, from, history.at) / 1000
  const whole = history.days.filter(rollup => rollup.day >= from)
  const partial = firstDayPart(history, from, windows)
  const counts = [...whole, partial.counts].reduce(
    (sum, each) => ({
      maintenanceSeconds: sum.maintenanceSeconds + each.maintenanceSeconds,
      downSeconds: sum.downSeconds + each.downSeconds,
      degradedSeconds: sum.degradedSeconds + each.degradedSeconds
    }),
    NONE
  )
  const outside = knownSeconds - counts.maintenanceSeconds
  return {
    span,
    knownSeconds,
    ...counts,
    percent: outside > 0 ? ((outside - counts.downSeconds) / outside) * 100 : null,
    incidents: history.incidents.filter(incident => (incident.end ?? history.at) > from),
    exact: partial.exact
  }
}

const NONE: Counts = { maintenanceSeconds: 0, downSeconds: 0, degradedSeconds: 0 }

/** What the span holds of the day it starts in, when it starts after that day's midnight. */
function firstDayPart(history: History, from: number, windows: Window[]): { counts: Counts; exact: boolean } {
  const day = dayOf(from)
  const knownFrom = Math.max(from, history.knownSince ?? history.at)
  const to = Math.min(day + DAY_MS, history.at)
  if (day === from || !(knownFrom < to)) return { counts: NONE, exact: true }
  if (knownFrom >= history.incidentsSince)
    return { counts: fromIncidents(history, knownFrom, to, windows), exact: true }
  const rollup = history.days.find(each => each.day === day)
  const known = overlap(history.knownSince ?? history.at, history.at, day, day + DAY_MS)
  const share = (seconds: number) => Math.round((seconds * (to - knownFrom)) / known)
  // A day with nothing to share is all up wherever it is known: its part is exact too.
  if (rollup === undefined) return { counts: NONE, exact: true }
  const counts = {
    maintenanceSeconds: share(rollup.maintenanceSeconds),
    downSeconds: share(rollup.downSeconds),
    degradedSeconds: share(rollup.degradedSeconds)
  }
  return { counts, exact: rollup.maintenanceSeconds + rollup.downSeconds + rollup.degradedSeconds === 0 }
}

/** The counts of [from, to) from the incidents and the windows: each incident's time, less maintenance. */
function fromIncidents(history: History, from: number, to: number, windows: Window[]): Counts {
  const outside = (kind: Incident['kind']) =>
    history.incidents
      .filter(incident => incident.kind === kind)
      .map(incident => [Math.max(incident.start, from), Math.min(incident.end ?? history.at, to)])
      .filter(([start, end]) => start < end)
      .reduce((sum, [start, end]) => sum + seconds(end - start - maintenanceMs(windows, start, end)), 0)
  return {
    maintenanceSeconds: seconds(maintenanceMs(windows, from, to)),
    downSeconds: outside('down'),
    degradedSeconds: outside('degraded')
  }
}

const seconds = (ms: number) => Math.round(ms / 1000)
const overlap = (from: number, to: number, start: number, end: number) =>
  Math.max(0, Math.min(to, end) - Math.max(from, start))
