import { UserError } from './errors.js'

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000
}

/**
 * A duration as the targets file writes it, a number and a unit (`500ms`, `1.5s`, `14d`): the number is the
 * first group, the unit the second. The file's declaration gives it to the validator and to editors.
 */
export const DURATION_PATTERN = String.raw`^\s*(\d+(?:\.\d+)?)(${Object.keys(UNITS).join('|')})\s*$`
const DURATION = new RegExp(DURATION_PATTERN)

/** Milliseconds in a duration string with a unit (`500ms`, `10s`, `5m`, `6h`, `14d`). */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text)
  if (!match)
    throw new UserError(
      `"${text}" is not a duration: write a number and a unit, such as 500ms, 10s, 5m, 6h or 14d`
    )
  return Math.round(Number(match[1]) * UNITS[match[2]])
}

/** The longest a duration in one field of the targets file may be, and why; its declaration says which. */
export interface DurationLimit {
  ms: number
  /** Why, to follow "30d is": `more than a timer can wait (...)`. */
  why: string
  /** The limit as the file writes a duration, rounded down: what to write instead. */
  written: string
}

/**
 * For a duration a timer waits (a check's timeout): setTimeout counts in a signed 32-bit number of
 * milliseconds, and Node fires a longer timer after 1 ms, so `30d` would time every check out at once.
 */
export const TIMER_LIMIT: DurationLimit = {
  ms: 2 ** 31 - 1,
  why: 'more than a timer can wait (2147483647ms, about 24.8 days)',
  written: '24d'
}

/** For a weekly window: one that lasts longer than a week would never end. */
export const WEEK_LIMIT: DurationLimit = {
  ms: 7 * UNITS.d,
  why: 'longer than a week, and a weekly window would never end',
  written: '7d'
}

/**
 * For a duration only compared with others (a reminder's interval, a latency, a certificate's validity left),
 * which may be as long as anyone means: at most what a number holds exactly, so that none reads as infinite.
 */
export const NUMBER_LIMIT: DurationLimit = {
  ms: Number.MAX_SAFE_INTEGER,
  why: 'more milliseconds than upwatch can count',
  written: `${Math.floor(Number.MAX_SAFE_INTEGER / UNITS.d)}d`
}
