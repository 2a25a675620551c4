/**
 * Stored items as upwatch reads them back, the table's and the state file's alike. Every attribute upwatch owns
 * is checked, because an item is data that anyone with access to the table may have written: an item that
 * cannot be understood is taken as a target seen for the first time, with what is wrong with it, so that it
 * neither stops the run for the other targets nor keeps its own target from ever changing again.
 */

import { MAX_SLOW } from '../probes/order.js'
import { decodeHistory } from '../history/codec.js'
import {
  type Change,
  HEALTHS,
  type Health,
  KINDS,
  type IssueRecord,
  type Kind,
  type Pending,
  type RunnerOnly,
  type StoredState
} from './model.js'
import { type PlaceVerdict } from '../vantages/model.js'
import { type DigestRecord, type RunRecord } from './store.js'

/** An item read: its state, and what is wrong with it (nothing, or it was taken as first seen). */
export interface Decoded {
  state: StoredState
  /** What cannot be understood, each as `pending["…"].change.since is "yesterday", not an ISO time`. */
  faults: string[]
  /** What cannot be understood of the history of a state that can: the state is read without it. */
  historyFaults: string[]
}

/**
 * An item's state from its attributes (without its key), with defaults for what older items lack; the legacy
 * Lambda's items have only `status`. Attributes upwatch does not own are kept as they are. Never throws.
 *
 * The history is read apart: one that cannot be understood costs the target its history alone, not its state,
 * since taking the target as first seen would mail it again if it is down.
 */
export function decodeState(attributes: Record<string, unknown>): Decoded {
  const { history: stored, ...rest } = attributes
  const faults: string[] = []
  const filled = withDefaults(rest, faults)
  if (!storedState(filled, '', faults) || faults.length > 0)
    return { state: firstSight(attributes), faults, historyFaults: [] }
  if (stored === undefined) return { state: filled, faults, historyFaults: [] }
  const { history, faults: historyFaults } = decodeHistory(stored)
  return { state: history === undefined ? filled : { ...filled, history }, faults, historyFaults }
}

/** The digest's record from its item's attributes; undefined when it cannot be understood, as if there were none. */
export function decodeDigest(attributes: Record<string, unknown> | undefined): DigestRecord | undefined {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  const [week, claim, leaseUntil] = [attributes?.week, attributes?.claim, attributes?.leaseUntil].map(text)
  if (week === undefined || claim === undefined || leaseUntil === undefined) return undefined
  const sentAt = text(attributes?.sentAt)
  return sentAt === undefined ? { week, claim, leaseUntil } : { week, claim, leaseUntil, sentAt }
}

/** The runs' record from its item's attributes: each time that can be read, as ISO; undefined without an item. */
export function decodeRun(attributes: Record<string, unknown> | undefined): RunRecord | undefined {
  if (attributes === undefined) return undefined
  const time = (value: unknown) =>
    typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined
  const [startedAt, keptAliveAt] = [time(attributes.startedAt), time(attributes.keptAliveAt)]
  return {
    ...(startedAt !== undefined && { startedAt }),
    ...(keptAliveAt !== undefined && { keptAliveAt })
  }
}

/** The item's version when it is a number, which a write can be made conditional on and count up from. */
export function readableVersion(attributes: Record<string, unknown>): number | undefined {
  return isNumber(attributes.version) ? attributes.version : undefined
}

/** The warning for an item that cannot be understood: which target, where, what is wrong, and what follows. */
export function unreadableItem(key: { url: string; name: string }, where: string, faults: string[]): string {
  const listed = faults.slice(0, MAX_LISTED)
  if (faults.length > MAX_LISTED) listed.push(`and ${faults.length - MAX_LISTED} more`)
  return (
    `The stored state of ${JSON.stringify(key.name)} (${key.url}) in ${where} cannot be understood: ` +
    `${listed.join('; ')}. It is taken as a target seen for the first time: this run writes it afresh, and ` +
    'mails it if it is down.'
  )
}

/** The warning for a history that cannot be understood, of an item whose state can. */
export function unreadableHistory(
  key: { url: string; name: string },
  where: string,
  faults: string[]
): string {
  return (
    `The stored history of ${JSON.stringify(key.name)} (${key.url}) in ${where} cannot be understood: ` +
    `${faults.join('; ')}. Its state is read as usual; its history starts afresh with this run's write.`
  )
}

const MAX_LISTED = 5
/** Stored text quoted in a warning is cut to this. */
const MAX_SHOWN = 40

/**
 * Checks a stored value, adding to `faults` what is wrong with it, named by `at` (its place in the item); true
 * when it is of the type.
 */
type Check<T> = (value: unknown, at: string, faults: string[]) => value is T

/** The checks of every attribute of a type: a missing one fails to compile. */
type Fields<T> = { [K in keyof T]-?: Check<T[K]> }

function check<T>(test: (value: unknown) => value is T, wanted: string): Check<T> {
  return (value, at, faults): value is T => {
    if (test(value)) return true
    faults.push(`${at} is ${shown(value)}, not ${wanted}`)
    return false
  }
}

function optional<T>(inner: Check<T>): Check<T | undefined> {
  return (value, at, faults): value is T | undefined => value === undefined || inner(value, at, faults)
}

/** A map with the given fields; others are let be, for attributes a later version adds. */
function record<T>(fields: Fields<T>, wanted: string): Check<T> {
  const checks: [string, Check<unknown>][] = Object.entries(fields)
  return (value, at, faults): value is T => {
    if (!isMap(value)) {
      faults.push(`${at} is ${shown(value)}, not ${wanted}`)
      return false
    }
    const before = faults.length
    for (const [name, field] of checks) field(value[name], at ? `${at}.${name}` : name, faults)
    return faults.length === before
  }
}

const isText = (value: unknown): value is string => typeof value === 'string'
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
const isHealth = (value: unknown): value is Health => HEALTHS.some(health => health === value)
const isKind = (value: unknown): value is Kind => KINDS.some(kind => kind === value)
/** As toISOString writes times, or with an offset; seconds and fractions optional. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/
const isTime = (value: unknown): value is string =>
  isText(value) && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))

/** A plain map, as a DynamoDB M or a JSON object reads: not a list, set, binary or number kept exact. */
export function isMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** `<since>/<kind>` or `<time>/REMINDER`, as reconcile makes them: never a name objects inherit (__proto__). */
const isChangeId = (value: unknown): value is string =>
  isText(value) && /^[^/]+\/[A-Za-z]+$/.test(value) && isTime(value.slice(0, value.indexOf('/')))

const health = check(isHealth, 'up, down or degraded')
const time = check(isTime, 'an ISO time such as 2026-11-28T10:00:00.000Z')
const text = check(isText, 'text')

/** A place's verdict on a target: a health and a reason, or why it gave none. */
const isPlace = (value: unknown): value is PlaceVerdict =>
  isMap(value) &&
  isText(value.place) &&
  (isText(value.abstained) || (isHealth(value.health) && isText(value.reason)))

const places = check(
  (value): value is PlaceVerdict[] => Array.isArray(value) && value.every(isPlace),
  'a list of places with their verdicts'
)

const change = record<Change>(
  {
    id: check(isChangeId, 'an id such as 2026-11-28T10:00:00.000Z/DOWN'),
    kind: check(isKind, KINDS.join(', ')),
    name: text,
    url: text,
    from: check((value): value is Health | null => value === null || isHealth(value), 'a state or null'),
    to: health,
    reason: text,
    since: time,
    previousSince: optional(time),
    duration: check((value): value is number | null => value === null || isNumber(value), 'a number or null'),
    places: optional(places)
  },
  'a change'
)

const pendingEntry = record<Pending>({ change, claim: text, leaseUntil: time }, 'a pending change')

/** Pending changes by id: each filed under its change's id, which is what settling it removes. */
const pendingMap: Check<Record<string, Pending>> = (value, at, faults): value is Record<string, Pending> => {
  if (!isMap(value)) {
    faults.push(`${at} is ${shown(value)}, not a map of pending changes`)
    return false
  }
  const before = faults.length
  for (const [id, entry] of Object.entries(value)) {
    const place = `${at}[${JSON.stringify(id)}]`
    if (pendingEntry(entry, place, faults) && entry.change.id !== id)
      faults.push(`${place} is filed under another id than its change's, ${shown(entry.change.id)}`)
  }
  return faults.length === before
}

const runnerOnly = record<RunnerOnly>(
  {
    since: time,
    told: optional(time),
    silent: optional(
      check(
        (value): value is number => Number.isSafeInteger(value) && Number(value) > 0,
        'a count of 1 or more'
      )
    )
  },
  'a record of failing only from the runner'
)

const issueRecord = record<IssueRecord>(
  {
    outage: time,
    number: optional(
      check((value): value is number => Number.isSafeInteger(value) && Number(value) > 0, 'an issue number')
    ),
    claim: optional(text),
    leaseUntil: optional(time),
    reminded: optional(time)
  },
  'an issue record'
)

/** The state's attributes but its history, which decodeHistory reads. */
type StateFields = Omit<StoredState, 'history'>

const FIELDS: Fields<StateFields> = {
  state: health,
  since: optional(time),
  failures: check(
    (value): value is number => Number.isSafeInteger(value) && Number(value) >= 0,
    'a count of 0 or more'
  ),
  successes: check(
    (value): value is number => Number.isSafeInteger(value) && Number(value) >= 0,
    'a count of 0 or more'
  ),
  reason: optional(text),
  streakSince: optional(time),
  announced: health,
  announcedSince: optional(time),
  remindedAt: optional(time),
  pending: pendingMap,
  notifiedAt: optional(time),
  assumed: optional(check((value): value is boolean => typeof value === 'boolean', 'true or false')),
  checkedAt: optional(time),
  runnerOnly: optional(runnerOnly),
  confirmedBy: optional(places),
  issue: optional(issueRecord),
  version: optional(check(isNumber, 'a number'))
}

const storedState = record<StateFields>(FIELDS, 'a map')

/** The attributes of an item that upwatch owns: the state's, its history, and the legacy Lambda's `status`. */
const OWNED = new Set([...Object.keys(FIELDS), 'history', 'status'])

/**
 * The attributes with defaults for what older items lack. `status` is the legacy Lambda's (true when up),
 * which upwatch writes beside `state` for it; without `state`, it is the state.
 */
function withDefaults(attributes: Record<string, unknown>, faults: string[]): Record<string, unknown> {
  const { status, ...own } = attributes
  let state = own.state
  if (state === undefined) {
    if (status !== undefined && typeof status !== 'boolean')
      faults.push(`status is ${shown(status)}, not true or false, and there is no state`)
    state = status === false ? 'down' : 'up'
  }
  return {
    failures: 0,
    successes: 0,
    pending: {},
    ...own,
    state,
    // Items written before announcements were kept, and the legacy Lambda's: their state was mailed. What is
    // wrong with the state or its time is told of them, not again of the announcement taken from them.
    announced: own.announced === undefined ? (isHealth(state) ? state : 'up') : own.announced,
    announcedSince:
      own.announcedSince === undefined ? (isTime(own.since) ? own.since : undefined) : own.announcedSince
  }
}

/**
 * What a target never seen starts from (as reconcile has it), keeping the attributes upwatch does not own and
 * the version, if readable, that the write replacing the item counts up from.
 */
function firstSight(attributes: Record<string, unknown>): StoredState {
  const others = Object.entries(attributes).filter(([name]) => !OWNED.has(name))
  const version = readableVersion(attributes)
  return {
    ...Object.fromEntries(others),
    state: 'up',
    failures: 0,
    successes: 0,
    pending: {},
    announced: 'up',
    assumed: true,
    ...(version === undefined ? {} : { version })
  }
}

/** A stored value as a warning quotes it: short, and text as a JSON string, so that it reads as data. */
function shown(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (typeof value === 'string')
    return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value)
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Set) return 'a set'
  if (value instanceof Uint8Array) return 'binary'
  if (isMap(value)) return 'a map'
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  // A number too large for JavaScript, which DynamoDB hands over as an object holding its digits: shown as
  // JavaScript writes it (1e+100).
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') {
    const number = Number(value.value)
    return Number.isFinite(number) ? String(number) : `${value.value.slice(0, MAX_SHOWN)}…`
  }
  // The SDK reads a map key __proto__ as the map's prototype, so a map that is not plain had one.
  return typeof value === 'object' ? 'a map with a key __proto__' : `a ${typeof value}`
}

/**
 * The ids of the slow targets' item (probes/order.ts), space-separated; what is not one is left out, and the
 * list is cut at MAX_SLOW, so that whatever the item holds, the pass only reorders its own targets.
 */
export function decodeSlow(value: unknown): string[] {
  if (typeof value !== 'string') return []
  return value
    .split(' ')
    .filter(id => /^[0-9a-z]{1,7}$/.test(id))
    .slice(0, MAX_SLOW)
}
