/**
 * A history as one string attribute of the target's item, and back. Compact, because the item must stay one read
 * unit (4 KB) with 90 days in it: numbers in base 36, instants in seconds before `at`, days implied by their
 * place, zeros left out. Decoding never throws: a history that cannot be understood is told of, and the target's
 * history starts afresh.
 *
 *   1|<at>|<at - knownSince>[.<at - watchedSince>]|<at - incidentsSince>|<days>|<hours>|<incidents>
 *
 * - days: one entry per UTC day, ',' between, the last for the day of `at`; an entry is
 *   `average.p95.down.degraded.maintenance.unwatched` (ms, ms, then seconds), empty fields for none, trailing
 *   ones left out (so that a history without unwatched time reads as one written before it was counted).
 * - hours: 24 samples in ms by UTC hour, ',' between, empty for none, trailing ones left out.
 * - incidents: oldest first, each `<at - start>.<end - start, empty while open>.<D|G>.<length>.<reason>`.
 */

import {
  DAY_MS,
  type DayRollup,
  dayOf,
  HISTORY_DAYS,
  type History,
  type Incident,
  MAX_REASON_CHARS,
  MAX_SAMPLE_MS
} from './model.js'

/**
 * The most bytes an encoded history takes. The rest of it fits in about 2.2 KB at worst (every field of 91 days
 * and 24 samples at their widest), so the newest incident always fits, and the item keeps 1.5 KB for its keys
 * and state.
 */
export const HISTORY_MAX_BYTES = 2560

const VERSION = '1'
const KIND_CODES = { down: 'D', degraded: 'G' } as const

/** The history as its item stores it, fitted to HISTORY_MAX_BYTES. */
export function encodeHistory(history: History): string {
  return text(fitted(history))
}

/**
 * The history as it fits in `maxBytes` (at most HISTORY_MAX_BYTES) when encoded, giving way in this order:
 * - its oldest incidents, as before: the rollups still count their time;
 * - then its oldest days, its known time starting after them, so that their time counts as not known rather
 *   than up: the oldest day is the next to expire anyway, and only the 90-day span counts it;
 * - then its hourly samples, which only the last 24 hours' latency line shows.
 * What is left, its times alone, takes about 30 bytes: that is the least a history takes.
 */
export function fitted(history: History, maxBytes = HISTORY_MAX_BYTES): History {
  const most = Math.min(maxBytes, HISTORY_MAX_BYTES)
  const withIncidents = withoutOldestIncidents(history, most)
  if (withIncidents !== undefined) return withIncidents
  let fitting = withoutIncidents(history)
  while (fitting.days.length > 0 && byteLength(text(fitting)) > most) fitting = withoutOldestDay(fitting)
  if (byteLength(text(fitting)) <= most) return fitting
  return { ...fitting, hourly: fitting.hourly.map(() => null) }
}

/**
 * The history without its oldest incidents, as many as it takes to encode in `most` bytes; undefined when it
 * takes more without any.
 */
function withoutOldestIncidents(history: History, most: number): History | undefined {
  let room = most - byteLength(text({ ...history, incidents: [] }))
  if (room < 0) return undefined
  // Newest first, while they fit: `first` ends as the index of the oldest one kept.
  let first = history.incidents.length
  while (first > 0 && room >= byteLength(incidentText(history.incidents[first - 1], history.at))) {
    room -= byteLength(incidentText(history.incidents[first - 1], history.at))
    first -= 1
  }
  return first === 0
    ? history
    : { ...withoutIncidents(history, first), incidents: history.incidents.slice(first) }
}

/** The history without its first `count` incidents (all by default), every incident since then still in it. */
function withoutIncidents(history: History, count = history.incidents.length): History {
  const dropped = history.incidents.slice(0, count)
  return {
    ...history,
    incidents: history.incidents.slice(count),
    incidentsSince: Math.max(history.incidentsSince, ...dropped.map(incident => incident.end ?? history.at))
  }
}

/** The history without its oldest day's rollup, its time no longer known. */
function withoutOldestDay(history: History): History {
  const [oldest, ...days] = history.days
  const knownSince =
    history.knownSince === undefined
      ? undefined
      : Math.min(Math.max(history.knownSince, oldest.day + DAY_MS), history.at)
  return { ...history, days, knownSince }
}

function text(history: History): string {
  const at = seconds(history.at)
  const ago = (instant: number) => base36(at - seconds(instant))
  return [
    VERSION,
    base36(at),
    (history.knownSince === undefined ? '' : ago(history.knownSince)) +
      (history.watchedSince === undefined ? '' : `.${ago(history.watchedSince)}`),
    ago(history.incidentsSince),
    daysText(history),
    trimmed(history.hourly.map(sample => (sample === null ? '' : base36(sample)))).join(','),
    history.incidents.map(incident => incidentText(incident, history.at)).join('')
  ].join('|')
}

function daysText(history: History): string {
  if (history.days.length === 0) return ''
  const byDay = new Map(history.days.map(rollup => [rollup.day, rollup]))
  const entries: string[] = []
  for (let day = history.days[0].day; day <= dayOf(history.at); day += DAY_MS) {
    const rollup = byDay.get(day)
    entries.push(rollup === undefined ? '' : dayText(rollup))
  }
  return entries.join(',')
}

function dayText(rollup: DayRollup): string {
  const count = (value: number) => (value === 0 ? '' : base36(value))
  const { latency } = rollup
  return trimmed([
    latency === undefined ? '' : base36(latency.averageMs),
    latency === undefined ? '' : base36(latency.p95Ms),
    count(rollup.downSeconds),
    count(rollup.degradedSeconds),
    count(rollup.maintenanceSeconds),
    count(rollup.unwatchedSeconds ?? 0)
  ]).join('.')
}

function incidentText(incident: Incident, at: number): string {
  const start = seconds(incident.start)
  const length = incident.end === undefined ? '' : base36(seconds(incident.end) - start)
  const kind = KIND_CODES[incident.kind]
  return `${base36(seconds(at) - start)}.${length}.${kind}.${base36(incident.reason.length)}.${incident.reason}`
}

/** Without the empty fields at the end. */
function trimmed(fields: string[]): string[] {
  let length = fields.length
  while (length > 0 && fields[length - 1] === '') length -= 1
  return fields.slice(0, length)
}

/** A history read back: undefined, with what is wrong, when it cannot be understood. */
export interface DecodedHistory {
  history?: History
  faults: string[]
}

/** A history from its item's attribute, whatever the attribute holds. Never throws. */
export function decodeHistory(stored: unknown): DecodedHistory {
  try {
    return { history: parse(stored), faults: [] }
  } catch (error) {
    if (error instanceof Unreadable) return { faults: [`history ${error.message}`] }
    throw error
  }
}

/** What is wrong with a stored history, thrown by the parser and caught by decodeHistory. */
class Unreadable extends Error {}

function parse(stored: unknown): History {
  if (typeof stored !== 'string') throw new Unreadable(`is ${typeof stored}, not text`)
  if (byteLength(stored) > HISTORY_MAX_BYTES)
    throw new Unreadable(`takes ${byteLength(stored)} bytes, more than ${HISTORY_MAX_BYTES}`)
  const [version, atText, knownText, incidentsText, days, hours, ...rest] = stored.split('|')
  if (version !== VERSION) throw new Unreadable(`is of version ${quoted(version)}, not ${VERSION}`)
  if (rest.length === 0) throw new Unreadable('has fewer than 7 parts')
  const at = number(atText, 'at') * 1000
  if (at > MAX_TIME_MS) throw new Unreadable(`at is after the end of time`)
  const before = (text: string, what: string) => at - atMost(number(text, what), at / 1000, what) * 1000
  const [knownAgo, watchedAgo, ...more] = knownText.split('.')
  if (more.length > 0) throw new Unreadable(`knownSince has ${quoted(knownText)}, more than two counts`)
  const knownSince = knownAgo === '' ? undefined : before(knownAgo, 'knownSince')
  const watchedSince = watchedAgo === undefined ? undefined : before(watchedAgo, 'watchedSince')
  return {
    at,
    knownSince,
    ...(watchedSince !== undefined && { watchedSince }),
    days: parseDays(days, at, knownSince),
    hourly: parseHours(hours),
    incidents: parseIncidents(rest.join('|'), at),
    incidentsSince: before(incidentsText, 'incidentsSince')
  }
}

/** The last instant a JavaScript Date holds. */
const MAX_TIME_MS = 8.64e15

function parseDays(text: string, at: number, knownSince: number | undefined): DayRollup[] {
  const entries = text === '' ? [] : text.split(',')
  if (entries.length > HISTORY_DAYS + 1)
    throw new Unreadable(`has ${entries.length} days, more than ${HISTORY_DAYS + 1}`)
  const first = dayOf(at) - (entries.length - 1) * DAY_MS
  // Loops, and a day's name only for a fault: a pass decodes 10,000 items of 90 days each.
  const days: DayRollup[] = []
  for (let index = 0; index < entries.length; index++) {
    const day = first + index * DAY_MS
    const where = () => `day ${new Date(day).toISOString().slice(0, 10)}`
    const fields = entries[index].split('.')
    if (fields.length > 6) throw new Unreadable(`${where()} has ${fields.length} fields, more than 6`)
    const field = (at: number) =>
      fields[at] === undefined || fields[at] === '' ? 0 : number(fields[at], where)
    const latencyGiven = (fields[0] ?? '') !== ''
    if (latencyGiven !== ((fields[1] ?? '') !== ''))
      throw new Unreadable(`${where()} has an average latency without a p95, or a p95 without an average`)
    const [average, p95, down, degraded, maintenance, unwatched] = [0, 1, 2, 3, 4, 5].map(field)
    const latency = !latencyGiven
      ? undefined
      : { averageMs: atMost(average, MAX_SAMPLE_MS, where), p95Ms: atMost(p95, MAX_SAMPLE_MS, where) }
    const knownSeconds = overlap(knownSince ?? at, at, day, day + DAY_MS) / 1000
    const counted = down + degraded + maintenance + unwatched
    if (counted > knownSeconds)
      throw new Unreadable(
        `${where()} counts ${counted} s down, degraded, in maintenance or unwatched, more than the ` +
          `${knownSeconds} s known`
      )
    if (counted === 0 && latency === undefined) continue
    const rollup: DayRollup = {
      day,
      downSeconds: down,
      degradedSeconds: degraded,
      maintenanceSeconds: maintenance,
      ...(unwatched > 0 && { unwatchedSeconds: unwatched })
    }
    days.push(latency === undefined ? rollup : { ...rollup, latency })
  }
  return days
}

function parseHours(text: string): (number | null)[] {
  const samples = text === '' ? [] : text.split(',')
  if (samples.length > 24) throw new Unreadable(`has ${samples.length} hourly samples, more than 24`)
  const hourly: (number | null)[] = Array<null>(24).fill(null)
  samples.forEach((sample, hour) => {
    const where = () => `sample ${hour}`
    if (sample !== '') hourly[hour] = atMost(number(sample, where), MAX_SAMPLE_MS, where)
  })
  return hourly
}

function parseIncidents(text: string, at: number): Incident[] {
  const incidents: Incident[] = []
  for (let position = 0; position < text.length;) {
    const where = `incident ${incidents.length + 1}`
    const fields: string[] = []
    for (let field = 0; field < 4; field += 1) {
      const dot = text.indexOf('.', position)
      if (dot < 0) throw new Unreadable(`${where} is cut short`)
      fields.push(text.slice(position, dot))
      position = dot + 1
    }
    const [agoText, lengthText, code, reasonLengthText] = fields
    const start = at - atMost(number(agoText, where), at / 1000, where) * 1000
    const end = lengthText === '' ? undefined : start + number(lengthText, where) * 1000
    const kind = (Object.keys(KIND_CODES) as Incident['kind'][]).find(each => KIND_CODES[each] === code)
    if (kind === undefined) throw new Unreadable(`${where} is of kind ${quoted(code)}, not D or G`)
    const reasonLength = number(reasonLengthText, where)
    const reason = text.slice(position, position + reasonLength)
    position += reasonLength
    if (reason.length < reasonLength) throw new Unreadable(`${where} is cut short`)
    if (Array.from(reason).length > MAX_REASON_CHARS)
      throw new Unreadable(`${where} has a reason longer than ${MAX_REASON_CHARS} characters`)
    const previous = incidents.at(-1)
    if (previous !== undefined && (previous.end === undefined || start < previous.end))
      throw new Unreadable(`${where} starts before the one before it ends`)
    if (end !== undefined && end > at) throw new Unreadable(`${where} ends after the history's time`)
    incidents.push(end === undefined ? { start, kind, reason } : { start, end, kind, reason })
  }
  return incidents
}

/** What a fault names: text, or a function that makes it, called only for a fault. */
type Where = string | (() => string)

const named = (where: Where) => (typeof where === 'string' ? where : where())

/** A count in base 36, as encoded: digits and lowercase letters, at most 10 of them (below 2^53). */
function number(text: string, what: Where): number {
  if (!/^[0-9a-z]{1,10}$/.test(text))
    throw new Unreadable(`${named(what)} has ${quoted(text)}, not a count in base 36`)
  return parseInt(text, 36)
}

function atMost(value: number, most: number, what: Where): number {
  if (value > most) throw new Unreadable(`${named(what)} counts ${value}, more than ${most}`)
  return value
}

/** Text from the item as a fault quotes it: short, as a JSON string. */
function quoted(text: string | undefined): string {
  if (text === undefined) return 'none'
  return JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}…` : text)
}

const base36 = (value: number) => value.toString(36)
const seconds = (instant: number) => Math.floor(instant / 1000)
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8')
const overlap = (from: number, to: number, start: number, end: number) =>
  Math.max(0, Math.min(to, end) - Math.max(from, start))
