import { formatDuration } from '../duration.js'
import { type Change, type Health } from '../state/model.js'
import { type Mail } from './notifier.js'

export const SUBJECT_LIMIT = 100
const SUBJECT_PREFIX = '[upwatch] '
const NAME_LIMIT = 40
/** SNS takes at most 256 KiB a message; the body stops well before, and says how many changes it left out. */
export const BODY_LIMIT = 200_000

/** Worst first: the order of kinds in subject and body. */
const KINDS = ['DOWN', 'DEGRADED', 'RECOVERED'] as const
type Kind = (typeof KINDS)[number]

const KIND_OF: Record<Health, Kind> = { down: 'DOWN', degraded: 'DEGRADED', up: 'RECOVERED' }

/** The word for a change in mail and summary. */
export function kindOf(change: Change): Kind {
  return KIND_OF[change.to]
}

/**
 * The mail for a run's changes: a subject that names the changes and targets, and a plain-text body with a
 * block per change, worst first, then the link to the run. Every line passes through `redact`.
 */
export function composeMail(
  changes: Change[],
  runUrl: string | undefined,
  redact: (text: string) => string
): Mail {
  const groups = KINDS.map(kind => ({
    kind,
    changes: changes.filter(change => kindOf(change) === kind)
  })).filter(group => group.changes.length > 0)
  const subject = composeSubject(
    groups.map(group => ({ kind: group.kind, names: group.changes.map(c => c.name) }))
  )

  const counts = groups.map(group => `${group.changes.length} ${group.kind.toLowerCase()}`).join(', ')
  const blocks = groups.flatMap(group =>
    group.changes.map(change => describeChange(group.kind, change).map(redact).join('\n') + '\n\n')
  )
  let body = redact(`upwatch: ${counts}.`) + '\n\n'
  let size = Buffer.byteLength(body)
  let shown = 0
  for (const block of blocks) {
    size += Buffer.byteLength(block)
    if (size > BODY_LIMIT) break
    body += block
    shown++
  }
  if (shown < blocks.length)
    body += `... and ${blocks.length - shown} more changes, listed in the run's summary.\n\n`
  body += runUrl ? `Run: ${redact(runUrl)}\n` : 'Run: outside GitHub Actions\n'

  return { subject: redact(subject), body, kinds: groups.map(group => group.kind) }
}

function describeChange(kind: Kind, change: Change): string[] {
  const lines = [`${kind}: ${change.name}`, `  URL:      ${change.url}`]
  if (kind === 'RECOVERED') {
    const down = change.duration === null ? 'unknown' : formatDuration(change.duration * 1000)
    const from = change.previousSince ? `, since ${isoTime(change.previousSince)}` : ''
    lines.push(`  ${change.from === 'degraded' ? 'Degraded' : 'Down'} for: ${down}${from}`)
    lines.push(`  Back at:  ${isoTime(change.since)}`)
  } else {
    lines.push(`  Reason:   ${change.reason}`)
    lines.push(`  Since:    ${isoTime(change.since)}${change.from === null ? ' (first check)' : ''}`)
  }
  return lines
}

/** `2026-11-28T20:15:03Z`: ISO, UTC, to the second. */
export function isoTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')
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
  return ascii.length > NAME_LIMIT ? ascii.slice(0, NAME_LIMIT - 3) + '...' : ascii
}
