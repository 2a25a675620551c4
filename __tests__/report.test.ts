// What the summary, the log and the outputs say of a pass: only what is so.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ParserOptions } from 'prettier'
import { parsers } from 'prettier/plugins/markdown'
import { type Report, type TargetReport } from '../src/report/model.js'
import { writeResultsFile } from '../src/report/file.js'
import { outputsOf, resultsFileOf, type ResultsFile } from '../src/report/outputs.js'
import { OUTPUT_BUDGET, OUTPUT_LIMIT, SUMMARY_BUDGET } from '../src/report/size.js'
import { renderLog, renderSummary } from '../src/report/summary.js'
import { type Change } from '../src/state/model.js'
import * as log from '../src/log.js'
import { commandsIn } from './support/runner.js'
import { printed } from './support/stdout.js'

const target = (name: string, extra: Partial<TargetReport> = {}): TargetReport => ({
  name,
  url: `https://${name}.example.com/health`,
  state: 'up',
  observed: 'up',
  status: 200,
  latencyMs: 42,
  timings: { dnsMs: 1, connectMs: 3, tlsMs: 10, firstByteMs: 40, totalMs: 42 },
  reason: 'HTTP 200',
  since: '2026-11-28T09:00:00.000Z',
  uptime: { '24h': 100, '7d': 99.95, '30d': 99.98, '90d': null },
  ...extra
})

const down = (name: string, extra: Partial<TargetReport> = {}) =>
  target(name, {
    state: 'down',
    observed: 'down',
    status: 503,
    reason: 'HTTP 503, expected 200-299',
    ...extra
  })

const change = (name: string, kind: Change['kind'], extra: Partial<Change> = {}): Change => ({
  id: `x/${kind}`,
  kind,
  name,
  url: `https://${name}.example.com/health`,
  from: kind === 'RECOVERED' ? 'down' : 'up',
  to: kind === 'RECOVERED' ? 'up' : kind === 'DEGRADED' ? 'degraded' : 'down',
  reason: kind === 'RECOVERED' ? 'HTTP 200' : 'HTTP 503, expected 200-299',
  since: '2026-11-28T10:00:00.000Z',
  previousSince: '2026-11-28T08:48:00.000Z',
  duration: 72 * 60,
  ...extra
})

const report = (extra: Partial<Report>): Report => ({ targets: [], changes: [], dryRun: false, ...extra })

describe('the summary', () => {
  it('says "first check" for a target seen for the first time, never "after 0ms"', () => {
    const summary = renderSummary(
      report({
        targets: [down('api')],
        changes: [change('api', 'DOWN', { from: null, previousSince: undefined, duration: null })]
      })
    )
    expect(summary).toContain('- **DOWN** api: HTTP 503, expected 200-299 (first check)')
    expect(summary).not.toContain('after 0ms')
  })

  it('lists changes worst first, as the mail does', () => {
    const summary = renderSummary(
      report({
        targets: [down('web'), target('docs'), target('shop', { state: 'degraded', observed: 'degraded' })],
        changes: [change('docs', 'RECOVERED'), change('shop', 'DEGRADED'), change('web', 'DOWN')]
      })
    )
    const listed = summary.split('\n').filter(line => line.startsWith('- **'))
    expect(listed).toEqual([
      '- **DOWN** web: HTTP 503, expected 200-299 after 1h 12m',
      '- **DEGRADED** shop: HTTP 503, expected 200-299 after 1h 12m',
      '- **RECOVERED** docs: HTTP 200 after 1h 12m'
    ])
  })

  it('says when this run saw a failure that a threshold has not yet made a change', () => {
    const summary = renderSummary(
      report({
        targets: [target('api', { observed: 'down', status: null, reason: 'connection refused' })]
      })
    )
    expect(summary).toContain(
      '<td>🟢</td><td>api</td><td>https&#58;//api.example.com/health</td><td></td><td>42 ms</td>'
    )
    expect(summary).toContain(
      'connection refused<br><sub>this run: down; counted as up until failure-threshold is reached</sub>' +
        '<br><sub>DNS 1 ms, connect 3 ms, TLS 10 ms, first byte 40 ms, total 42 ms</sub>'
    )
  })
})

describe('the summary of targets up and unchanged', () => {
  it('counts them, and lists their names folded, not as rows', () => {
    const summary = renderSummary(report({ targets: [down('api'), target('web'), target('docs')] }))
    expect(summary).toContain('### Needing attention')
    expect(summary).toContain('<td>🔴</td><td>api</td>')
    expect(summary).not.toContain('<td>web</td>')
    expect(summary).toContain(
      '### 2 up and unchanged\n\n<details><summary>2 targets</summary>docs · web</details>\n'
    )
    expect(summary).not.toContain('[!NOTE]')
  })

  it('shows a table of the groups, worst first, a group column, and the names by group', () => {
    const summary = renderSummary(
      report({
        targets: [
          target('web', { group: 'eu' }),
          down('api', { group: 'eu' }),
          target('docs', { group: 'us' }),
          target('shop', { group: 'us', state: 'degraded', observed: 'degraded' }),
          target('misc')
        ]
      })
    )
    expect(summary).toContain(
      '### Groups\n\n<table>\n' +
        '<tr><th>Group</th><th>Targets</th><th>🔴 Down</th><th>🟡 Degraded</th><th>🟢 Up</th></tr>\n' +
        '<tr><td>eu</td><td>2</td><td>1</td><td>0</td><td>1</td></tr>\n' +
        '<tr><td>us</td><td>2</td><td>0</td><td>1</td><td>1</td></tr>\n' +
        '<tr><td><i>no group</i></td><td>1</td><td>0</td><td>0</td><td>1</td></tr>\n' +
        '</table>\n'
    )
    expect(summary).toContain(
      '<tr><td>🔴</td><td>api</td><td>eu</td><td>https&#58;//api.example.com/health</td>'
    )
    expect(summary).toContain(
      '### 3 up and unchanged\n\n' +
        '<details><summary>eu: 1 target</summary>web</details>\n' +
        '<details><summary>us: 1 target</summary>docs</details>\n' +
        '<details><summary><i>no group</i>: 1 target</summary>misc</details>\n'
    )
  })
})

describe('an inconclusive run', () => {
  const inconclusive = report({
    inconclusive: 'the canary https://www.google.com failed (DNS lookup failed)',
    targets: [
      down('api', { observed: 'up', status: 200, reason: 'HTTP 200' }),
      target('web', { observed: 'down', status: null, reason: 'DNS lookup failed' }),
      target('new', {
        state: null,
        since: undefined,
        observed: 'down',
        status: null,
        reason: 'DNS lookup failed'
      })
    ]
  })

  it('says in its headline that nothing changed, not how many are down', () => {
    expect(renderSummary(inconclusive)).toContain(
      '## upwatch: inconclusive run, nothing changed: 2 targets kept as they were, 1 never seen, not recorded'
    )
    expect(renderLog(inconclusive).lines[0]).toBe(
      'upwatch: inconclusive run, nothing changed: 2 targets kept as they were, 1 never seen, not recorded'
    )
  })

  it("shows each target's kept state and this run's result as two things", () => {
    const summary = renderSummary(inconclusive)
    expect(summary).toContain(
      '<tr><th>Kept</th><th>Target</th><th>URL</th><th>This run</th><th>HTTP</th><th>Latency</th><th>Uptime 30d</th><th>Since</th><th>Reason</th></tr>'
    )
    expect(summary).toContain(
      '<td>🔴</td><td>api</td><td>https&#58;//api.example.com/health</td><td>🟢</td><td>200</td>'
    )
    expect(summary).toContain('<td>⚪ new</td><td>new</td>')
    const log = renderLog(inconclusive).lines
    expect(log).toContainEqual(
      expect.stringMatching(/^🔴 DOWN +api +42 ms {2}this run UP: HTTP 200 {2}https:/)
    )
    expect(log).toContainEqual(
      expect.stringMatching(/^🟢 UP +web +42 ms {2}this run DOWN: DNS lookup failed/)
    )
    expect(log).toContainEqual(
      expect.stringMatching(/^⚪ NEW +new +42 ms {2}this run DOWN: DNS lookup failed/)
    )
  })

  it('counts no state for a target never seen, and gives its result apart', () => {
    const outputs = outputsOf(inconclusive, resultsFileOf(inconclusive), '/tmp/results.json')
    expect(outputs).toMatchObject({ up: '1', down: '1', degraded: '0', inconclusive: 'true' })
    expect(JSON.parse(outputs.results)).toContainEqual(
      expect.objectContaining({ name: 'new', state: null, observed: 'down', reason: 'DNS lookup failed' })
    )
  })
})

/** A node of the markdown tree (mdast) that prettier's markdown parser, a GFM parser, reads a summary into. */
interface MarkdownNode {
  type: string
  value?: string
  children?: MarkdownNode[]
}

/** The summary as a GitHub-flavoured markdown renderer reads it. */
async function markdownTree(summary: string): Promise<MarkdownNode> {
  return (await parsers.markdown.parse(summary, {} as ParserOptions)) as MarkdownNode
}

function nodes(node: MarkdownNode): MarkdownNode[] {
  return [node, ...(node.children ?? []).flatMap(nodes)]
}

/** What an HTML renderer shows of text with character references: the characters. */
function decode(html: string): string {
  return html
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

describe('text from outside in the summary', () => {
  // A JSON value, a name and a header as a hostile server or a careless file might have them.
  const value = '![t](https://evil.example/p.png) [here](https://evil.example) <img src=x onerror=alert(1)>'
  const styled =
    '**bold** _it_ ~~gone~~ `code` $x^2$ https://evil.example www.evil.example me@evil.example &amp; \\*'
  const name = 'api\n\n![t](https://evil.example/p.png)\n\n<b>out</b> | x'
  const reason = `HTTP 200, JSON status is ${JSON.stringify(value)}, expected "ok"`
  const hostile = report({
    targets: [
      down(name, { reason, url: 'https://api.example.com/h?q=[x](y)' }),
      target('web', { reason: styled })
    ],
    changes: [change(name, 'DOWN', { reason }), change('web', 'RECOVERED', { reason: styled })]
  })

  it('is written with markdown and HTML escaped, on one line', () => {
    const summary = renderSummary(hostile)
    expect(summary).toContain(
      '- **DOWN** api&#92;n&#92;n!&#91;t&#93;(https&#58;//evil.example/p.png)&#92;n&#92;n&#60;b&#62;out&#60;/b&#62; &#124; x: ' +
        'HTTP 200, JSON status is &#34;!&#91;t&#93;(https&#58;//evil.example/p.png) &#91;here&#93;(https&#58;//evil.example) ' +
        '&#60;img src=x onerror=alert(1)&#62;&#34;, expected &#34;ok&#34; after 1h 12m'
    )
    expect(summary).toContain(
      '- **RECOVERED** web: &#42;&#42;bold&#42;&#42; &#95;it&#95; &#126;&#126;gone&#126;&#126; &#96;code&#96; ' +
        '&#36;x^2&#36; https&#58;//evil.example www&#46;evil.example me&#64;evil.example &#38;amp; &#92;&#42; after 1h 12m'
    )
  })

  it('renders as the text it is: no image, link, tag, emphasis or code comes from it', async () => {
    const summary = renderSummary(hostile)
    const tree = await markdownTree(summary)
    const types = new Set(nodes(tree).map(node => node.type))
    expect([...types].sort()).toEqual([
      'heading',
      'html',
      'list',
      'listItem',
      'paragraph',
      'root',
      'strong',
      'text'
    ])
    // The table stays one HTML block, with no tag but its own.
    const html = nodes(tree).filter(node => node.type === 'html')
    expect(html).toHaveLength(1)
    expect(html[0].value).toMatch(/^<table>[^]*<\/table>$/)
    expect(new Set(html[0].value?.match(/<\/?[a-z]+/gi))).toEqual(
      new Set(['<table', '<tr', '<th', '</th', '</tr', '<td', '</td', '<br', '<sub', '</sub', '</table'])
    )
    expect(decode(html[0].value ?? '')).toContain(`<td>${name.replaceAll('\n', '\\n')}</td>`)
    // Each change reads as it was sent, its markup shown as characters.
    const items = nodes(tree)
      .filter(node => node.type === 'listItem')
      .map(item =>
        nodes(item)
          .map(node => (node.type === 'text' ? node.value : ''))
          .join('')
      )
    expect(items).toEqual([
      `DOWN ${name.replaceAll('\n', '\\n')}: ${reason} after 1h 12m`,
      `RECOVERED web: ${styled} after 1h 12m`
    ])
  })
})

describe('groups and names folded in the summary', () => {
  // Names and groups are a user's words: a careless file may hold markup, and a group cannot end the list.
  const group = '<b>eu</b></summary></details> **x** [l](https://evil.example)'
  const names = ['<img src=x>', 'a · b', '`c` @d www.e.example']
  const summary = renderSummary(
    report({ targets: [down('api', { group }), ...names.map(name => target(name, { group }))] })
  )

  it('escapes them, in the groups table, the rows and the folded names alike', async () => {
    const tree = await markdownTree(summary)
    const html = nodes(tree).filter(node => node.type === 'html')
    expect(new Set(html.flatMap(node => node.value?.match(/<\/?[a-z]+/gi) ?? []))).toEqual(
      new Set([
        '<table',
        '<tr',
        '<th',
        '</th',
        '</tr',
        '<td',
        '</td',
        '<br',
        '<sub',
        '</sub',
        '</table',
        '<details',
        '<summary',
        '</summary',
        '</details'
      ])
    )
    const text = decode(html.map(node => node.value).join('\n'))
    expect(text).toContain(`<tr><td>${group}</td><td>4</td><td>1</td><td>0</td><td>3</td></tr>`)
    expect(text).toContain(`<td>api</td><td>${group}</td>`)
    expect(text).toContain(
      `<details><summary>${group}: 3 targets</summary>${[...names].sort((a, b) => a.localeCompare(b)).join(' · ')}</details>`
    )
    expect(
      nodes(tree).some(node => ['link', 'image', 'emphasis', 'strong', 'inlineCode'].includes(node.type))
    ).toBe(false)
  })
})

describe('the log', () => {
  const lines = (targets: TargetReport[]) => {
    const { lines, folded } = renderLog(report({ targets }))
    return [...lines.slice(1), ...(folded?.lines ?? [])]
  }

  it('pads names to the longest, up to 40 characters; a longer name is written whole', () => {
    expect(lines([target('api'), target('website')])).toEqual([
      expect.stringMatching(/^🟢 UP {7}api {4} {2} {3}42 ms/),
      expect.stringMatching(/^🟢 UP {7}website {2} {3}42 ms/)
    ])
    const long = 'l'.repeat(50)
    expect(lines([target('api'), target(long)])).toEqual([
      `🟢 UP       ${'api'.padEnd(40)}     42 ms  HTTP 200  https://api.example.com/health`,
      `🟢 UP       ${long}     42 ms  HTTP 200  https://${long}.example.com/health`
    ])
  })

  it('stays small for 1,000 targets when one has a 100 KB name', () => {
    const targets = [
      target('x'.repeat(100 * 1024)),
      ...Array.from({ length: 999 }, (_, i) => target(`t${i}`))
    ]
    const bytes = Buffer.byteLength(lines(targets).join('\n') + '\n')
    // Twice the name (in its line and its URL), and some 110 bytes for every other line.
    expect(bytes).toBeLessThan(2 * 100 * 1024 + 1000 * 120)
  })
})

describe('the outputs', () => {
  const outputs = (report: Report) => outputsOf(report, resultsFileOf(report), '/tmp/upwatch-x/results.json')

  it('list the targets that need attention first, worst first, then the others, with their group', () => {
    const results = JSON.parse(
      outputs(
        report({
          targets: [
            target('web', { group: 'eu' }),
            target('docs'),
            down('api', { group: 'eu' }),
            target('held', { observed: 'down', status: null, reason: 'connection refused' }),
            target('shop', { state: 'degraded', observed: 'degraded' }),
            target('back')
          ],
          changes: [change('back', 'RECOVERED')]
        })
      ).results
    ) as { name: string; group?: string }[]
    expect(results.map(result => [result.name, result.group])).toEqual([
      ['api', 'eu'],
      ['shop', undefined],
      ['back', undefined],
      ['held', undefined],
      ['docs', undefined],
      ['web', 'eu']
    ])
  })

  it('keep each JSON output within the budget, every target that needs attention first, and count the rest', () => {
    // 2,000 down, each seen for the first time, and 8,000 up: over 1 MB of results and of changes.
    const names = Array.from({ length: 10_000 }, (_, i) => `target-${String(i).padStart(5, '0')}`)
    const big = report({
      targets: names.map((name, i) => (i < 2000 ? down(name) : target(name))),
      changes: names
        .slice(0, 2000)
        .map(name => change(name, 'DOWN', { from: null, previousSince: undefined, duration: null }))
    })
    const file = resultsFileOf(big)
    expect(Buffer.byteLength(JSON.stringify(file.results))).toBeGreaterThan(OUTPUT_LIMIT)
    const values = outputsOf(big, file, '/tmp/upwatch-x/results.json')
    for (const value of Object.values(values))
      expect(Buffer.byteLength(value)).toBeLessThanOrEqual(OUTPUT_BUDGET)

    const results = JSON.parse(values.results) as ResultsFile['results']
    expect(results).toEqual(file.results.slice(0, results.length))
    expect(results.length + Number(values['results-omitted'])).toBe(10_000)
    expect(results.slice(0, 2000).every(result => result.state === 'down')).toBe(true)
    expect(Number(values['results-omitted'])).toBeGreaterThan(0)
    // As many as fit: one more would not.
    const next = JSON.stringify(file.results.slice(0, results.length + 1))
    expect(Buffer.byteLength(next)).toBeGreaterThan(OUTPUT_BUDGET)
    expect(values['changes-omitted']).toBe('0')
    expect(JSON.parse(values.changes)).toEqual(file.changes)
  })

  it('keep the changes within the budget too, worst first, and count the rest', () => {
    // 10,000 targets down at their first check: 1.7 MB of changes.
    const names = Array.from({ length: 10_000 }, (_, i) => `target-${String(i).padStart(5, '0')}`)
    const first = { from: null, previousSince: undefined, duration: null }
    const big = report({
      targets: names.map(name => down(name)),
      changes: [change('back', 'RECOVERED'), ...names.map(name => change(name, 'DOWN', first))]
    })
    const file = resultsFileOf(big)
    const values = outputsOf(big, file, '/tmp/upwatch-x/results.json')
    expect(Buffer.byteLength(values.changes)).toBeLessThanOrEqual(OUTPUT_BUDGET)
    const changes = JSON.parse(values.changes) as ResultsFile['changes']
    expect(changes).toEqual(file.changes.slice(0, changes.length))
    expect(changes.every(kept => kept.to === 'down')).toBe(true)
    expect(changes.length + Number(values['changes-omitted'])).toBe(10_001)
    expect(file.changes.at(-1)?.name).toBe('back')
  })

  it('count nothing left out when everything fits', () => {
    expect(outputs(report({ targets: [down('api'), target('web')] }))).toMatchObject({
      'changes-omitted': '0',
      'results-omitted': '0',
      'results-file': '/tmp/upwatch-x/results.json'
    })
  })

  it('name a results file of its own with every result and change, complete', async () => {
    const full = report({
      targets: [down('api'), target('web', { group: 'eu' })],
      changes: [change('api', 'DOWN')]
    })
    const parent = await mkdtemp(path.join(tmpdir(), 'upwatch-file-'))
    const [first, second] = [
      await writeResultsFile(resultsFileOf(full), parent),
      await writeResultsFile(resultsFileOf(full), parent)
    ]
    expect(path.dirname(path.dirname(first))).toBe(parent)
    expect(first).not.toBe(second)
    expect(JSON.parse(readFileSync(first, 'utf8'))).toEqual({
      results: [
        expect.objectContaining({ name: 'api', state: 'down', reason: 'HTTP 503, expected 200-299' }),
        expect.objectContaining({ name: 'web', group: 'eu', state: 'up' })
      ],
      changes: [
        {
          name: 'api',
          url: 'https://api.example.com/health',
          from: 'up',
          to: 'down',
          reason: 'HTTP 503, expected 200-299',
          since: '2026-11-28T10:00:00.000Z',
          duration: 4320
        }
      ]
    })
  })

  it('write the results file as the JSON of every result and change, however many', async () => {
    // 3,000 results and 1,000 changes: the file is written in many pieces, and reads as one JSON text.
    const names = Array.from({ length: 3000 }, (_, i) => `target-${String(i).padStart(5, '0')}`)
    const big = report({
      targets: names.map((name, i) => (i < 1000 ? down(name) : target(name, { group: 'eu' }))),
      changes: names.slice(0, 1000).map(name => change(name, 'DOWN'))
    })
    const file = resultsFileOf(big)
    const where = await writeResultsFile(file, await mkdtemp(path.join(tmpdir(), 'upwatch-file-')))
    expect(readFileSync(where, 'utf8')).toBe(JSON.stringify(file) + '\n')
    expect(file.results).toHaveLength(3000)
    expect(file.changes).toHaveLength(1000)
  })

  it('are described in action.yml with the budget they keep to', () => {
    const action = readFileSync('action.yml', 'utf8')
    const budget = OUTPUT_BUDGET.toLocaleString('en-US')
    expect(action.match(new RegExp(`At most ${budget} bytes|at most ${budget} bytes`, 'g'))).toHaveLength(2)
    expect(readFileSync('README.md', 'utf8')).toContain(`${budget} bytes`)
  })
})

/** The sections of a summary by their headings (`Changes this run`, `Needing attention`...), `head` first. */
function sections(summary: string): Record<string, string> {
  const [head, ...rest] = summary.split(/^### /m)
  const titled = rest.map((section): [string, string] => [
    section.slice(0, section.indexOf('\n')).replace(/^\d+ /, ''),
    section
  ])
  return Object.fromEntries([['head', head], ...titled])
}

/** How much of each part a summary shows. */
function shown(summary: string) {
  const parts = sections(summary)
  const count = (text: string | undefined, pattern: RegExp) => text?.match(pattern)?.length ?? 0
  return {
    changes: count(parts['Changes this run'], /^- \*\*/gm),
    rows: count(parts['Needing attention'], /^<tr><td>/gm),
    named: count(parts['Needing attention'], /^- [🔴🟡🟢⚪]/gmu),
    groups: count(parts.Groups, /^<tr><td>/gm),
    names: (parts['up and unchanged']?.match(/<\/summary>(.*?)(?: · … and \d+ more)?<\/details>/g) ?? [])
      .map(list => list.replace(/^<\/summary>|(?: · … and \d+ more)?<\/details>$/g, ''))
      .reduce((sum, list) => sum + list.split(' · ').length, 0)
  }
}

describe('the summary within its budget', () => {
  // 30 changes, 60 targets that need attention (down, in 6 groups), 300 up and unchanged (in 12 groups).
  const groupOf = (i: number) => `group ${i % 12}`
  const big = report({
    targets: [
      ...Array.from({ length: 60 }, (_, i) => down(`down-${i}`, { group: groupOf(i) })),
      ...Array.from({ length: 300 }, (_, i) => target(`up-${i}`, { group: groupOf(i) }))
    ],
    changes: Array.from({ length: 30 }, (_, i) => change(`down-${i}`, 'DOWN'))
  })
  const whole = renderSummary(big)
  const all = shown(whole)

  it('is whole when it fits', () => {
    expect(all).toEqual({ changes: 30, rows: 60, named: 0, groups: 12, names: 300 })
    expect(whole).not.toContain('[!NOTE]')
  })

  it('never passes its budget, and gives way in order: names up, groups, rows, names, changes', () => {
    const size = Buffer.byteLength(whole)
    let previous = all
    for (let budget = size - 1; budget > 1500; budget -= 97) {
      const summary = renderSummary(big, budget)
      expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(budget)
      const now = shown(summary)
      // Something gives way only once everything after it in that order has.
      if (now.names > 0) expect(now).toMatchObject({ changes: 30, rows: 60, groups: 12 })
      if (now.groups > 0) expect(now).toMatchObject({ changes: 30, rows: 60 })
      if (now.rows < 60 && now.rows + now.named > 0) expect(now.groups).toBe(0)
      if (now.rows + now.named < 60 && now.rows + now.named > 0) expect(now.rows).toBe(0)
      if (now.changes < 30) expect(now.rows + now.named).toBe(0)
      if (now.changes > 0 && now.changes < 30)
        expect(summary).toContain(`- … and ${30 - now.changes} more changes`)
      // A smaller budget never shows more of anything that gives way.
      expect(now.names).toBeLessThanOrEqual(previous.names)
      expect(now.changes).toBeLessThanOrEqual(previous.changes)
      expect(summary).toContain('> [!NOTE]\n> Left out to keep this summary within GitHub')
      previous = now
    }
    expect(previous).toMatchObject({ names: 0, groups: 0, rows: 0 })
  })

  it('says what it left out, and names each target that needs attention as long as it can', () => {
    const size = Buffer.byteLength(whole)
    const withoutNames = renderSummary(big, size - 200)
    expect(withoutNames).toMatch(/the names of \d+ targets up and unchanged\. Every result and change is in/)
    // Rows give way from the last: the worst first keep theirs, the others are named, with their state's icon.
    const header = Buffer.byteLength(renderSummary(big, 0))
    const rows = shown(renderSummary(big, header + 30 * 60 + 60 * 20 + 1200))
    expect(rows.changes).toBe(30)
    expect(rows.rows + rows.named).toBe(60)
    expect(rows.named).toBeGreaterThan(0)
    const named = renderSummary(big, header + 30 * 60 + 60 * 20 + 1200)
    expect(named).toMatch(/^- 🔴 down-\d+$/m)
    expect(named).toMatch(/the details of \d+ targets that need attention \(named only\)/)
  })

  it('keeps its headline and its note however small the budget', () => {
    const summary = renderSummary(big, 0)
    expect(summary).toMatch(/^## upwatch: 60 of 360 down\n/)
    expect(summary).toContain('- 30 changes, not listed\n')
    expect(summary).toContain('- 60 targets, not listed\n')
    expect(summary).toContain('<tr><td colspan="5">12 groups, not listed</td></tr>')
    expect(summary).toContain(
      "Left out to keep this summary within GitHub's limit of 1 MiB: 30 of the changes, 60 targets that need " +
        "attention (counted only), 12 rows of the groups' table, the names of 300 targets up and unchanged."
    )
  })

  it('keeps to 1,000,000 bytes by default', () => {
    expect(SUMMARY_BUDGET).toBe(1_000_000)
  })
})

describe('the folded group in the log', () => {
  it("holds the targets up and unchanged, under a title of upwatch's own, whatever their names", () => {
    const hostile = ['::endgroup::', '##[group]x', '::group::y']
    const { lines, folded } = renderLog(
      report({ targets: [down('::error::api'), ...hostile.map(name => target(name))] })
    )
    expect(lines).toEqual(['upwatch: 1 of 4 down', expect.stringMatching(/^🔴 DOWN +::error::api +42 ms/)])
    expect(folded?.title).toBe('3 up and unchanged')
    const out = printed(() => log.group(folded!.title, folded!.lines))
    expect(commandsIn(out).map(({ command, data }) => [command, data])).toEqual([
      ['group', '3 up and unchanged'],
      ['endgroup', '']
    ])
    expect(out.split('\n').slice(1, 4)).toEqual([
      expect.stringMatching(/^🟢 UP +::endgroup:: +42 ms/),
      expect.stringMatching(/^🟢 UP +::group::y +42 ms/),
      expect.stringMatching(/^🟢 UP +##\\\[group\]x +42 ms/)
    ])
  })

  it('is left out when every target needs attention', () => {
    expect(renderLog(report({ targets: [down('api')] })).folded).toBeUndefined()
  })
})
