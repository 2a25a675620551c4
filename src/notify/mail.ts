import { formatDuration, isoTime, shortened, WORDS } from '../format.js'
import { changesWorstFirst, earliestFirst, KINDS, type Change } from '../state/model.js'
import { seeing } from '../vantages/model.js'
import { type Mail } from './notifier.js'

export const SUBJECT_LIMIT = 100
const SUBJECT_PREFIX = '[upwatch] '
const NAME_LIMIT = 40
/** SNS takes at most 256 KiB a message; the body stops well before, and says how many changes it left out. */
export const BODY_LIMIT = 200_000

/**
 * The mail for a run's changes: a subject that names the changes and targets, and a plain-text body with a
 * block per change, worst first (a target's several changes together, oldest first), then the link to the run. Reasons pass through `redact`; names and URLs are
 * shown as the targets file has them.
 */
export function composeMail(
  changes: Change[],
  runUrl: string | undefined,
  redact: (text: string) => string
): Mail {
  const byTarget = changesByTarget(changes)
  // A target is placed, and named in the subject, by its latest change: what it is now.
  const latest = changesWorstFirst([...byTarget.keys()])
  const byKind = (list: Change[]) =>
    KINDS.map(kind => ({ kind, changes: list.filter(change => change.kind === kind) })).filter(
      group => group.changes.length > 0
    )
  const groups = byKind(changes)
  const subject = composeSubject(
    byKind(latest).map(group => ({ kind: WORDS[group.kind], names: group.changes.map(c => c.name) }))
  )

  const counts = groups.map(group => `${group.changes.length} ${WORDS[group.kind].toLowerCase()}`).join(', ')
  const blocks = latest.flatMap(last =>
    byTarget.get(last)!.map(change => describeChange(redacted(change, redact)).join('\n') + '\n\n')
  )
  let body = `upwatch: ${counts}.\n\n`
  let size = Buffer.byteLength(body)
  let shown = 0
  for (const block of blocks) {
    size += Buffer.byteLength(block)
    if (size > BODY_LIMIT) break
    body += block
    shown++
  }
  if (shown < blocks.length)
    body += `... and ${blocks.length - shown} more changes, all of them in the run's results file (the output results-file).\n\n`
  body += runUrl ? `Run: ${runUrl}\n` : 'Run: outside GitHub Actions\n'

  return { subject, body, kinds: groups.map(group => group.kind) }
}

/**
 * The changes of each target, oldest first, by its latest. One mail holds more than one change of a target when
 * an earlier one waited for its turn (a run that stored it died, or held it while another run decided the
 * next): read top to bottom, the last says what the target is now.
 */
function changesByTarget(changes: Change[]): Map<Change, Change[]> {
  const lists = new Map<string, Change[]>()
  for (const change of changes) {
    const key = `${change.name}\n${change.url}`
    const list = lists.get(key)
    if (list) list.push(change)
    else lists.set(key, [change])
  }
  const byLatest = new Map<Change, Change[]>()
  for (const list of lists.values()) {
    list.sort(earliestFirst)
    byLatest.set(list[list.length - 1], list)
  }
  return byLatest
}

/** The change with its reasons, and its places', through `redact`. */
function redacted(change: Change, redact: (text: string) => string): Change {
  const places = change.places?.map(place =>
    'abstained' in place
      ? { ...place, abstained: redact(place.abstained) }
      : { ...place, reason: redact(place.reason) }
  )
  return { ...change, reason: redact(change.reason), ...(places && { places }) }
}

/**
 * One block of the body: what happened to the target, why, since when, and for how long; where it failed, when
 * vantages were asked (`DOWN from runner, eu-west-1: api`), with each place's reason when they differ.
 */
function describeChange(change: Change): string[] {
  const down = seeing(change.places ?? [], 'down')
  const where =
    change.kind === 'DOWN' && down.length > 0 ? ` from ${down.map(place => place.place).join(', ')}` : ''
  const lines = [`${WORDS[change.kind]}${where}: ${change.name}`, `  URL:      ${change.url}`]
  const lasted = change.duration === null ? 'unknown' : formatDuration(change.duration * 1000)
  const since = change.previousSince ? `, since ${isoTime(change.previousSince)}` : ''
  switch (change.kind) {
    case 'RECOVERED':
      lines.push(`  ${change.from === 'degraded' ? 'Degraded' : 'Down'} for: ${lasted}${since}`)
      lines.push(`  Back at:  ${isoTime(change.since)}`)
      if (change.to === 'degraded') lines.push(`  Still degraded: ${change.reason}`)
      break
    case 'REMINDER':
      lines.push(`  Down for: ${lasted}${since}`)
      lines.push(`  Reason:   ${change.reason}`)
      break
    case 'BLOCKED':
      lines.push(`  Failing from the runner for: ${lasted}, since ${isoTime(change.since)}`)
      lines.push(...placeLines(change))
      lines.push(
        "  Not marked down: the other places reach it. The runner's addresses may be blocked by its firewall or",
        '  CDN, or the route from the runner broken. Told once; a DOWN follows if the other places see it fail too.'
      )
      break
    default: {
      const reasons = new Set(down.map(place => place.reason))
      if (reasons.size > 1) lines.push('  Reasons:', ...placeLines(change))
      else lines.push(`  Reason:   ${change.reason}`)
      lines.push(`  Since:    ${isoTime(change.since)}${change.from === null ? ' (first check)' : ''}`)
      if (change.kind === 'DOWN') lines.push(...abstentions(change))
    }
  }
  return lines
}

/** A line per place: what it saw, or why it gave no verdict. */
function placeLines(change: Change): string[] {
  return (change.places ?? []).map(place =>
    'abstained' in place
      ? `    ${place.place}: no verdict (${place.abstained})`
      : `    ${place.place}: ${place.health} (${place.reason})`
  )
}

/** The places that gave no verdict on a DOWN, and why. */
function abstentions(change: Change): string[] {
  return (change.places ?? []).flatMap(place =>
    'abstained' in place ? [`  No verdict from ${place.place}: ${place.abstained}`] : []
  )
}

/**
 * `[upwatch] DOWN: api, web | RECOVERED: docs`, within SUBJECT_LIMIT printable ASCII characters: as many
 * names as fit, worst kind first, the rest counted as `+N more`.
 */
export function composeSubject(groups: { kind: string; names: string[] }[]): string {
  const clean = groups.map(group => ({ kind: group.kind, names: group.names.map(printableName) }))
  const render = (shown: number) => {
    let budget = shown
    const parts = clean.map(group => {
      const visible = group.names.slice(0, Math.max(0, Math.min(budget, group.names.length)))
      budget -= visible.length
      const hidden = group.names.length - visible.length
      const list = [visible.join(', '), hidden > 0 ? `+${hidden} more` : ''].filter(Boolean).join(' ')
      return `${group.kind}: ${list}`
    })
    return SUBJECT_PREFIX + parts.join(' | ')
  }
  const total = clean.reduce((sum, group) => sum + group.names.length, 0)
  let shown = 0
  while (shown < total && render(shown + 1).length <= SUBJECT_LIMIT) shown++
  return render(shown).slice(0, SUBJECT_LIMIT)
}

/** A name as a subject may carry it: printable ASCII only, and not too long. */
function printableName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '?').replace(/\s+/g, ' ')
  return shortened(ascii, NAME_LIMIT)
}
