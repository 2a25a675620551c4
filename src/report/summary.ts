import { printable } from '../escape.js'
import { formatDuration, isoTime, WORDS } from '../format.js'
import { type Timings } from '../probes/model.js'
import { changesWorstFirst, type Change, type Health } from '../state/model.js'
import { headline, ICONS, NEW_ICON, worstFirst, type Report, type TargetReport } from './model.js'

/**
 * The job summary: a headline, the changes of this run, and a table of every target, problems first. Text from
 * outside (names, URLs, reasons) goes through `literal`.
 */
export function renderSummary(report: Report): string {
  const lines = [`## upwatch: ${headline(report)}`, '']
  if (report.dryRun) lines.push('_Dry run: no state was written and no mail was sent._', '')
  if (report.inconclusive) {
    lines.push(
      `> [!WARNING]\n> Inconclusive run: ${literal(report.inconclusive)}. The runner's own network is in doubt, so no state was changed and no mail was sent. Each target shows the state it keeps, and beside it what this run's check found.`,
      ''
    )
  }
  if (report.changes.length > 0) {
    lines.push('### Changes this run', '')
    for (const change of changesWorstFirst(report.changes)) {
      lines.push(
        `- **${WORDS[change.kind]}** ${literal(change.name)}: ${literal(change.reason)}${lasted(change)}`
      )
    }
    lines.push('')
  }
  const inconclusive = report.inconclusive !== undefined
  const headers = inconclusive
    ? ['Kept', 'Target', 'URL', 'This run', 'HTTP', 'Latency', 'Since', 'Reason']
    : ['', 'Target', 'URL', 'HTTP', 'Latency', 'Since', 'Reason']
  lines.push('<table>', `<tr>${headers.map(header => `<th>${header}</th>`).join('')}</tr>`)
  for (const target of worstFirst(report.targets)) {
    const cells = [
      target.state === null ? `${NEW_ICON} new` : ICONS[target.state],
      literal(target.name),
      literal(target.url),
      ...(inconclusive ? [ICONS[target.observed]] : []),
      target.status === null ? '' : String(target.status),
      `${target.latencyMs} ms`,
      target.since ? isoTime(target.since) : '',
      literal(target.reason) + notes(target, inconclusive)
    ]
    lines.push(`<tr>${cells.map(cell => `<td>${cell}</td>`).join('')}</tr>`)
  }
  lines.push('</table>', '')
  return lines.join('\n')
}

/** `(first check)` for a target seen for the first time, else how long the previous state lasted, if known. */
function lasted(change: Change): string {
  if (change.from === null) return ' (first check)'
  return change.duration === null ? '' : ` after ${formatDuration(change.duration * 1000)}`
}

/** Under the reason: a change a threshold holds back, and where the time went for a failed check. */
function notes(target: TargetReport, inconclusive: boolean): string {
  const notes: string[] = []
  const held = heldBack(target)
  if (held && !inconclusive) notes.push(held)
  if (target.observed !== 'up') notes.push(describeTimings(target.timings))
  return notes.map(note => `<br><sub>${note}</sub>`).join('')
}

/** `this run: down; counted as up until failure-threshold is reached`, when the check and the state differ. */
function heldBack(target: TargetReport): string | undefined {
  if (target.state === null || target.state === target.observed) return undefined
  const worse = SEVERITY[target.observed] > SEVERITY[target.state]
  const threshold = worse ? 'failure-threshold' : 'success-threshold'
  return `this run: ${target.observed}; counted as ${target.state} until ${threshold} is reached`
}

const SEVERITY: Record<Health, number> = { up: 0, degraded: 1, down: 2 }

/** Names are padded to line up to this many characters; a longer name is written whole, and stands out. */
export const NAME_COLUMN = 40

/** The same at a glance in the log: one line per target, problems first. */
export function renderLog(report: Report): string[] {
  const longest = report.targets.reduce((width, target) => Math.max(width, target.name.length), 4)
  const width = Math.min(longest, NAME_COLUMN)
  const inconclusive = report.inconclusive !== undefined
  return [
    `upwatch: ${headline(report)}`,
    ...worstFirst(report.targets).map(target => {
      const state =
        target.state === null
          ? `${NEW_ICON} NEW     `
          : `${ICONS[target.state]} ${target.state.toUpperCase().padEnd(8)}`
      const held = heldBack(target)
      const reason = inconclusive
        ? `this run ${target.observed.toUpperCase()}: ${target.reason}`
        : `${target.reason}${held ? ` (${held})` : ''}`
      return `${state} ${target.name.padEnd(width)}  ${String(target.latencyMs).padStart(5)} ms  ${reason}  ${target.url}`
    })
  ]
}

/** `DNS 2 ms, connect 3 ms, TLS 12 ms, first byte 40 ms, total 52 ms`: where the time of a check went. */
export function describeTimings(timings: Timings): string {
  const parts: [string, number | null][] = [
    ['DNS', timings.dnsMs],
    ['connect', timings.connectMs],
    ['TLS', timings.tlsMs],
    ['first byte', timings.firstByteMs],
    ['total', timings.totalMs]
  ]
  return parts
    .filter(([, ms]) => ms !== null)
    .map(([label, ms]) => `${label} ${ms} ms`)
    .join(', ')
}

/**
 * Text from outside as the summary shows it: on one line (printable), so that no blank line ends the table,
 * and as the characters it is. The summary is GitHub-flavoured markdown with an HTML table, so what either
 * would read (tags and entities; links and images, emphasis, code, math; autolinks, from `:` of a URL, `@`
 * of an address and `www.`) is written as numeric character references, which both show as the character.
 */
function literal(text: string): string {
  return printable(text)
    .replace(/[&<>"'\\`*_~[\]|$:@]/g, char => `&#${char.charCodeAt(0)};`)
    .replace(/(www)\./gi, '$1&#46;')
}
