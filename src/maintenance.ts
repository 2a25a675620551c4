/**
 * Maintenance windows: absolute intervals, and weekly windows in a time zone's wall-clock time. Inside a
 * window checks run and state is kept, but nothing is mailed.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const
export type Weekday = (typeof WEEKDAYS)[number]

export type Window =
  | { kind: 'once'; from: number; to: number }
  | {
      kind: 'weekly'
      days: Weekday[]
      /** Minutes after local midnight. */
      startMinute: number
      durationMinutes: number
      timeZone: string
    }

const WEEK_MINUTES = 7 * 24 * 60

/** Whether `at` (ms since the epoch) falls inside any of the windows. */
export function inWindow(windows: Window[], at: number): boolean {
  return windows.some(window =>
    window.kind === 'once' ? at >= window.from && at < window.to : inWeekly(window, at)
  )
}

function inWeekly(window: Extract<Window, { kind: 'weekly' }>, at: number): boolean {
  const now = weekMinute(at, window.timeZone)
  return window.days.some(day => {
    const start = WEEKDAYS.indexOf(day) * 24 * 60 + window.startMinute
    // A window may run past midnight, or past the end of the week into Sunday.
    return (((now - start) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES < window.durationMinutes
  })
}

/** Minutes since Sunday 00:00 of the wall clock in `timeZone` at `at`. */
function weekMinute(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  }).formatToParts(new Date(at))
  const part = (type: string) => parts.find(each => each.type === type)?.value ?? ''
  const day = WEEKDAYS.indexOf(part('weekday').toLowerCase() as Weekday)
  return day * 24 * 60 + Number(part('hour')) * 60 + Number(part('minute'))
}

/**
 * Whether the runtime knows the time zone (an IANA name such as Europe/Berlin, or UTC). UTC, the default of
 * digest-time-zone, every runtime knows: asking Intl would load its time zone data, 18 to 25 ms on Node 24,
 * before the first probe of every run.
 */
export function isTimeZone(name: string): boolean {
  if (name === 'UTC') return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/**
 * How many ms of [from, to) fall inside the windows: the measure of the instants `inWindow` holds, each counted
 * once however many windows hold it. Exact, and correct across daylight-saving changes: a weekly window counts
 * the wall-clock time it covers, so 02:00 to 04:00 on the night the clock springs forward lasts one hour, and
 * three on the night it falls back (02:00 to 03:00 happens twice).
 */
export function maintenanceMs(windows: Window[], from: number, to: number): number {
  if (!(from < to)) return 0
  const intervals = windows.flatMap(window =>
    window.kind === 'once' ? [{ from: window.from, to: window.to }] : weeklyIntervals(window, from, to)
  )
  return coveredMs(intervals, from, to)
}

interface Interval {
  from: number
  to: number
}

/** The length of the union of the intervals within [from, to). */
function coveredMs(intervals: Interval[], from: number, to: number): number {
  const clipped = intervals
    .map(each => ({ from: Math.max(each.from, from), to: Math.min(each.to, to) }))
    .filter(each => each.from < each.to)
    .sort((a, b) => a.from - b.from)
  let covered = 0
  let reached = from
  for (const each of clipped) {
    covered += Math.max(0, each.to - Math.max(each.from, reached))
    reached = Math.max(reached, each.to)
  }
  return covered
}

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS
const WEEK_MS = 7 * DAY_MS
/** Sunday 1970-01-04 00:00: the weeks of the wall clock are counted from there. */
const FIRST_SUNDAY_MS = 3 * DAY_MS

/**
 * The occurrences of a weekly window within [from, to), in real time. Within a stretch of constant offset the
 * wall clock is real time plus the offset, so each occurrence maps back by subtracting it, cut to the stretch.
 */
function weeklyIntervals(window: Extract<Window, { kind: 'weekly' }>, from: number, to: number): Interval[] {
  const length = window.durationMinutes * MINUTE_MS
  return offsetStretches(window.timeZone, from, to).flatMap(stretch => {
    const [wallFrom, wallTo] = [stretch.from + stretch.offset, stretch.to + stretch.offset]
    return window.days.flatMap(day => {
      const first = FIRST_SUNDAY_MS + WEEKDAYS.indexOf(day) * DAY_MS + window.startMinute * MINUTE_MS
      const occurrences: Interval[] = []
      for (let start = first + Math.floor((wallFrom - length - first) / WEEK_MS) * WEEK_MS; start < wallTo;) {
        occurrences.push({
          from: Math.max(start - stretch.offset, stretch.from),
          to: Math.min(start + length - stretch.offset, stretch.to)
        })
        start += WEEK_MS
      }
      return occurrences
    })
  })
}

/**
 * A zone's offset is looked up every 6 hours and a change found by halving: no zone changes its offset twice
 * within 6 hours, so none is missed.
 */
const OFFSET_STEP_MS = 6 * 60 * MINUTE_MS

/** [from, to) cut where the zone's offset from UTC changes, each piece with its offset (ms). */
function offsetStretches(timeZone: string, from: number, to: number): (Interval & { offset: number })[] {
  const stretches: (Interval & { offset: number })[] = []
  for (let start = from; start < to;) {
    const offset = utcOffset(timeZone, start)
    const end = nextOffsetChange(timeZone, start, offset, to)
    stretches.push({ from: start, to: end, offset })
    start = end
  }
  return stretches
}

/** The first instant after `from` (at most `to`) where the zone's offset is no longer `offset`. */
function nextOffsetChange(timeZone: string, from: number, offset: number, to: number): number {
  for (let before = from; before < to; before += OFFSET_STEP_MS) {
    let after = Math.min(before + OFFSET_STEP_MS, to)
    if (utcOffset(timeZone, after) === offset) continue
    let same = before
    while (after - same > 1) {
      const middle = Math.floor((same + after) / 2)
      if (utcOffset(timeZone, middle) === offset) same = middle
      else after = middle
    }
    return after
  }
  return to
}

/** Formatters by time zone: making one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>()

/** How far the zone's wall clock is ahead of UTC at `at` (ms; negative west of Greenwich). */
export function utcOffset(timeZone: string, at: number): number {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23'
    })
    formatters.set(timeZone, formatter)
  }
  const part = Object.fromEntries(formatter.formatToParts(at).map(each => [each.type, Number(each.value)]))
  const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second)
  return wall - (at - (((at % 1000) + 1000) % 1000))
}
