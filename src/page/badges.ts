/**
 * Badges in the shields.io endpoint format (https://shields.io/badges/endpoint-badge), two per target:
 * `badges/<file>.json`, its state, and `badges/uptime-30d/<file>.json`, its uptime over 30 days. A README shows
 * one with `https://img.shields.io/endpoint?url=<the page's address>/badges/<file>.json`.
 *
 * `<file>` comes from the target's name, as the page's readers can work out: a name of lower-case letters,
 * digits, `-`, `_` and `.` (not first or last), at most 64 characters, is its own file name (`api`,
 * `db-eu.primary`), unless Windows keeps it for a device (`con`, `nul.eu`: RESERVED); any other name becomes
 * those characters of it (letters lowered, accents taken off, any other run of characters as one `-`, at most
 * 40) then `~` and the first 8 hex digits of the SHA-256 of the name (`Web API (EU)` -> `web-api-eu~1313a4ea`,
 * `con` -> `con~` and its hash). `~` is in no name used as it is, and the hash tells apart names that differ
 * only in case or punctuation: every file name is safe on any file system and in a URL, and no two targets
 * share one. status.json gives each target's paths.
 */

import { createHash } from 'node:crypto'
import { type Health } from '../state/model.js'
import { type PageModel, type PageTarget } from './model.js'
import { percentText } from '../format.js'

/** What shields.io reads from an endpoint. */
export interface EndpointBadge {
  schemaVersion: 1
  label: string
  message: string
  color: string
}

const AS_IT_IS = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9_-])?$/

/**
 * Names Windows gives to devices, whatever follows a first `.`: `con.json` cannot be a file there. COM0 and
 * LPT0 as Microsoft's documentation lists them; the superscript forms are not ASCII, so never used as they are.
 */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)/

/** The file name (without `.json`) of a target's badges. */
export function badgeFile(name: string): string {
  if (AS_IT_IS.test(name) && !RESERVED.test(name)) return name
  const readable = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '')
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8)
  return `${readable || 'target'}~${hash}`
}

/** Where a target's badges are, relative to the page. */
export function badgePaths(name: string): { state: string; uptime30d: string } {
  const file = badgeFile(name)
  return { state: `badges/${file}.json`, uptime30d: `badges/uptime-30d/${file}.json` }
}

const STATE_COLOURS: Record<Health, string> = { up: 'brightgreen', degraded: 'yellow', down: 'red' }

export function stateBadge(target: PageTarget): EndpointBadge {
  return {
    schemaVersion: 1,
    label: target.name,
    message: target.state ?? 'not checked',
    color: target.state === null ? 'lightgrey' : STATE_COLOURS[target.state]
  }
}

/** Uptime colours, the best first: the lowest uptime each is given for. */
const UPTIME_COLOURS: [number, string][] = [
  [99.9, 'brightgreen'],
  [99.5, 'green'],
  [99, 'yellowgreen'],
  [98, 'yellow'],
  [95, 'orange'],
  [0, 'red']
]

export function uptimeBadge(target: PageTarget): EndpointBadge {
  const { percent } = target.uptime['30d']
  return {
    schemaVersion: 1,
    label: 'uptime 30d',
    message: percentText(percent),
    color: percent === null ? 'lightgrey' : UPTIME_COLOURS.find(([least]) => percent >= least)![1]
  }
}

/** Every badge file of the page: path and JSON text. */
export function renderBadges(model: PageModel): { path: string; body: string }[] {
  return model.targets.flatMap(target => {
    const paths = badgePaths(target.name)
    return [
      { path: paths.state, body: `${JSON.stringify(stateBadge(target))}\n` },
      { path: paths.uptime30d, body: `${JSON.stringify(uptimeBadge(target))}\n` }
    ]
  })
}
