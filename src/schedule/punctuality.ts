/**
 * How a run kept to its timetable: how late it started against the time its cron named, and how long after the
 * previous run. Pure: the times are arguments.
 */

import { lengthText } from '../format.js'
import { latestAtOrBefore, parseCron } from './cron.js'

export interface Punctuality {
  /** When the run started (ms): the process's start. */
  startedAt: number
  /** For a run its schedule started. */
  schedule?: {
    /** As the workflow writes it. */
    cron: string
    /** The latest time (ms) the cron names at or before the run's start. */
    at: number
    /** The run's start less `at`, in whole seconds. */
    lateSeconds: number
  }
  /** Whole seconds since the previous run that a schedule or a dispatch started; absent for the first. */
  gapSeconds?: number
}

/**
 * How late a run that `cron` started began at `startedAt` (ms), or why that cannot be told. Against the latest
 * time the cron names at or before the start: a run that started more than one period late is taken for the
 * next period's (its lateness is then under a period), since nothing says which time GitHub queued it for; the
 * gap since the previous run tells the rest.
 */
export function latenessOf(cron: string, startedAt: number): Punctuality['schedule'] | string {
  const parsed = parseCron(cron)
  if (typeof parsed === 'string') return `The schedule ${JSON.stringify(cron)} cannot be read: ${parsed}.`
  const at = latestAtOrBefore(parsed, startedAt)
  if (at === undefined)
    return `The schedule ${JSON.stringify(cron)} names no time in the 8 years before this run.`
  return { cron, at, lateSeconds: Math.floor((startedAt - at) / 1000) }
}

/** Whole seconds from the previous run's start (ISO) to this one's, when that came before. */
export function gapOf(previous: string | undefined, startedAt: number): number | undefined {
  const seconds = previous === undefined ? NaN : Math.floor((startedAt - Date.parse(previous)) / 1000)
  return seconds > 0 ? seconds : undefined
}

/**
 * `Started 2m 13s after its 10:35 UTC schedule (*\/5 * * * *); 5m 10s since the previous run.`, or the half of it
 * that is known; undefined when neither is. The cron is text from outside: `literal` writes it.
 */
export function punctualityLine(
  { startedAt, schedule, gapSeconds }: Punctuality,
  literal: (text: string) => string = text => text
): string | undefined {
  const gap = gapSeconds === undefined ? undefined : lengthText(gapSeconds)
  if (schedule === undefined) return gap && `Started ${gap} after the previous run.`
  const late = `Started ${lengthText(schedule.lateSeconds)} after its ${clock(schedule.at, startedAt)} schedule`
  return `${late} (${literal(schedule.cron)})${gap ? `; ${gap} since the previous run` : ''}.`
}

/** `10:35 UTC`, with the date when it is not the day of `startedAt`: `2026-11-28 23:55 UTC`. */
function clock(at: number, startedAt: number): string {
  const [date, time] = new Date(at).toISOString().split('T')
  const sameDay = date === new Date(startedAt).toISOString().split('T')[0]
  return `${sameDay ? '' : `${date} `}${time.slice(0, 5)} UTC`
}
