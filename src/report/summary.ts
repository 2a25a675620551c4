import { formatDuration } from '../duration.js'
import { isoTime, WORDS } from '../notify/mail.js'
import { type Timings } from '../probes/model.js'
import { ICONS, headline, worstFirst, type Report } from './model.js'

/** The job summary: a headline, the changes of this run, and a table of every target, problems first. */
export function renderSummary(report: Report): string {
  const lines = [`## upwatch: ${status(report)}`, '']
  if (report.dryRun) lines.push('_Dry run: no state was written and no mail was sent._', '')
  if (report.inconclusive) {
    lines.push(
      `> [!WARNING]\n> Inconclusive run: ${escape(report.inconclusive)}. The runner's own network is in doubt, so no state was changed and no mail was sent. The states below are the ones kept.`,
      ''
    )
  }
  if (report.changes.length > 0) {
    lines.push('### Changes this run', '')
    for (const change of report.changes) {
      const duration = change.duration === null ? '' : ` after ${formatDuration(change.duration * 1000)}`
      lines.push(`- **${WORDS[change.kind]}** ${escape(change.name)}: ${escape(change.reason)}${duration}`)
    }
    lines.push('')
  }
  lines.push(
    '<table>',
    '<tr><th></th><th>Target</th><th>URL</th><th>HTTP</th><th>Latency</th><th>Since</th><th>Reason</th></tr>'
  )
  for (const target of worstFirst(report.targets)) {
    const cells = [
      ICONS[target.state],
      escape(target.name),
      escape(target.url),
      target.status === null ? '' : String(target.status),
      `${target.latencyMs} ms`,
      target.since ? isoTime(target.since) : '',
      escape(target.reason) +
        (target.state === 'up' ? '' : `<br><sub>${describeTimings(target.timings)}</sub>`)
    ]
    lines.push(`<tr>${cells.map(cell => `<td>${cell}</td>`).join('')}</tr>`)
  }
  lines.push('</table>', '')
  return lines.join('\n')
}

/** The same at a glance in the log: one line per target, problems first. */
export function renderLog(report: Report): string[] {
  const width = Math.max(...report.targets.map(target => target.name.length), 4)
  return [
    `upwatch: ${status(report)}`,
    ...worstFirst(report.targets).map(
      target =>
        `${ICONS[target.state]} ${target.state.toUpperCase().padEnd(8)} ${target.name.padEnd(width)}  ` +
        `${String(target.latencyMs).padStart(5)} ms  ${target.reason}  ${target.url}`
    )
  ]
}

/** `connect 3 ms, TLS 12 ms, first byte 40 ms, total 52 ms`: where the time of a check went. */
export function describeTimings(timings: Timings): string {
  const parts: [string, number | null][] = [
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

/** The headline, said to be in doubt when the run was inconclusive. */
function status(report: Report): string {
  return report.inconclusive
    ? `inconclusive run, nothing changed: ${headline(report.targets)}`
    : headline(report.targets)
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`)
}
