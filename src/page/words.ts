/**
 * How the page's files write figures and times for people: the same in the HTML, the feed and the badges.
 * Dates are UTC, as the history's days are.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `28 Nov 2026`, or `28 Nov` without the year. */
export function dateText(at: number, year = true): string {
  const date = new Date(at)
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`
  return year ? `${day} ${date.getUTCFullYear()}` : day
}

/** `28 Nov 2026, 14:02 UTC`. */
export function momentText(at: number): string {
  return `${dateText(at)}, ${clockText(at)} UTC`
}

/** `14:02`. */
export function clockText(at: number): string {
  const date = new Date(at)
  const two = (value: number) => String(value).padStart(2, '0')
  return `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`
}

/** `2026-11-28T14:02:00Z`: ISO, UTC, to the second, as the JSON and the feed write times. */
export function isoText(at: number): string {
  const text = new Date(at).toISOString()
  // `2026-11-28T14:02:00.000Z`; a year past 9999 is written longer (`+010000-…`).
  return text.length === 24 ? `${text.slice(0, 19)}Z` : text.replace(/\.\d{3}Z$/, 'Z')
}
