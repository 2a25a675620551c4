import { type Digest, type DigestTarget } from '../digest/model.js'
import { counted, formatDuration, lengthText, percentText } from '../format.js'
import { type Incident } from '../history/model.js'
import { utcOffset } from '../maintenance.js'
import { BODY_LIMIT } from './mail.js'
import { type Mail } from './notifier.js'

/** The kind the digest's message attribute lists, for subscribers' filter policies. */
export const DIGEST_KIND = 'DIGEST'
/** The slowest targets the digest names. */
const SLOWEST = 5

/**
 * The weekly digest as a mail: a subject with the week's uptime and incidents, and a plain-text body narrow
 * enough for a phone: the figures of all targets, then each target's, worst first, with its incidents, then the
 * slowest targets. Times are on the wall clock of `timeZone`. Reasons pass through `redact`; names and URLs are
 * shown as the targets file has them, as in the mail of a change.
 */
export function composeDigest(
  digest: Digest,
  timeZone: string,
  runUrl: string | undefined,
  redact: (text: string) => string
): Mail {
  const { week } = digest
  const subject = `[upwatch] Week ${week.number}: ${percentText(digest.percent)} up, ${counted(digest.incidents, 'incident')}`
  const head = [
    `upwatch weekly digest: week ${week.number}`,
    `${wallMoment(week.from, timeZone)} to ${wallMoment(week.to, timeZone)} (${timeZone})`,
    '',
    `${percentText(digest.percent)} up across ${counted(digest.targets.length, 'target')}`,
    `${counted(digest.incidents, 'incident')}, ${lengthText(digest.downSeconds)} down in all`,
    '',
    'BY TARGET, WORST FIRST',
    ''
  ]
  const blocks = digest.targets.map(
    target => targetBlock(target, week.to, timeZone, redact).join('\n') + '\n\n'
  )
  let body = head.join('\n') + '\n'
  let shown = 0
  const tail =
    slowest(digest.targets).join('\n') + (runUrl ? `Run: ${runUrl}\n` : 'Run: outside GitHub Actions\n')
  for (const block of blocks) {
    if (Buffer.byteLength(body + block + tail) > BODY_LIMIT) break
    body += block
    shown++
  }
  if (shown < blocks.length) body += `... and ${counted(blocks.length - shown, 'more target')}.\n\n`
  return { subject, body: body + tail, kinds: [DIGEST_KIND] }
}

/** A target's week: its uptime and downtime, its URL, and each incident with what failed. */
function targetBlock(
  target: DigestTarget,
  weekEnd: number,
  timeZone: string,
  redact: (text: string) => string
): string[] {
  const { week } = target
  const figures = [
    `${percentText(week.percent)} up`,
    week.downSeconds > 0 && `${lengthText(week.downSeconds)} down`,
    week.degradedSeconds > 0 && `${lengthText(week.degradedSeconds)} degraded`,
    week.maintenanceSeconds > 0 && `${lengthText(week.maintenanceSeconds)} in maintenance`
  ].filter(Boolean)
  const about = week.exact ? '' : ' (about: older incidents no longer fit its history)'
  return [
    `${target.name}: ${figures.join(', ')}${about}`,
    `  URL: ${target.url}`,
    ...week.incidents.flatMap(incident => incidentLines(incident, weekEnd, timeZone, redact))
  ]
}

/**
 * `DOWN Tue 24 Nov 06:00 to 08:30 (2h 30m)` and what failed. An incident still open when the week ended is
 * ongoing, its duration counted to then, so that the digest tells of the week whenever it is sent.
 */
function incidentLines(
  incident: Incident,
  weekEnd: number,
  timeZone: string,
  redact: (text: string) => string
): string[] {
  const ended = incident.end !== undefined && incident.end <= weekEnd
  const end = ended ? incident.end! : weekEnd
  const [start, stop] = [wall(incident.start, timeZone), wall(end, timeZone)]
  const until = ended
    ? ` to ${stop.date === start.date ? stop.clock : `${stop.date} ${stop.clock}`}`
    : ', ongoing'
  return [
    `  ${incident.kind.toUpperCase()} ${start.date} ${start.clock}${until} (${lengthText((end - incident.start) / 1000)})`,
    `    ${redact(incident.reason) || 'no reason recorded'}`
  ]
}

/** The slowest targets by their week's p95, with a heading; nothing when no target has a sample. */
function slowest(targets: DigestTarget[]): string[] {
  const timed = targets
    .filter((target): target is DigestTarget & { p95Ms: number } => target.p95Ms !== undefined)
    .sort((a, b) => b.p95Ms - a.p95Ms || a.name.localeCompare(b.name))
    .slice(0, SLOWEST)
  if (timed.length === 0) return []
  return [
    "SLOWEST BY P95 (ITS SLOWEST DAY'S)",
    ...timed.map(t => `  ${t.name}: ${formatDuration(t.p95Ms)}`),
    '',
    ''
  ]
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `Tue 24 Nov` and `06:00` on the wall clock of `timeZone`, and the year. */
function wall(at: number, timeZone: string): { date: string; clock: string; year: number } {
  const local = new Date(at + utcOffset(timeZone, at))
  const two = (value: number) => String(value).padStart(2, '0')
  return {
    date: `${DAYS[local.getUTCDay()]} ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]}`,
    clock: `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`,
    year: local.getUTCFullYear()
  }
}

/** `Mon 23 Nov 2026 08:00`. */
function wallMoment(at: number, timeZone: string): string {
  const { date, clock, year } = wall(at, timeZone)
  return `${date} ${year} ${clock}`
}
