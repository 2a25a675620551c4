/**
 * What upwatch writes on GitHub: the title and body of an outage's issue, its comments, and the hidden marker
 * by which a run finds an issue that an earlier run opened and could not record. Everything a server or the
 * targets file says is escaped (escape.ts `literal`): no markdown, HTML, mention or issue reference from it.
 * URLs are shown as the targets file writes them, passwords masked, and every text passes `redact`.
 */

import { createHash } from 'node:crypto'
import { literal, printable } from '../escape.js'
import { formatDuration, isoTime } from '../format.js'
import { type Timings } from '../probes/model.js'
import { describeTimings } from '../report/summary.js'
import { keyOf, type TargetKey } from '../targets/model.js'

/** The labels of every issue upwatch opens; created in the repository when missing. */
export const LABELS = [
  { name: 'upwatch', color: '0e8a16', description: 'Opened by upwatch' },
  { name: 'incident', color: 'd73a4a', description: 'A service is down' }
]

/** One target of an issue, as the issue tells of it. */
export interface Down {
  key: TargetKey
  name: string
  /** As the targets file writes it, passwords masked. */
  url: string
  reason: string
  since: string
  timings?: Timings
}

/**
 * A target's key in a marker: a digest, since a URL as written may hold a secret in its query, and a public
 * repository's issues are public.
 */
export function keyDigest(key: TargetKey): string {
  return createHash('sha256').update(keyOf(key)).digest('hex').slice(0, 16)
}

/** What a marker says: the run that opened the issue, the outage, and its targets' digests (all of a group). */
export interface Mark {
  run: string
  outage: string
  /** Digests of the targets, or undefined for a group too large to list: every target that run claimed. */
  targets?: string[]
}

/** Targets listed in a marker at most: a group larger than this is found by the run that opened it alone. */
const MARKED = 100

/**
 * The marker of an issue that run `run` opened for `outage` of the targets `keys`: an HTML comment, which GitHub
 * does not show. A run that died after opening it left its id in the targets' claims: the next run finds the
 * issue by that id, and, where the run opened more than one, by the target's digest.
 */
export function marker(run: string, outage: string, keys: TargetKey[]): string {
  const mark: Mark = { run, outage, ...(keys.length <= MARKED && { targets: keys.map(keyDigest) }) }
  return `<!-- upwatch:incident ${JSON.stringify(mark)} -->`
}

/** What the markers in `body` say. People may edit a body: anything else is no marker. */
export function markersIn(body: string | null | undefined): Mark[] {
  const found: Mark[] = []
  for (const [, json] of (body ?? '').matchAll(/<!-- upwatch:incident (\{[^\n]*?\}) -->/g)) {
    try {
      const { run, outage, targets } = JSON.parse(json) as Record<string, unknown>
      const listed =
        targets === undefined || (Array.isArray(targets) && targets.every(t => typeof t === 'string'))
      if (typeof run === 'string' && typeof outage === 'string' && listed)
        found.push({ run, outage, ...(targets !== undefined && { targets: targets }) })
    } catch {
      // Not a marker upwatch wrote.
    }
  }
  return found
}

/** Whether `mark` is of the issue that run `run` opened for the target `key`. */
export function marks(mark: Mark, run: string, key: TargetKey): boolean {
  return mark.run === run && (mark.targets === undefined || mark.targets.includes(keyDigest(key)))
}

/**
 * Targets listed in the table of a group's issue, and the characters kept of each text there: GitHub takes a
 * body of at most 65,536 characters, and escaping can make a character six.
 */
const LISTED = 20
const cut = (text: string, most = 120) => (text.length > most ? `${text.slice(0, most - 1)}…` : text)

/** `🔴 api is down`, or `🔴 12 targets are down` for one issue of many. */
export function issueTitle(downs: Down[]): string {
  return downs.length === 1 ? `🔴 ${printable(downs[0].name)} is down` : `🔴 ${downs.length} targets are down`
}

/** The issue's body: what failed, since when, where, the timings and the run; then the marker. */
export function issueBody(
  downs: Down[],
  runId: string,
  outage: string,
  runLink: string | undefined,
  redact: (text: string) => string
): string {
  const run = runLink ? `[this run](${runLink})` : 'a run outside GitHub Actions'
  const lines =
    downs.length === 1
      ? [
          `**${literal(downs[0].name)}** is down since ${isoTime(downs[0].since)}, as ${run} found.`,
          '',
          `- **What failed:** ${literal(cut(redact(downs[0].reason), 1000))}`,
          `- **URL:** ${literal(cut(redact(downs[0].url), 1000))}`,
          ...(downs[0].timings ? [`- **Timings:** ${describeTimings(downs[0].timings)}`] : [])
        ]
      : [
          `${downs.length} targets went down at once, as ${run} found: one issue for all of them.`,
          '',
          '| target | since | what failed | URL |',
          '| --- | --- | --- | --- |',
          ...downs
            .slice(0, LISTED)
            .map(
              down =>
                `| ${literal(cut(redact(down.name)))} | ${isoTime(down.since)} | ${literal(cut(redact(down.reason)))} | ${literal(cut(redact(down.url)))} |`
            ),
          ...(downs.length > LISTED
            ? [
                '',
                `... and ${downs.length - LISTED} more: the job summary and the results of the run list them all.`
              ]
            : [])
        ]
  return [
    ...lines,
    '',
    `upwatch comments here while ${downs.length === 1 ? 'it stays' : 'they stay'} down, and closes this issue ` +
      `when ${downs.length === 1 ? 'it recovers' : 'the last of them recovers'}. Closing it yourself is fine: ` +
      'upwatch does not open it again, and still mails the recovery.',
    '',
    marker(
      runId,
      outage,
      downs.map(down => down.key)
    )
  ].join('\n')
}

/** A reminder, as a line of a comment: still down, for how long, and why. */
export function reminderComment(down: Down, now: number, redact: (text: string) => string): string {
  const lasted = formatDuration(now - Date.parse(down.since))
  return `🔴 **${literal(down.name)}** is still down after ${lasted}, since ${isoTime(down.since)}: ${literal(cut(redact(down.reason), 300))}`
}

/**
 * A recovery, as a line of a comment: when, and after how long down. `back` is when it came back; undefined
 * when a new outage began before upwatch could tell of this one's end.
 */
export function recoveryComment(name: string, outage: string, back: string | undefined): string {
  if (back === undefined)
    return `✅ The outage of **${literal(name)}** that began at ${isoTime(outage)} is over; it has gone down again since, in an outage of its own.`
  const lasted = formatDuration(Date.parse(back) - Date.parse(outage))
  return `✅ **${literal(name)}** recovered at ${isoTime(back)}, after ${lasted} down.`
}
