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

/** Whether the runtime knows the time zone (an IANA name such as Europe/Berlin, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}
