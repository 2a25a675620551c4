/**
 * `status.json`: what the page shows, for machines. Its shape is `StatusJson` below; a field that may be absent
 * says so. Times are ISO 8601 in UTC to the second; percentages are numbers from 0 to 100, cut (never rounded
 * up) to four decimals, so that any downtime is below 100; lengths are seconds. Per-day and per-hour figures are arrays aligned with the top-level `days` and `hours`, so that
 * a page of many targets stays small.
 */

import { type Span } from '../history/uptime.js'
import { type Health } from '../state/model.js'
import { badgePaths } from './badges.js'
import { countsOf, headline, type PageModel, type PageTarget } from './model.js'
import { isoText } from './words.js'

/** Bumped when a field changes meaning or goes away; new fields may come without it. */
export const STATUS_JSON_VERSION = 1

export interface StatusJson {
  version: typeof STATUS_JSON_VERSION
  /** The page's title: what it is the status of. */
  title: string
  generatedAt: string
  /** `All systems operational`, `2 of 40 down`... */
  headline: string
  /** Whether URLs and reasons are shown (`status-page-details`). */
  details: boolean
  /** Targets in each state; a target never seen is in none. */
  counts: Record<Health, number>
  /** The 90 UTC days the per-day arrays hold (`2026-11-28`), oldest first, the last today. */
  days: string[]
  /** The starts of the 24 hours the latency arrays hold, oldest first, the last the current hour. */
  hours: string[]
  /** In the order of the targets file; targets with `public: false` are not there. */
  targets: StatusTarget[]
}

export interface StatusTarget {
  name: string
  /** Absent when the target has no group. */
  group?: string
  /** null for a target never seen. */
  state: Health | null
  /** When the state began; null when not known. */
  since: string | null
  /** As written in the targets file, `${VAR}` unexpanded; only with details. */
  url?: string
  /** Why the target is down or degraded; only with details, and only then. */
  reason?: string
  /** Paths of its shields.io endpoint badges, relative to the page. */
  badges: { state: string; uptime30d: string }
  uptime: Record<Span, StatusFigure>
  /** Per day, aligned with `days`. */
  daily: {
    /** null when nothing is known of the day outside maintenance. */
    uptime: (number | null)[]
    knownSeconds: number[]
    downSeconds: number[]
    degradedSeconds: number[]
    maintenanceSeconds: number[]
    incidents: number[]
  }
  /** Latency (ms) per hour, aligned with `hours`; null for an hour without a sample. */
  latencyMs: (number | null)[]
  /** The incidents kept (90 days at most), oldest first. */
  incidents: StatusIncident[]
}

/** A span's figures, rolling up to `generatedAt`. */
export interface StatusFigure {
  /** Up (degraded included) over the known time outside maintenance; null when there is none. */
  uptime: number | null
  knownSeconds: number
  downSeconds: number
  degradedSeconds: number
  maintenanceSeconds: number
  /** Incidents overlapping the span. */
  incidents: number
  /** False when part of a day was counted pro rata, its incidents having been dropped to fit the history. */
  exact: boolean
}

export interface StatusIncident {
  kind: 'down' | 'degraded'
  start: string
  /** null while it lasts. */
  end: string | null
  /** Up to its end, or up to `generatedAt` while it lasts. */
  durationSeconds: number
  /** What failed; only with details. */
  reason?: string
}

export function statusJson(model: PageModel): StatusJson {
  return {
    version: STATUS_JSON_VERSION,
    title: model.title,
    generatedAt: isoText(model.generatedAt),
    headline: headline(model),
    details: model.details,
    counts: countsOf(model),
    days: model.days.map(day => isoText(day).slice(0, 10)),
    hours: model.hours.map(isoText),
    targets: model.targets.map(target => statusTarget(target, model.generatedAt))
  }
}

export function renderJson(model: PageModel): string {
  return `${JSON.stringify(statusJson(model))}\n`
}

function statusTarget(target: PageTarget, now: number): StatusTarget {
  const uptime = Object.fromEntries(
    Object.entries(target.uptime).map(([span, { percent, ...figure }]) => [
      span,
      { uptime: cut(percent), ...figure }
    ])
  ) as Record<Span, StatusFigure>
  return {
    name: target.name,
    ...(target.group !== undefined && { group: target.group }),
    state: target.state,
    since: target.since === undefined ? null : isoText(target.since),
    ...(target.url !== undefined && { url: target.url }),
    ...(target.reason !== undefined && { reason: target.reason }),
    badges: badgePaths(target.name),
    uptime,
    daily: {
      uptime: target.days.percent.map(cut),
      knownSeconds: target.days.knownSeconds,
      downSeconds: target.days.downSeconds,
      degradedSeconds: target.days.degradedSeconds,
      maintenanceSeconds: target.days.maintenanceSeconds,
      incidents: target.days.incidents
    },
    latencyMs: target.latency,
    incidents: target.incidents.map(incident => ({
      kind: incident.kind,
      start: isoText(incident.start),
      end: incident.end === undefined ? null : isoText(incident.end),
      durationSeconds: Math.round(((incident.end ?? now) - incident.start) / 1000),
      ...(incident.reason !== undefined && { reason: incident.reason })
    }))
  }
}

/** A percentage to four decimals, cut: 99.99999 is 99.9999, not 100. */
const cut = (percent: number | null) => (percent === null ? null : Math.floor(percent * 1e4) / 1e4)
