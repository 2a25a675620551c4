import { literal } from '../escape.js'
import { formatDuration, isoTime, WORDS } from '../format.js'
import { type Timings } from '../probes/model.js'
import { punctualityLine } from '../schedule/punctuality.js'
import { changesWorstFirst, type Change, type Health } from '../state/model.js'
import { byAttention, headline, ICONS, NEW_ICON, type Report, type TargetReport } from './model.js'
import { bytes, Room, SUMMARY_BUDGET } from './size.js'

/**
 * The job summary, within `budget` bytes: a headline; targets per group, when they have groups; the changes of
 * this run; a table of the targets that need attention (down, degraded, held back by a threshold, changed); and
 * the names of the others, up and unchanged, folded away. Text from outside (names, groups, URLs, reasons) goes
 * through `literal`.
 *
 * What gives way when all of it would not fit, first to last: the names of the targets up, the rows of the
 * groups' table, the rows of the targets that need attention (each keeps its name and its state's icon, on a
 * line of its own), those names, and the changes. A part is cut from its end, so the worst are kept longest,
 * and shown only while the parts kept longer are whole; a count stands for what was cut, and a last note says
 * what was left out and where all of it is. Only the headline and upwatch's own words are always there.
 */
export function renderSummary(report: Report, budget = SUMMARY_BUDGET): string {
  const { attention, steady } = byAttention(report)
  const changes = changesWorstFirst(report.changes)
  const groups = groupsOf(report.targets)
  const shape: Shape = {
    inconclusive: report.inconclusive !== undefined,
    groups: groups.length,
    changes: changes.length,
    attention: attention.length,
    steady: steady.length
  }

  const changeLines = changes.map(
    change =>
      `- **${WORDS[change.kind]}** ${literal(change.name)}: ${literal(change.reason)}${lasted(change)}\n`
  )
  const names = attention.map(target => `- ${namedLine(target)}\n`)
  const rows = attention.map(target => row(target, shape))
  const groupRows = groups.map(groupRow)
  const byGroup = new Map<string | undefined, TargetReport[]>()
  for (const target of steady) {
    const bucket = byGroup.get(target.group)
    if (bucket) bucket.push(target)
    else byGroup.set(target.group, [target])
  }
  const buckets =
    groups.length > 0
      ? groups.map(group => ({ label: group.label, targets: byGroup.get(group.name) ?? [] }))
      : [{ label: undefined, targets: steady }]

  // Upwatch's own text is set aside first, each part at its largest, so that what follows may fill the rest.
  const largest = compose(
    report,
    shape,
    { groupRows: [''], changes: [''], rows: [''], names: [''], lists: [''] },
    {
      changes: changes.length,
      unnamed: attention.length,
      rowless: attention.length,
      groups: groups.length,
      names: steady.length
    }
  )
  const room = new Room(budget - bytes(largest))
  // Each part is shown only when the parts before it are whole, so that what gives way does so in order.
  const shownChanges = room.takeWhile(changeLines)
  const named = shownChanges === changes.length ? room.takeWhile(names) : 0
  // Full rows replace names, worst first, while the difference fits.
  let full = 0
  for (; named === attention.length && full < named; full++) {
    room.give(names[full])
    if (room.take(rows[full])) continue
    room.take(names[full])
    break
  }
  const shownGroups = full === attention.length ? room.takeWhile(groupRows) : 0
  const lists = shownGroups === groups.length && full === attention.length ? bucketsListed(buckets, room) : []

  return compose(
    report,
    shape,
    {
      groupRows: groupRows.slice(0, shownGroups),
      changes: changeLines.slice(0, shownChanges),
      rows: rows.slice(0, full),
      names: names.slice(full, named),
      lists: lists.map(list => list.text)
    },
    {
      changes: changes.length - shownChanges,
      unnamed: attention.length - named,
      rowless: named - full,
      groups: groups.length - shownGroups,
      names: steady.length - lists.reduce((sum, list) => sum + list.listed, 0)
    }
  )
}

/** What the summary is about: how many of each part there are, and whether the run was inconclusive. */
interface Shape {
  inconclusive: boolean
  groups: number
  changes: number
  attention: number
  steady: number
}

/** The parts of each section that the summary shows. */
interface Shown {
  groupRows: string[]
  changes: string[]
  rows: string[]
  names: string[]
  /** Folded lists of the names of targets up and unchanged. */
  lists: string[]
}

/** What the summary leaves out, to stay within its budget. */
interface Left {
  changes: number
  /** Targets that need attention and are not named. */
  unnamed: number
  /** Targets that need attention and are named, without the rest of their row. */
  rowless: number
  /** Rows of the groups' table. */
  groups: number
  /** Names of targets up and unchanged. */
  names: number
}

/** The summary of what is shown: each section is there when it has anything to show or count. */
function compose(report: Report, shape: Shape, shown: Shown, left: Left): string {
  return (
    head(report) +
    (shape.groups > 0 ? groupsSection(shown.groupRows, left.groups) : '') +
    (shape.changes > 0 ? changesSection(shown.changes, left.changes) : '') +
    (shape.attention > 0 ? attentionSection(shown.rows, shown.names, left.unnamed, shape) : '') +
    (shape.steady > 0 ? steadySection(shown.lists, shape.steady) : '') +
    (Object.values(left).some(count => count > 0) ? note(left) : '')
  )
}

/** The headline, how the run kept to its timetable, and what the whole run was: a dry run, or inconclusive. */
function head(report: Report): string {
  const lines = [`## upwatch: ${headline(report)}`, '']
  const punctuality = report.punctuality && punctualityLine(report.punctuality, literal)
  if (punctuality) lines.push(punctuality, '')
  if (report.dryRun) lines.push('_Dry run: no state was written and no mail was sent._', '')
  if (report.inconclusive) {
    lines.push(
      `> [!WARNING]\n> Inconclusive run: ${literal(report.inconclusive)}. The runner's own network is in doubt, so no state was changed and no mail was sent. Each target shows the state it keeps, and beside it what this run's check found.`,
      ''
    )
  }
  return lines.map(line => line + '\n').join('')
}

function changesSection(lines: string[], left: number): string {
  const more = left > 0 ? `- ${counted(left, lines.length, 'change')}\n` : ''
  return `### Changes this run\n\n${lines.join('')}${more}\n`
}

/** The targets that need attention: rows, then names alone, then how many more there are. */
function attentionSection(rows: string[], names: string[], left: number, shape: Shape): string {
  const { inconclusive } = shape
  const grouped = shape.groups > 0
  const headers = [
    inconclusive ? 'Kept' : '',
    'Target',
    ...(grouped ? ['Group'] : []),
    'URL',
    ...(inconclusive ? ['This run'] : []),
    'HTTP',
    'Latency',
    'Uptime 30d',
    'Since',
    'Reason'
  ]
  const table =
    rows.length > 0
      ? `<table>\n<tr>${headers.map(header => `<th>${header}</th>`).join('')}</tr>\n${rows.join('')}</table>\n\n`
      : ''
  const more = left > 0 ? `- ${counted(left, rows.length + names.length, 'target')}\n` : ''
  const list = names.length > 0 || more ? `${names.join('')}${more}\n` : ''
  return `### Needing attention\n\n${table}${list}`
}

/** A target's row in the table of those that need attention. */
function row(target: TargetReport, shape: Shape): string {
  const { inconclusive } = shape
  const grouped = shape.groups > 0
  const cells = [
    stateCell(target),
    literal(target.name),
    ...(grouped ? [target.group === undefined ? '' : literal(target.group)] : []),
    literal(target.url),
    ...(inconclusive ? [ICONS[target.observed]] : []),
    target.status === null ? '' : String(target.status),
    `${target.latencyMs} ms`,
    target.uptime['30d'] === null ? '' : `${target.uptime['30d']}%`,
    target.since ? isoTime(target.since) : '',
    literal(target.reason) + notes(target, inconclusive)
  ]
  return `<tr>${cells.map(cell => `<td>${cell}</td>`).join('')}</tr>\n`
}

/** `🔴 api`, `🟢 api (this run: down)`: a target that needs attention, when its row does not fit. */
function namedLine(target: TargetReport): string {
  const observed = target.state !== target.observed ? ` (this run: ${target.observed})` : ''
  return `${stateCell(target)} ${literal(target.name)}${observed}`
}

function stateCell(target: TargetReport): string {
  return target.state === null ? `${NEW_ICON} new` : ICONS[target.state]
}

/** A group's targets in each state; `label` is its name as the summary shows it. */
interface GroupCount {
  /** undefined for the targets without a group. */
  name: string | undefined
  label: string
  targets: number
  counts: Record<Health, number>
}

/**
 * The targets per group, those with the most down first, then the most degraded, then by name, the targets
 * without a group last; none when no target has a group.
 */
function groupsOf(targets: TargetReport[]): GroupCount[] {
  if (!targets.some(target => target.group !== undefined)) return []
  const byName = new Map<string | undefined, GroupCount>()
  for (const target of targets) {
    let group = byName.get(target.group)
    if (!group) {
      const label = target.group === undefined ? '<i>no group</i>' : literal(target.group)
      group = { name: target.group, label, targets: 0, counts: { up: 0, down: 0, degraded: 0 } }
      byName.set(target.group, group)
    }
    group.targets++
    if (target.state !== null) group.counts[target.state]++
  }
  return [...byName.values()].sort(
    (a, b) =>
      b.counts.down - a.counts.down ||
      b.counts.degraded - a.counts.degraded ||
      Number(a.name === undefined) - Number(b.name === undefined) ||
      (a.name ?? '').localeCompare(b.name ?? '')
  )
}

function groupRow(group: GroupCount): string {
  const cells = [group.label, group.targets, group.counts.down, group.counts.degraded, group.counts.up]
  return `<tr>${cells.map(cell => `<td>${cell}</td>`).join('')}</tr>\n`
}

function groupsSection(rows: string[], left: number): string {
  const headers = ['Group', 'Targets', `${ICONS.down} Down`, `${ICONS.degraded} Degraded`, `${ICONS.up} Up`]
  const more = left > 0 ? `<tr><td colspan="5">${counted(left, rows.length, 'group')}</td></tr>\n` : ''
  return (
    '### Groups\n\n<table>\n' +
    `<tr>${headers.map(header => `<th>${header}</th>`).join('')}</tr>\n${rows.join('')}${more}</table>\n\n`
  )
}

/**
 * `… and 12 more changes` after some shown, `12 changes, not listed` when none is: never longer than the first,
 * which is what the budget sets aside.
 */
function counted(left: number, shown: number, noun: string): string {
  const nouns = `${noun}${left === 1 ? '' : 's'}`
  return shown > 0 ? `… and ${left} more ${nouns}` : `${left} ${nouns}, not listed`
}

/** Between names of targets in a folded list. */
const SEPARATOR = ' · '

/**
 * For each group of targets up and unchanged (or all of them, without groups), a folded list of their names,
 * as many as `room` holds, from the first group on; a group none of whose names fit, and those after it, are
 * left out.
 */
function bucketsListed(
  buckets: { label: string | undefined; targets: TargetReport[] }[],
  room: Room
): { text: string; listed: number }[] {
  const listed: { text: string; listed: number }[] = []
  for (const { label, targets } of buckets) {
    if (targets.length === 0) continue
    const count = `${targets.length} ${targets.length === 1 ? 'target' : 'targets'}`
    const open = `<details><summary>${label === undefined ? count : `${label}: ${count}`}</summary>`
    const rest = (left: number) => (left > 0 ? `${SEPARATOR}… and ${left} more` : '')
    const close = '</details>\n'
    if (!room.take(open + rest(targets.length) + close)) break
    const names = targets.map(target => literal(target.name))
    const taken = room.takeWhile(names.map(name => name + SEPARATOR))
    if (taken === 0) {
      room.give(open + rest(targets.length) + close)
      break
    }
    listed.push({
      text: open + names.slice(0, taken).join(SEPARATOR) + rest(targets.length - taken) + close,
      listed: taken
    })
    if (taken < targets.length) break
  }
  return listed
}

function steadySection(lists: string[], count: number): string {
  return `### ${count} up and unchanged\n\n${lists.length > 0 ? `${lists.join('')}\n` : ''}`
}

/** What was left out, and where every result is. */
function note(left: Left): string {
  const parts = [
    left.changes > 0 && `${left.changes} of the changes`,
    left.rowless > 0 && `the details of ${left.rowless} targets that need attention (named only)`,
    left.unnamed > 0 && `${left.unnamed} targets that need attention (counted only)`,
    left.groups > 0 && `${left.groups} rows of the groups' table`,
    left.names > 0 && `the names of ${left.names} targets up and unchanged`
  ].filter(Boolean)
  return (
    `> [!NOTE]\n> Left out to keep this summary within GitHub's limit of 1 MiB: ${parts.join(', ')}. ` +
    'Every result and change is in the JSON file that the output `results-file` names: upload it with ' +
    'actions/upload-artifact to keep it with the run.\n'
  )
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
  // The places' sentence may quote an error from AWS.
  if (held && !inconclusive) notes.push(target.places ? literal(held) : held)
  else if (target.places) notes.push(literal(target.places))
  if (target.observed !== 'up') notes.push(describeTimings(target.timings))
  return notes.map(note => `<br><sub>${note}</sub>`).join('')
}

/** `this run: down; counted as up until failure-threshold is reached`, when the check and the state differ. */
function heldBack(target: TargetReport): string | undefined {
  if (target.state === null || target.state === target.observed) return undefined
  if (target.places) return `this run: ${target.observed}; ${target.places}`
  const worse = SEVERITY[target.observed] > SEVERITY[target.state]
  const threshold = worse ? 'failure-threshold' : 'success-threshold'
  return `this run: ${target.observed}; counted as ${target.state} until ${threshold} is reached`
}

const SEVERITY: Record<Health, number> = { up: 0, degraded: 1, down: 2 }

/** Names are padded to line up to this many characters; a longer name is written whole, and stands out. */
export const NAME_COLUMN = 40

/** The log of a pass: the headline and a line per target that needs attention, then the others, folded. */
export interface LogLines {
  lines: string[]
  /** The targets up and unchanged, under a title of upwatch's own (a count: no text from outside). */
  folded?: { title: string; lines: string[] }
}

/** The same at a glance in the log: one line per target, those that need attention first, worst first. */
export function renderLog(report: Report): LogLines {
  const longest = report.targets.reduce((width, target) => Math.max(width, target.name.length), 4)
  const width = Math.min(longest, NAME_COLUMN)
  const inconclusive = report.inconclusive !== undefined
  const line = (target: TargetReport) => {
    const state =
      target.state === null
        ? `${NEW_ICON} NEW     `
        : `${ICONS[target.state]} ${target.state.toUpperCase().padEnd(8)}`
    const held = heldBack(target)
    const reason = inconclusive
      ? `this run ${target.observed.toUpperCase()}: ${target.reason}`
      : `${target.reason}${held ? ` (${held})` : target.places ? ` (${target.places})` : ''}`
    return `${state} ${target.name.padEnd(width)}  ${String(target.latencyMs).padStart(5)} ms  ${reason}  ${target.url}`
  }
  const { attention, steady } = byAttention(report)
  return {
    lines: [`upwatch: ${headline(report)}`, ...attention.map(line)],
    ...(steady.length > 0 && {
      folded: { title: `${steady.length} up and unchanged`, lines: steady.map(line) }
    })
  }
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
