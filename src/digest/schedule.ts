/**
 * When the weekly digest is due, and the week it covers: pure, the time an argument. The digest is due from the
 * configured day and hour on the wall clock of its time zone; the week it covers ends then and began at the same
 * wall-clock time a week before, so that weeks follow each other without gap or overlap, and a week across a
 * daylight-saving change lasts 167 or 169 hours.
 */

import { DAY_MS, dayOf, HOUR_MS } from '../history/model.js'
import { utcOffset, WEEKDAYS, type Weekday } from '../maintenance.js'

/** The inputs digest-day, digest-hour and digest-time-zone. */
export interface DigestSchedule {
  day: Weekday
  /** 0 to 23, on the wall clock of `timeZone`. */
  hour: number
  /** An IANA name, such as Europe/Berlin, or UTC. */
  timeZone: string
}

/** A week the digest covers: [from, to), ms since the epoch. */
export interface DigestWeek {
  from: number
  /** When the digest became due. */
  to: number
  /** The ISO week number of the week's last whole day, the day before the digest's. */
  number: number
}

/** The latest week whose digest is due at `now`: the one that ended at the last due moment at or before it. */
export function dueWeek(schedule: DigestSchedule, now: number): DigestWeek {
  const today = dayOf(now + utcOffset(schedule.timeZone, now))
  const back = (new Date(today).getUTCDay() - WEEKDAYS.indexOf(schedule.day) + 7) % 7
  const day = today - back * DAY_MS
  return moment(schedule, day) <= now ? weekEndingOn(schedule, day) : weekEndingOn(schedule, day - 7 * DAY_MS)
}

/** The week whose digest is due on `day` (a wall-clock midnight, as ms of UTC). */
function weekEndingOn(schedule: DigestSchedule, day: number): DigestWeek {
  return {
    from: moment(schedule, day - 7 * DAY_MS),
    to: moment(schedule, day),
    number: isoWeek(day - DAY_MS)
  }
}

/**
 * The first instant whose wall-clock time is the schedule's hour on `day`: the earlier of the two when the clock
 * falls back over it, and the instant the clock springs forward when it skips it.
 */
function moment(schedule: DigestSchedule, day: number): number {
  const wall = day + schedule.hour * HOUR_MS
  // No zone changes its offset twice in two days: these are the offsets before and after any change that day.
  const before = utcOffset(schedule.timeZone, wall - DAY_MS)
  const after = utcOffset(schedule.timeZone, wall + DAY_MS)
  const matching = [wall - before, wall - after].filter(at => at + utcOffset(schedule.timeZone, at) === wall)
  return matching.length > 0 ? Math.min(...matching) : wall - before
}

/** The ISO 8601 week number of `day` (a midnight, as ms of UTC): the week of its Thursday, counted in that year. */
export function isoWeek(day: number): number {
  const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS
  const january = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1)
  return Math.floor((thursday - january) / DAY_MS / 7) + 1
}
