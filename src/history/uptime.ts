/**
 * Uptime figures for the page, the summary and the digest, from a history, the current stored state and the
 * time; no I/O. Spans are rolling ([now - 24 h, now) and so on), and the digest's week any interval before now;
 * exact to the second: the whole days come from the rollups, the time since the last fold from the current
 * state, and the part of a day at either end from the incidents, which are exact intervals. When older incidents
 * were dropped to fit the item and the interval starts inside a day they covered, that day's part is counted pro
 * rata from its rollup, and the figure says it is not exact.
 */

import { maintenanceMs, type Window } from '../maintenance.js'
import { advanced } from './fold.js'
import { DAY_MS, dayOf, type DayRollup, type History, type Incident, type SeenState } from './model.js'

/** The spans figures are given for, and their length. */
export const SPANS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '90d': 90 * DAY_MS } as const
export type Span = keyof typeof SPANS

/** A target's figures over an interval. */
export interface Figures {
  /** Seconds the state was known in the interval, maintenance included; time no run watched is not known. */
  knownSeconds: number
  /** Seconds of it inside maintenance windows: neither up nor down. */
  maintenanceSeconds: number
  /** Seconds down, outside maintenance. */
  downSeconds: number
  /** Seconds degraded, outside maintenance: up for the percentage. */
  degradedSeconds: number
  /** Up (degraded included) over the known time outside maintenance, in percent; null when there is none. */
  percent: number | null
  /** The incidents that overlap the interval, oldest first; the last may be open. */
  incidents: Incident[]
  /** False when part of a day was counted pro rata, its incidents having been dropped. */
  exact: boolean
}

/** A target's figures over a span ending now. */
export interface Uptime extends Figures {
  span: Span
}

/** What a day or a part of it counts: time no run watched besides, which the figures leave out of known time. */
type Counts = Pick<Figures, 'maintenanceSeconds' | 'downSeconds' | 'degradedSeconds'> & {
  unwatchedSeconds: number
}

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
  return (Object.keys(SPANS) as Span[]).map(span => {
    const from = history.at - SPANS[span]
    const incidents = history.incidents.filter(incident => endOf(incident, history) > from)
    return { span, ...counts(history, from, history.at, windows), incidents }
  })
}

/**
 * The figures over [from, to), which may end before `now` (the digest's week, read by a run that came late), the
 * time since the last fold given to the current state as in `uptimes`.
 */
export function uptimeBetween(
  history: History | undefined,
  current: SeenState,
  now: number,
  [from, to]: [number, number],
  windows: Window[]
): Figures {
  const upToNow = advanced(history, { before: current, after: current, now }, windows)
  const incidents = upToNow.incidents.filter(
    incident => incident.start < to && endOf(incident, upToNow) > from
  )
  return { ...counts(upToNow, from, Math.min(to, upToNow.at), windows), incidents }
}

/**
 * The figures of [from, to), `to` at most `history.at`, but its incidents: whole UTC days from their rollups,
 * and the part of a day at either end from the incidents (a day's rollup ends at `at`, so a day cut there is
 * whole).
 */
function counts(history: History, from: number, to: number, windows: Window[]): Omit<Figures, 'incidents'> {
  const knownSince = history.knownSince ?? history.at
  const wholeFrom = dayOf(from) === from ? from : dayOf(from) + DAY_MS
  const wholeTo = to >= history.at || dayOf(to) === to ? to : dayOf(to)
  const sum: Counts = { ...NONE }
  const add = (each: Counts | DayRollup) => {
    sum.maintenanceSeconds += each.maintenanceSeconds
    sum.downSeconds += each.downSeconds
    sum.degradedSeconds += each.degradedSeconds
    sum.unwatchedSeconds += each.unwatchedSeconds ?? 0
  }
  // A loop, not filter and reduce: the page takes four spans of every target, thousands of them.
  for (const rollup of history.days) if (rollup.day >= wholeFrom && rollup.day < wholeTo) add(rollup)
  let exact = true
  const part = (partFrom: number, partTo: number) => {
    const { counts, exact: partExact } = dayPart(history, partFrom, partTo, windows)
    add(counts)
    exact &&= partExact
  }
  if (from < wholeFrom) part(from, Math.min(wholeFrom, to))
  if (wholeTo < to && wholeTo >= wholeFrom) part(wholeTo, to)
  const { unwatchedSeconds, ...figures } = sum
  const knownSeconds = overlap(knownSince, history.at, from, to) / 1000 - unwatchedSeconds
  const outside = knownSeconds - figures.maintenanceSeconds
  return {
    knownSeconds,
    ...figures,
    percent: outside > 0 ? ((outside - figures.downSeconds) / outside) * 100 : null,
    exact
  }
}

const NONE: Counts = { maintenanceSeconds: 0, downSeconds: 0, degradedSeconds: 0, unwatchedSeconds: 0 }

/** What [from, to), a part of one UTC day, holds. */
function dayPart(
  history: History,
  from: number,
  to: number,
  windows: Window[]
): { counts: Counts; exact: boolean } {
  const day = dayOf(from)
  const knownFrom = Math.max(from, history.knownSince ?? history.at)
  if (!(knownFrom < to)) return { counts: NONE, exact: true }
  const rollup = history.days.find(each => each.day === day)
  // Where in the day a gap no run watched lay is not kept: such a day's part is counted pro rata too.
  const unwatched = rollup?.unwatchedSeconds ?? 0
  if (knownFrom >= history.incidentsSince && unwatched === 0)
    return { counts: fromIncidents(history, knownFrom, to, windows), exact: true }
  const known = overlap(history.knownSince ?? history.at, history.at, day, day + DAY_MS)
  const share = (seconds: number) => Math.round((seconds * (to - knownFrom)) / known)
  // A day with nothing to share is all up wherever it is known: its part is exact too.
  if (rollup === undefined) return { counts: NONE, exact: true }
  const counts = {
    maintenanceSeconds: share(rollup.maintenanceSeconds),
    downSeconds: share(rollup.downSeconds),
    degradedSeconds: share(rollup.degradedSeconds),
    unwatchedSeconds: share(unwatched)
  }
  const shared = rollup.maintenanceSeconds + rollup.downSeconds + rollup.degradedSeconds + unwatched
  return { counts, exact: shared === 0 }
}

/** The counts of [from, to) from the incidents and the windows: each incident's time, less maintenance. */
function fromIncidents(history: History, from: number, to: number, windows: Window[]): Counts {
  const counts = { ...NONE, maintenanceSeconds: seconds(maintenanceMs(windows, from, to)) }
  for (const incident of history.incidents) {
    const start = Math.max(incident.start, from)
    const end = Math.min(incident.end ?? history.at, to)
    if (start >= end) continue
    const outside = seconds(end - start - maintenanceMs(windows, start, end))
    if (incident.kind === 'down') counts.downSeconds += outside
    else counts.degradedSeconds += outside
  }
  return counts
}

const seconds = (ms: number) => Math.round(ms / 1000)
const endOf = (incident: Incident, history: History) => incident.end ?? history.at
const overlap = (from: number, to: number, start: number, end: number) =>
  Math.max(0, Math.min(to, end) - Math.max(from, start))
