/**
 * The model the status page, its JSON, its feed and its badges are rendered from: the targets a public page may
 * show, with what it may show of them, and their history as the figures the page shows. Everything that must not
 * appear is dropped here, once, so that no renderer can show it: targets with `public: false`, and URLs and
 * reasons unless the owner asked for details. No I/O; the time comes in as an argument.
 */

import { advanced } from '../history/fold.js'
import {
  DAY_MS,
  type DayRollup,
  dayOf,
  HISTORY_DAYS,
  type History,
  HOUR_MS,
  type SeenState
} from '../history/model.js'
import { usableHistory } from '../history/usable.js'
import { SPANS, type Span, spansOf } from '../history/uptime.js'
import { maskUrlPasswords } from '../redact.js'
import { type Health } from '../state/model.js'
import { type Target } from '../targets/model.js'

/** A target as the builder takes it: from the targets file, with its stored state and history. */
export interface PageSource {
  /** `public: false` keeps it off the page; its maintenance windows are neither up nor down. */
  target: Pick<Target, 'name' | 'group' | 'url' | 'policy'> & { public?: boolean }
  /** The stored state (its reason redacted, as the store keeps it); undefined for a target never seen. */
  state?: SeenState
  /** The stored history; undefined when there is none yet. */
  history?: History
}

export interface PageOptions {
  /** Show URLs and reasons (`status-page-details`). */
  details: boolean
  /**
   * What the page is the status of, such as the repository (owner/name): the page's title, and what makes
   * the feed's id, so it must stay the same from run to run.
   */
  title: string
}

export interface PageModel {
  title: string
  /** When the page was rendered (ms since the epoch). */
  generatedAt: number
  details: boolean
  /** The UTC midnights of the HISTORY_DAYS days the page shows (ms), oldest first, the last today. */
  days: number[]
  /** The starts of the 24 hours the latency lines show (ms), oldest first, the last the current hour. */
  hours: number[]
  /** In the order of the targets file. */
  targets: PageTarget[]
}

/** A target as a public page may show it. */
export interface PageTarget {
  name: string
  group?: string
  /** null for a target never seen. */
  state: Health | null
  /** When the state began (ms), where known. */
  since?: number
  /** As written in the targets file (`${VAR}` unexpanded, passwords masked); only with details. */
  url?: string
  /** Why the target is down or degraded; only with details. */
  reason?: string
  uptime: Record<Span, Figure>
  /** Per day of PageModel.days. */
  days: DailyFigures
  /** Latency of the last 24 hours (ms, null for an hour without a sample), oldest first, the last this hour. */
  latency: (number | null)[]
  /** Oldest first; only the last may be open. */
  incidents: PageIncident[]
}

/** A target's figures over a span ending now (see history/uptime.ts). */
export interface Figure {
  /** Up (degraded included) over the known time outside maintenance, in percent; null when there is none. */
  percent: number | null
  knownSeconds: number
  downSeconds: number
  degradedSeconds: number
  maintenanceSeconds: number
  /** Incidents overlapping the span. */
  incidents: number
  /** False when part of a day was counted pro rata. */
  exact: boolean
}

/**
 * A target's figures per UTC day of the page, oldest first: one array per figure, each aligned with
 * PageModel.days (columns, not an object a day: a page of a thousand targets has 90,000 days).
 */
export interface DailyFigures {
  /**
   * Seconds of the day the state was known: less than a day for today, before the history began, and in a gap
   * no run watched.
   */
  knownSeconds: number[]
  downSeconds: number[]
  degradedSeconds: number[]
  maintenanceSeconds: number[]
  /** As Figure.percent. */
  percent: (number | null)[]
  /** Incidents overlapping the day. */
  incidents: number[]
}

export interface PageIncident {
  start: number
  /** Absent while it lasts. */
  end?: number
  kind: 'down' | 'degraded'
  /** What failed; only with details. */
  reason?: string
}

/** The model of the page at `now`: public targets only, URLs and reasons only with details. */
export function pageModel(sources: PageSource[], now: number, options: PageOptions): PageModel {
  const frame: Frame = { days: pageDays(now), hours: pageHours(now) }
  return {
    title: options.title,
    generatedAt: now,
    details: options.details,
    ...frame,
    targets: sources
      .filter(source => source.target.public !== false)
      .map(source => pageTarget(source, now, options.details, frame))
  }
}

/** The days and hours every target's figures are given for. */
type Frame = Pick<PageModel, 'days' | 'hours'>

function pageTarget(
  { target, state, history }: PageSource,
  now: number,
  details: boolean,
  frame: Frame
): PageTarget {
  // A state only assumed (a target never seen, whose first checks have not confirmed one yet) is not shown.
  const known = state?.assumed === true ? undefined : state
  const figures = known
    ? figuresOf(usableHistory(history, known, now), known, now, target.policy.maintenance, frame)
    : unknown()
  const since = known?.since === undefined ? Number.NaN : Date.parse(known.since)
  const showReason = details && known !== undefined && known.state !== 'up' && known.reason
  return {
    name: target.name,
    ...(target.group !== undefined && { group: target.group }),
    state: known?.state ?? null,
    ...(!Number.isNaN(since) && { since }),
    ...(details && { url: maskUrlPasswords(target.url) }),
    ...(showReason && { reason: known.reason }),
    ...figures,
    incidents: figures.incidents.map(incident => ({
      start: incident.start,
      ...(incident.end !== undefined && { end: incident.end }),
      kind: incident.kind,
      ...(details && incident.reason !== '' && { reason: incident.reason })
    }))
  }
}

type Figures = Pick<PageTarget, 'uptime' | 'days' | 'latency'> & { incidents: History['incidents'] }

/** The figures of a target whose state is known, its history taken up to `now` first. */
function figuresOf(
  history: History | undefined,
  state: SeenState,
  now: number,
  windows: Target['policy']['maintenance'],
  frame: Frame
): Figures {
  const current = advanced(history, { before: state, after: state, now }, windows)
  const spans = spansOf(current, windows)
  const uptime = Object.fromEntries(
    spans.map(({ span, incidents, ...figure }) => [span, { ...figure, incidents: incidents.length }])
  ) as Record<Span, Figure>
  return {
    uptime,
    days: daysOf(current, frame.days),
    latency: latencyOf(current, frame.hours),
    incidents: current.incidents
  }
}

/** Nothing known: a target never seen. */
function unknown(): Figures {
  const figure: Figure = {
    percent: null,
    knownSeconds: 0,
    downSeconds: 0,
    degradedSeconds: 0,
    maintenanceSeconds: 0,
    incidents: 0,
    exact: true
  }
  const uptime = Object.fromEntries(Object.keys(SPANS).map(span => [span, figure])) as Record<Span, Figure>
  const zeros = () => Array<number>(HISTORY_DAYS).fill(0)
  const days: DailyFigures = {
    knownSeconds: zeros(),
    downSeconds: zeros(),
    degradedSeconds: zeros(),
    maintenanceSeconds: zeros(),
    percent: Array<null>(HISTORY_DAYS).fill(null),
    incidents: zeros()
  }
  return { uptime, days, latency: Array<null>(24).fill(null), incidents: [] }
}

/** The UTC midnights of the days a page shows, oldest first, the last the day of `now`. */
function pageDays(now: number): number[] {
  const today = dayOf(now)
  return Array.from({ length: HISTORY_DAYS }, (_, index) => today - (HISTORY_DAYS - 1 - index) * DAY_MS)
}

/** The starts of the hours the latency line shows, oldest first, the last the hour of `now`. */
function pageHours(now: number): number[] {
  const hour = Math.floor(now / HOUR_MS) * HOUR_MS
  return Array.from({ length: 24 }, (_, index) => hour - (23 - index) * HOUR_MS)
}

/** A target's figures for each of `pageDays`. */
function daysOf(history: History, pageDays: number[]): DailyFigures {
  const knownSince = history.knownSince ?? history.at
  const first = pageDays[0]
  const days: DailyFigures = {
    knownSeconds: [],
    downSeconds: [],
    degradedSeconds: [],
    maintenanceSeconds: [],
    percent: [],
    incidents: Array<number>(HISTORY_DAYS).fill(0)
  }
  // By the day's index on the page, in one pass over the rollups and one over the incidents.
  const rollups: (DayRollup | undefined)[] = Array<undefined>(HISTORY_DAYS).fill(undefined)
  for (const rollup of history.days) {
    const index = (rollup.day - first) / DAY_MS
    if (Number.isInteger(index) && index >= 0 && index < HISTORY_DAYS) rollups[index] = rollup
  }
  for (const incident of history.incidents) {
    const end = incident.end ?? history.at
    // The days it overlaps: from the day of its start to the day of its last instant.
    const from = Math.max(0, Math.floor((incident.start - first) / DAY_MS))
    const to = Math.min(HISTORY_DAYS - 1, Math.ceil((end - first) / DAY_MS) - 1)
    for (let index = from; index <= to; index++) days.incidents[index]++
  }
  for (let index = 0; index < HISTORY_DAYS; index++) {
    const rollup = rollups[index]
    const day = pageDays[index]
    // Time no run watched is no data, as time before the history began.
    const knownSeconds =
      Math.max(0, Math.min(day + DAY_MS, history.at) - Math.max(day, knownSince)) / 1000 -
      (rollup?.unwatchedSeconds ?? 0)
    const downSeconds = rollup?.downSeconds ?? 0
    const maintenanceSeconds = rollup?.maintenanceSeconds ?? 0
    const outside = knownSeconds - maintenanceSeconds
    days.knownSeconds.push(knownSeconds)
    days.downSeconds.push(downSeconds)
    days.degradedSeconds.push(rollup?.degradedSeconds ?? 0)
    days.maintenanceSeconds.push(maintenanceSeconds)
    days.percent.push(outside > 0 ? ((outside - downSeconds) / outside) * 100 : null)
  }
  return days
}

/** The hourly samples for each of `pageHours`: `hourly` holds each hour at its UTC hour's index. */
function latencyOf(history: History, pageHours: number[]): (number | null)[] {
  const latest = Math.floor(history.at / HOUR_MS)
  return pageHours.map(start => {
    const hour = start / HOUR_MS
    return hour <= latest && hour > latest - 24 ? history.hourly[hour % 24] : null
  })
}

/** Every incident of the page's targets, newest first, with its target. */
export function incidentsOf(model: PageModel): { target: PageTarget; incident: PageIncident }[] {
  return model.targets
    .flatMap(target => target.incidents.map(incident => ({ target, incident })))
    .sort((a, b) => b.incident.start - a.incident.start || a.target.name.localeCompare(b.target.name))
}

/** Targets in each state; targets never seen are in none. */
export function countsOf(model: PageModel): Record<Health, number> {
  const counts: Record<Health, number> = { up: 0, down: 0, degraded: 0 }
  for (const target of model.targets) if (target.state !== null) counts[target.state]++
  return counts
}

/** `All systems operational`, `2 of 40 down`, `2 of 40 down, 1 degraded`, `1 of 40 degraded`. */
export function headline(model: PageModel): string {
  const total = model.targets.length
  if (total === 0) return 'Nothing to show yet'
  const counts = countsOf(model)
  if (counts.up + counts.down + counts.degraded === 0) return 'Not checked yet'
  if (counts.down === 0 && counts.degraded === 0) return 'All systems operational'
  if (counts.down === 0) return `${counts.degraded} of ${total} degraded`
  return `${counts.down} of ${total} down${counts.degraded > 0 ? `, ${counts.degraded} degraded` : ''}`
}
