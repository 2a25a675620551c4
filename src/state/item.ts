/**
 * The item a target's state is stored as, the table's and the state file's alike, and its size as DynamoDB
 * counts it: an item of at most READ_UNIT_BYTES is one read unit, strongly consistent, in every pass's read.
 */

import { encodeHistory } from '../history/codec.js'
import { type TargetKey } from '../targets/model.js'
import { type StoredState } from './model.js'

/** The most bytes an item may take to be read with one read unit (strongly consistent). */
export const READ_UNIT_BYTES = 4096

/** The attributes of a stored state, without the version: the history encoded, the rest as it is. */
export function storedAttributes(state: StoredState): Record<string, unknown> {
  const { history, ...rest } = state
  return history === undefined ? rest : { ...rest, history: encodeHistory(history) }
}

/** The attributes the table holds for `next`, written over `previous`. */
export function attributesOf(next: StoredState, previous: StoredState | undefined): Record<string, unknown> {
  return {
    ...storedAttributes(next),
    // Kept for the legacy Lambda, which reads only this: true when up.
    status: next.state !== 'down',
    version: (previous?.version ?? 0) + 1
  }
}

/** The bytes of the item that holds `attributes` under `key`, as DynamoDB counts them. */
export function itemBytes(key: TargetKey, attributes: Record<string, unknown>): number {
  return entriesBytes({ ...attributes, url: key.url, name: key.name })
}

/**
 * DynamoDB's rules: each attribute's name and value in UTF-8; a number 1 byte a pair of significant digits and
 * 1 more; true, false and null 1 byte; a map or list 3 bytes and 1 a member besides its members. Numbers are
 * counted from their JavaScript text, which has at least as many digits as DynamoDB keeps: never too few.
 */
function entriesBytes(attributes: Record<string, unknown>): number {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0)
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8(value)
  if (typeof value === 'number') return Math.ceil(String(value).replace(/\D|^0+/g, '').length / 2) + 1
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + valueBytes(item) + 1, 3)
  if (typeof value === 'object' && value !== null) {
    const members = Object.values(value).filter(member => member !== undefined).length
    return 3 + members + entriesBytes(value as Record<string, unknown>)
  }
  return 1
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8')
