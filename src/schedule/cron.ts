/**
 * The cron expressions of a workflow's `schedule`, as GitHub documents them: POSIX cron, five fields (minute,
 * hour, day of the month, month, day of the week) in UTC, each `*`, a value, a range `a-b`, a step `/n` after `*`
 * or a range (or after a value, to the end of the field: `3/5`), or a list of these; months JAN to DEC and days
 * SUN to SAT by name too. Pure: the time is an argument. What other crons take (`L`, `W`, `#`, `?`, `@daily`)
 * GitHub does not document, and this does not read.
 */

import { DAY_MS, dayOf } from '../history/model.js'

/** A parsed expression: for each field, the values it names. */
export interface Cron {
  minutes: Set<number>
  hours: Set<number>
  days: Set<number>
  months: Set<number>
  weekdays: Set<number>
  /**
   * Whether the day of the month and the day of the week were both given (neither starts with `*`): a day then
   * matches when either field does, as POSIX and Vixie cron have it (`0 0 1 * MON`: the first, and Mondays).
   */
  eitherDay: boolean
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

interface Field {
  name: string
  min: number
  max: number
  /** Names of the values from `min` on. */
  names?: string[]
}

const FIELDS: Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of the month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 7 is Sunday too, as most crons take it.
  { name: 'day of the week', min: 0, max: 7, names: WEEKDAYS }
]

/** Longer than any schedule a person writes: text beyond it is not read at all. */
const MAX_LENGTH = 200

/** How far back a time the expression names is looked for: 29 February comes at least once in 8 years. */
const SEARCH_DAYS = 8 * 366

/** The expression, or why it cannot be read (`the hour 24 is not within 0-23`). */
export function parseCron(text: string): Cron | string {
  if (text.length > MAX_LENGTH) return `it is longer than ${MAX_LENGTH} characters`
  if (text.trim() === '') return 'it is empty'
  const parts = text.trim().split(/\s+/)
  if (parts.length !== FIELDS.length)
    return `it has ${parts.length} field${parts.length === 1 ? '' : 's'}, not 5`
  const sets: Set<number>[] = []
  for (const [index, field] of FIELDS.entries()) {
    const values = parseField(parts[index], field)
    if (typeof values === 'string') return values
    sets.push(values)
  }
  const [minutes, hours, days, months, weekdays] = sets
  if (weekdays.delete(7)) weekdays.add(0)
  return {
    minutes,
    hours,
    days,
    months,
    weekdays,
    eitherDay: !parts[2].startsWith('*') && !parts[4].startsWith('*')
  }
}

function parseField(text: string, field: Field): Set<number> | string {
  const values = new Set<number>()
  for (const item of text.split(',')) {
    const match = /^(\*|(\w+)(?:-(\w+))?)(?:\/(\d{1,2}))?$/.exec(item)
    if (!match) return `the ${field.name} "${item}" is not *, a value, a range, or a step of one of these`
    const [, range, first, last, stepText] = match
    const low = range === '*' ? field.min : value(first, field)
    // `3/5` runs from 3 to the end of the field, as `*/5` from its start.
    const high =
      range === '*' || (last === undefined && stepText !== undefined)
        ? field.max
        : last === undefined
          ? low
          : value(last, field)
    if (low === undefined || high === undefined)
      return `the ${field.name} "${item}" names a value outside ${field.min}-${field.max}`
    if (low > high) return `the ${field.name} range "${item}" runs backwards`
    const step = stepText === undefined ? 1 : Number(stepText)
    if (step < 1) return `the ${field.name} step in "${item}" is 0`
    for (let at = low; at <= high; at += step) values.add(at)
  }
  return values
}

/** A value of the field, by number or name; undefined outside the field. */
function value(text: string, field: Field): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1
  if (named >= 0) return field.min + named
  if (!/^\d{1,2}$/.test(text)) return undefined
  const number = Number(text)
  return number >= field.min && number <= field.max ? number : undefined
}

/** Whether the expression names the UTC day that begins at `day` (ms). */
function namesDay(cron: Cron, day: number): boolean {
  const date = new Date(day)
  if (!cron.months.has(date.getUTCMonth() + 1)) return false
  const byDate = cron.days.has(date.getUTCDate())
  const byWeekday = cron.weekdays.has(date.getUTCDay())
  return cron.eitherDay ? byDate || byWeekday : byDate && byWeekday
}

/**
 * The latest time (ms, a whole minute) that the expression names at or before `at`; undefined when it names none
 * in the 8 years before (`0 0 31 2 *`).
 */
export function latestAtOrBefore(cron: Cron, at: number): number | undefined {
  const today = dayOf(at)
  const hours = [...cron.hours].sort((a, b) => b - a)
  const minutes = [...cron.minutes].sort((a, b) => b - a)
  for (let back = 0; back <= SEARCH_DAYS; back++) {
    const day = today - back * DAY_MS
    if (!namesDay(cron, day)) continue
    // Today, only what is not later than `at`; any earlier day, its last time.
    const limit = back === 0 ? Math.floor((at - day) / 60_000) : 24 * 60 - 1
    for (const hour of hours) {
      if (hour * 60 > limit) continue
      const minute = minutes.find(minute => hour * 60 + minute <= limit)
      if (minute !== undefined) return day + (hour * 60 + minute) * 60_000
    }
  }
  return undefined
}
