// The crons of a workflow's schedule, as GitHub reads them: the latest time each names at or before a run's
// start, and what cannot be read, which gives no lateness and never throws.
import { describe, expect, it } from '@jest/globals'
import { type Cron, latestAtOrBefore, parseCron } from '../src/schedule/cron.js'

/** The latest time `cron` names at or before `at` (ISO, UTC), as ISO to the minute; `none` when there is none. */
function latest(cron: string, at: string): string {
  const parsed = parseCron(cron)
  if (typeof parsed === 'string') throw new Error(parsed)
  const found = latestAtOrBefore(parsed, Date.parse(at))
  return found === undefined ? 'none' : new Date(found).toISOString().slice(0, 16)
}

describe('the latest time a cron names at or before a run', () => {
  it.each([
    // Every fifth minute, and the start exactly on one of them.
    ['*/5 * * * *', '2026-11-30T10:37:13Z', '2026-11-30T10:35'],
    ['*/5 * * * *', '2026-11-30T10:35:00Z', '2026-11-30T10:35'],
    ['*/5 * * * *', '2026-11-30T10:34:59.999Z', '2026-11-30T10:30'],
    ['*/5 * * * *', '2026-12-01T00:02:00Z', '2026-12-01T00:00'],
    ['*/5 * * * *', '2026-11-30T23:59:59Z', '2026-11-30T23:55'],
    // Steps of a range, and of a value to the end of the field.
    ['1-59/5 * * * *', '2026-11-30T10:00:30Z', '2026-11-30T09:56'],
    ['3/5 * * * *', '2026-11-30T10:02:00Z', '2026-11-30T09:58'],
    ['10-50/20 * * * *', '2026-11-30T10:59:00Z', '2026-11-30T10:50'],
    // Lists and ranges of hours: the day before when today's first is still to come.
    ['30 5,17 * * *', '2026-11-30T12:00:00Z', '2026-11-30T05:30'],
    ['0,30 9-17 * * *', '2026-11-30T08:00:00Z', '2026-11-29T17:30'],
    ['0 * * * *', '2026-11-30T10:00:59Z', '2026-11-30T10:00'],
    // Days of the week by number and by name (Sunday 29 November 2026), 7 for Sunday too.
    ['30 5 * * 1-5', '2026-11-29T12:00:00Z', '2026-11-27T05:30'],
    ['30 5 * * MON-FRI', '2026-11-29T12:00:00Z', '2026-11-27T05:30'],
    ['30 5 * * mon-fri/2', '2026-11-29T12:00:00Z', '2026-11-27T05:30'],
    ['0 12 * * 7', '2026-12-01T12:00:00Z', '2026-11-29T12:00'],
    ['0 12 * * SUN', '2026-12-01T12:00:00Z', '2026-11-29T12:00'],
    // Months by name.
    ['0 0 1 JAN,Jul *', '2026-11-30T12:00:00Z', '2026-07-01T00:00'],
    ['15 14 1 * *', '2026-11-30T12:00:00Z', '2026-11-01T14:15'],
    // Both days given: either matches (POSIX), the 10th or a Friday.
    ['0 0 10 * FRI', '2026-11-28T12:00:00Z', '2026-11-27T00:00'],
    ['0 0 10 * FRI', '2026-11-10T12:00:00Z', '2026-11-10T00:00'],
    // A day field that starts with * restricts nothing of itself: Mondays with an odd date, both must hold.
    ['0 0 */2 * MON', '2026-12-01T12:00:00Z', '2026-11-23T00:00'],
    // 29 February comes back in 2028; 31 February never does.
    ['0 0 29 2 *', '2027-03-01T00:00:00Z', '2024-02-29T00:00'],
    ['0 0 31 2 *', '2027-03-01T00:00:00Z', 'none'],
    // Spaces and tabs between the fields, and around them.
    [' 0\t12  * * * ', '2026-11-30T13:00:00Z', '2026-11-30T12:00']
  ])('%s before %s: %s', (cron, at, expected) => {
    expect(latest(cron, at)).toBe(expected)
  })
})

describe('a cron that cannot be read', () => {
  it.each([
    ['', 'it is empty'],
    [' \t', 'it is empty'],
    ['* * * *', 'it has 4 fields, not 5'],
    ['* * * * * *', 'it has 6 fields, not 5'],
    ['*/5 * * * *\n*/5 * * * *', 'it has 10 fields, not 5'],
    ['60 * * * *', 'the minute "60" names a value outside 0-59'],
    ['0 24 * * *', 'the hour "24" names a value outside 0-23'],
    ['0 0 0 * *', 'the day of the month "0" names a value outside 1-31'],
    ['0 0 1 13 *', 'the month "13" names a value outside 1-12'],
    ['0 0 * * 8', 'the day of the week "8" names a value outside 0-7'],
    ['0 0 * * MONDAY', 'the day of the week "MONDAY" names a value outside 0-7'],
    ['0 0 * JAN-MON *', 'the month "JAN-MON" names a value outside 1-12'],
    ['*/0 * * * *', 'the minute step in "*/0" is 0'],
    ['5-1 * * * *', 'the minute range "5-1" runs backwards'],
    ['-1 * * * *', 'the minute "-1" is not *, a value, a range, or a step of one of these'],
    ['1,,2 * * * *', 'the minute "" is not *, a value, a range, or a step of one of these'],
    ['0 0 ? * *', 'the day of the month "?" is not *, a value, a range, or a step of one of these'],
    ['0 0 L * *', 'the day of the month "L" names a value outside 1-31'],
    ['0 0 * * MON#2', 'the day of the week "MON#2" is not *, a value, a range, or a step of one of these'],
    ['@daily', 'it has 1 field, not 5'],
    ['0000005 * * * *', 'the minute "0000005" names a value outside 0-59'],
    ['*/5 * * * *'.padEnd(201, ' '), 'it is longer than 200 characters']
  ])('%j: %s', (cron, why) => {
    expect(parseCron(cron)).toBe(why)
  })

  it('takes a field of every value, however it is written, as that field', () => {
    const every = parseCron('0-59 0-23 1-31 1-12 0-6') as Cron
    const star = parseCron('* * * * *') as Cron
    expect([
      every.minutes.size,
      every.hours.size,
      every.days.size,
      every.months.size,
      every.weekdays.size
    ]).toEqual([60, 24, 31, 12, 7])
    expect({ ...star, eitherDay: true }).toEqual({ ...every, eitherDay: true })
  })
})
