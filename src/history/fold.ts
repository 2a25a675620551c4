/**
 * The history's fold: previous history + a pass that writes + the time -> next history. Pure: the time and the
 * maintenance windows come in as arguments.
 *
 * The stored state is constant between two writes (every change of state is a write), so a pass that writes
 * gives the time since the last fold, [at, now), to the state that was stored. When the pass starts a new state,
 * the time from that state's `since` (its first check: an outage lasts from its first failed check to its
 * recovery's first good one) is the new state's. That `since` may lie before `at`, when passes of the streak that
 * confirmed it wrote their counts: that time, given to the old state then, is moved to the new one.
 *
 * A gap between two folds longer than UNWATCHED_AFTER_MS is time no run checked the target (a schedule that
 * stopped, a target out of the targets file): it is given to no state, and counted apart as unwatched.
 */

import { maintenanceMs, type Window } from '../maintenance.js'
import { type Health } from '../state/model.js'
import { fitted } from './codec.js'
import {
  DAY_MS,
  type DayRollup,
  dayOf,
  HISTORY_DAYS,
  type History,
  HOUR_MS,
  type Incident,
  MAX_REASON_CHARS,
  MAX_SAMPLE_MS,
  type Pass,
  type SeenState,
  UNWATCHED_AFTER_MS
} from './model.js'

/**
 * The history after a pass that writes the target's item, with its latency sample, at `pass.now`, in at most
 * `maxBytes` encoded (at most HISTORY_MAX_BYTES: see fitted).
 */
export function foldHistory(
  previous: History | undefined,
  pass: Pass,
  windows: Window[],
  maxBytes?: number
): History {
  return fitted(advanced(previous, pass, windows), maxBytes)
}

/**
 * foldHistory without fitting the result to its encoded size (which encodes it to measure it): for figures
 * shown and never stored, such as uptime up to now.
 */
export function advanced(previous: History | undefined, pass: Pass, windows: Window[]): History {
  const now = wholeSecond(pass.now)
  const before = known(pass.before)
  // A target taken as first seen (never seen, or its item unreadable) starts afresh: nothing before is known.
  const base = previous !== undefined && before !== undefined ? previous : begin(before, now)
  // A clock behind the history's takes no time back: the next pass with a later clock counts from `at`.
  const at = Math.max(now, base.at)
  // Nothing is known of a gap no run watched: what this pass sees begins with it.
  const gap = base === previous && at - base.at > UNWATCHED_AFTER_MS
  const since = newStateSince(pass, at, Math.max(at - REACH_MS, gap ? at : (base.watchedSince ?? 0)))
  let history: History = gap
    ? unwatched(base, at, since === undefined && before?.state !== 'up' ? before : undefined)
    : { ...base, at, days: attribute(base.days, before?.state, base.at, at, windows, 1) }
  if (since !== undefined) history = enter(history, before?.state, pass.after, since, windows)
  return sampled(expired(history), base.at, pass.latencyMs, now)
}

/** Days of rollups before `at` that a fold still counts into: older time is dropped at once. */
const REACH_MS = (HISTORY_DAYS + 1) * DAY_MS

/**
 * A new history. For a target whose state is known, it starts when that state began, at most HISTORY_DAYS back:
 * the state has been the same since (every change is written), so the first pass with history on shows it.
 */
function begin(before: SeenState | undefined, now: number): History {
  const empty = { days: [], hourly: Array<null>(24).fill(null), incidents: [] }
  if (before === undefined) return { ...empty, at: now, incidentsSince: now }
  const since = Math.min(instant(before.since, now), now)
  const start = Math.max(since, now - REACH_MS)
  const incidents: Incident[] = before.state === 'up' ? [] : [opened(before, since)]
  return { ...empty, at: start, knownSince: start, incidents, incidentsSince: start }
}

/** The state, if it is known: not a target never seen, nor one whose state is only assumed. */
function known(state: SeenState | undefined): SeenState | undefined {
  return state === undefined || state.assumed === true ? undefined : state
}

/**
 * When the state the pass stores began, if it is new: confirmed by this pass (at the latest `at`), and not before
 * `earliest`.
 */
function newStateSince(pass: Pass, at: number, earliest: number): number | undefined {
  if (known(pass.after) === undefined) return undefined
  const before = known(pass.before)
  if (before !== undefined && before.since === pass.after.since) return undefined
  return Math.max(Math.min(instant(pass.after.since, at), at), earliest)
}

/**
 * The history across a gap no run watched, [history.at, at): counted nowhere, and the open incident closed when
 * the target was last seen, at the gap's start. A state not up that goes on after the gap (`goesOn`) opens a new
 * incident at `at`, when a pass saw it again.
 */
function unwatched(history: History, at: number, goesOn: SeenState | undefined): History {
  const byDay = new Map(history.days.map(rollup => [rollup.day, rollup]))
  for (let start = Math.max(history.at, at - REACH_MS); start < at;) {
    const day = dayOf(start)
    const end = Math.min(day + DAY_MS, at)
    const rollup = byDay.get(day) ?? emptyDay(day)
    byDay.set(day, { ...rollup, unwatchedSeconds: (rollup.unwatchedSeconds ?? 0) + (end - start) / 1000 })
    start = end
  }
  const incidents = history.incidents.map(incident =>
    incident.end === undefined ? { ...incident, end: history.at } : incident
  )
  if (goesOn !== undefined) incidents.push(opened(goesOn, at))
  const days = [...byDay.values()].sort((a, b) => a.day - b.day)
  return { ...history, at, watchedSince: at, days, incidents }
}

/** The history once a new state began at `since`: its time is the new state's, and incidents close and open. */
function enter(
  history: History,
  old: Health | undefined,
  after: SeenState,
  since: number,
  windows: Window[]
) {
  let days = history.days
  if (old !== undefined && history.knownSince !== undefined)
    days = attribute(days, old, Math.max(since, history.knownSince), history.at, windows, -1)
  days = attribute(days, after.state, since, history.at, windows, 1)
  const incidents = history.incidents.map(incident =>
    incident.end === undefined ? { ...incident, end: Math.max(incident.start, since) } : incident
  )
  if (after.state !== 'up') incidents.push(opened(after, since))
  return { ...history, days, incidents, knownSince: Math.min(history.knownSince ?? since, since) }
}

/** The incident a state that is not up opens at `start`. */
function opened(state: SeenState, start: number): Incident {
  return { start, kind: state.state === 'down' ? 'down' : 'degraded', reason: shortened(state.reason ?? '') }
}

/** Cut to MAX_REASON_CHARS characters, by code point, so that no character is split. */
function shortened(reason: string): string {
  const characters = Array.from(reason)
  return characters.length <= MAX_REASON_CHARS
    ? reason
    : `${characters.slice(0, MAX_REASON_CHARS - 1).join('')}…`
}

/**
 * The rollups with [from, to) given to `state` (sign 1) or taken back from it (sign -1), day by UTC day: time
 * inside maintenance windows counts as maintenance, the rest as down or degraded if the state is. Time of an
 * unknown state (undefined) counts nowhere.
 */
function attribute(
  days: DayRollup[],
  state: Health | undefined,
  from: number,
  to: number,
  windows: Window[],
  sign: 1 | -1
): DayRollup[] {
  if (state === undefined || !(from < to)) return days
  // Up outside any window counts in no rollup (up is the known time the rest leaves): the usual case, cheap.
  if (state === 'up' && windows.length === 0) return days
  const byDay = new Map(days.map(rollup => [rollup.day, rollup]))
  for (let start = from; start < to;) {
    const day = dayOf(start)
    const end = Math.min(day + DAY_MS, to)
    const maintenance = Math.round(maintenanceMs(windows, start, end) / 1000)
    const outside = (end - start) / 1000 - maintenance
    const rollup = byDay.get(day) ?? emptyDay(day)
    byDay.set(day, {
      ...rollup,
      maintenanceSeconds: added(rollup.maintenanceSeconds, sign * maintenance),
      downSeconds: added(rollup.downSeconds, state === 'down' ? sign * outside : 0),
      degradedSeconds: added(rollup.degradedSeconds, state === 'degraded' ? sign * outside : 0)
    })
    start = end
  }
  return [...byDay.values()].filter(counts).sort((a, b) => a.day - b.day)
}

/** Taking back never goes below zero, even if the windows changed since the time was given. */
const added = (count: number, change: number) => Math.max(0, count + change)

const emptyDay = (day: number): DayRollup => ({
  day,
  downSeconds: 0,
  degradedSeconds: 0,
  maintenanceSeconds: 0
})

/** Whether a rollup has anything to count: a day without is left out (and is all up, where known). */
function counts(rollup: DayRollup): boolean {
  return (
    rollup.downSeconds + rollup.degradedSeconds + rollup.maintenanceSeconds + (rollup.unwatchedSeconds ?? 0) >
      0 || rollup.latency !== undefined
  )
}

/** Without rollups of days wholly older than HISTORY_DAYS, nor incidents that ended before that. */
function expired(history: History): History {
  const oldest = history.at - HISTORY_DAYS * DAY_MS
  const dropped = history.incidents.filter(incident => incident.end !== undefined && incident.end <= oldest)
  return {
    ...history,
    days: history.days.filter(rollup => rollup.day + DAY_MS > oldest),
    incidents: history.incidents.slice(dropped.length),
    incidentsSince: Math.max(history.incidentsSince, ...dropped.map(incident => incident.end ?? 0))
  }
}

/**
 * The history with the hours before the last 24 dropped, and the pass's latency as the sample of its hour.
 * An hour keeps its first sample: the hourly write carries one, and a change written later in the hour does
 * not replace it, so that every hour weighs one pass. The sample's day gets its average and p95 again.
 */
function sampled(history: History, previousAt: number, latencyMs: number | undefined, now: number): History {
  const latest = hourOf(history.at)
  const hourly = history.hourly.map((sample, slot) =>
    absoluteHour(slot, previousAt) > latest - 24 ? sample : null
  )
  const hour = hourOf(now)
  const day = dayOf(now)
  if (latencyMs === undefined || hour <= latest - 24 || hourly[hour % 24] !== null)
    return { ...history, hourly }
  hourly[hour % 24] = Math.min(Math.max(0, Math.round(latencyMs)), MAX_SAMPLE_MS)
  if (day + DAY_MS <= history.at - HISTORY_DAYS * DAY_MS) return { ...history, hourly }
  const samples = hourly.filter(
    (sample, slot): sample is number =>
      sample !== null && dayOf(absoluteHour(slot, history.at) * HOUR_MS) === day
  )
  const rollup = {
    ...(history.days.find(each => each.day === day) ?? emptyDay(day)),
    latency: summary(samples)
  }
  const days = [...history.days.filter(each => each.day !== day), rollup].sort((a, b) => a.day - b.day)
  return { ...history, hourly, days }
}

/** The hour (since the epoch) that slot `slot` of `hourly` holds, for a history folded up to `at`. */
function absoluteHour(slot: number, at: number): number {
  const latest = hourOf(at)
  return latest - ((((latest - slot) % 24) + 24) % 24)
}

/** Average and p95 (nearest rank) of a day's samples. */
function summary(samples: number[]): { averageMs: number; p95Ms: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const total = sorted.reduce((sum, sample) => sum + sample, 0)
  return {
    averageMs: Math.round(total / sorted.length),
    p95Ms: sorted[Math.ceil(0.95 * sorted.length) - 1]
  }
}

const hourOf = (at: number) => Math.floor(at / HOUR_MS)
/** History counts whole seconds: an instant is taken to the second it falls in. */
const wholeSecond = (at: number) => Math.floor(at / 1000) * 1000

/** An ISO time as the history counts it, or `otherwise` when there is none (items the legacy Lambda wrote). */
function instant(iso: string | undefined, otherwise: number): number {
  const parsed = iso === undefined ? Number.NaN : Date.parse(iso)
  return Number.isNaN(parsed) ? otherwise : wholeSecond(parsed)
}
