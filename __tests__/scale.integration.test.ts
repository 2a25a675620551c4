// Within GitHub's limits at any number of targets: the job summary under 1 MiB (above it GitHub drops all of
// it), each output under 1 MB, every target down named in the summary, and the results file complete. First
// from reports the pipeline builds (targets file, reconcile, buildReport) over results made up for 10,000 and
// 20,000 targets, where probing would add nothing but time; then the action itself, in process, over 10,000
// targets on 127.0.0.1. No test here is timed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ProbeResult } from '../src/probes/model.js'
import { reconcileAll } from '../src/reconcile.js'
import { buildReport } from '../src/report/build.js'
import { writeResultsFile } from '../src/report/file.js'
import { type Report } from '../src/report/model.js'
import { outputsOf, resultsFileOf, type ResultsFile } from '../src/report/outputs.js'
import { OUTPUT_BUDGET, OUTPUT_LIMIT, SUMMARY_BUDGET, SUMMARY_LIMIT } from '../src/report/size.js'
import { renderSummary } from '../src/report/summary.js'
import { type StoredState } from '../src/state/model.js'
import { keyOf } from '../src/targets/model.js'
import { resultsFileOf as readResultsFile, resultsOf, runInProcess, targetsFile } from './support/action.js'
import { startFarm, type Farm } from './support/servers.js'
import { targetsOf } from './support/targets.js'

const bytes = (text: string) => Buffer.byteLength(text)
const nameOf = (index: number) => `target-${String(index).padStart(5, '0')}`

/** Half of the targets in one of five groups, the others in none. */
const regions = (index: number) => (index % 2 === 0 ? `region ${index % 10}` : undefined)

/** `count` targets at `url`, in the group that `group` gives, if any. */
function targetsText(
  count: number,
  url: (index: number) => string,
  group: (index: number) => string | undefined = regions
): string {
  const entries = Array.from({ length: count }, (_, index) => {
    const grouped = group(index) === undefined ? '' : `, group: "${group(index)}"`
    return `  - { name: ${nameOf(index)}, url: "${url(index)}"${grouped} }`
  })
  return `defaults: { retries: 0 }\ntargets:\n${entries.join('\n')}\n`
}

/**
 * The report of a pass over `count` targets, those for which `down` holds answering 503, built as the action
 * builds it. `steady`: the targets were seen before in the state they are in, so nothing changes; otherwise
 * every target is seen for the first time, and each one down is a change.
 */
function pass(
  count: number,
  down: (index: number) => boolean,
  steady: boolean,
  group?: (index: number) => string | undefined
): Report {
  const url = (index: number) => `https://${nameOf(index)}.example.com/health`
  const targets = targetsOf(targetsText(count, url, group))
  const now = '2026-11-28T10:00:00.000Z'
  const results: ProbeResult[] = targets.map((target, index) => ({
    target,
    health: down(index) ? 'down' : 'up',
    status: down(index) ? 503 : 200,
    reason: down(index) ? 'HTTP 503, expected 200-299' : 'HTTP 200',
    latencyMs: 42,
    timings: { dnsMs: 1, connectMs: 3, tlsMs: 10, firstByteMs: 40, totalMs: 42 },
    silent: false,
    attempts: 1,
    checkedAt: now
  }))
  const previous = new Map<string, StoredState>(
    steady
      ? targets.map((target, index) => {
          const state = down(index) ? 'down' : 'up'
          const since = '2026-11-28T09:00:00.000Z'
          return [keyOf(target), { state, since, announced: state, failures: 0, successes: 0, pending: {} }]
        })
      : []
  )
  const decisions = reconcileAll(results, previous, { now, runId: 'run', leaseMs: 180_000, history: true })
  return buildReport(decisions, new Set(), false)
}

/** The outputs of a report, with the results file written where the runner's temporary folder would be. */
async function written(report: Report) {
  const file = resultsFileOf(report)
  const where = await writeResultsFile(file, mkdtempSync(path.join(tmpdir(), 'upwatch-scale-')))
  return {
    outputs: outputsOf(report, file, where),
    file: JSON.parse(readFileSync(where, 'utf8')) as ResultsFile
  }
}

/** Each output within the budget, and so under GitHub's limit. */
function expectOutputsWithin(outputs: Record<string, string>) {
  for (const [name, value] of Object.entries(outputs)) {
    expect([name, bytes(value) <= OUTPUT_BUDGET]).toEqual([name, true])
  }
  expect(OUTPUT_BUDGET).toBeLessThan(OUTPUT_LIMIT)
}

/** The results file holds one result per target of the report, and every change, as the outputs show them. */
function expectComplete(file: ResultsFile, report: Report) {
  expect(file).toEqual(resultsFileOf(report))
  expect(new Set(file.results.map(result => result.name))).toEqual(
    new Set(report.targets.map(target => target.name))
  )
  expect(file.results).toHaveLength(report.targets.length)
  expect(file.changes).toHaveLength(report.changes.length)
}

/** The targets down that the summary names: in their rows, on lines of their own, or in their changes. */
function namedDown(summary: string): Set<string> {
  const patterns = [/^<tr><td>🔴<\/td><td>([^<]+)<\/td>/gm, /^- 🔴 (.+)$/gm, /^- \*\*DOWN\*\* (.+?): /gm]
  return new Set(patterns.flatMap(pattern => [...summary.matchAll(pattern)].map(match => match[1])))
}

describe('10,000 targets, 1% down', () => {
  const down = (index: number) => index % 100 === 0
  const report = pass(10_000, down, true)
  const downNames = report.targets.filter(target => target.state === 'down').map(target => target.name)

  it('give a summary under 1 MiB that names every target down with its row', () => {
    const summary = renderSummary(report)
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_BUDGET)
    expect(SUMMARY_BUDGET).toBeLessThan(SUMMARY_LIMIT)
    expect(downNames).toHaveLength(100)
    for (const name of downNames) expect(summary).toContain(`<td>🔴</td><td>${name}</td>`)
    expect(summary).toContain('### 9900 up and unchanged')
    expect(summary).toContain('<tr><td>region 0</td><td>1000</td><td>100</td><td>0</td><td>900</td></tr>')
    // Every name fits: nothing is left out.
    expect(summary).not.toContain('[!NOTE]')
  })

  it('give outputs under 1 MB each, every target down first in results, and a complete results file', async () => {
    const { outputs, file } = await written(report)
    expectOutputsWithin(outputs)
    const results = JSON.parse(outputs.results) as ResultsFile['results']
    expect(results.slice(0, 100).map(result => result.name)).toEqual(downNames)
    expect(results.length + Number(outputs['results-omitted'])).toBe(10_000)
    expect(results).toEqual(file.results.slice(0, results.length))
    expectComplete(file, report)
    expect(file.results[0]).toMatchObject({ name: 'target-00000', group: 'region 0', state: 'down' })
  })
})

describe('10,000 targets, each in a group of its own, 1% down', () => {
  it('give a summary under 1 MiB with every target down in its row, and as many groups as fit', () => {
    const report = pass(
      10_000,
      index => index % 100 === 0,
      true,
      index => `group ${index}`
    )
    const summary = renderSummary(report)
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_BUDGET)
    expect(namedDown(summary).size).toBe(100)
    expect(summary).toContain('<tr><td>group 0</td><td>1</td><td>1</td><td>0</td><td>0</td></tr>')
  })
})

describe('10,000 targets seen for the first time, all down', () => {
  const report = pass(10_000, () => true, false)

  it('give a summary under 1 MiB that names every one, and lists every change', () => {
    const summary = renderSummary(report)
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_BUDGET)
    expect(report.changes).toHaveLength(10_000)
    expect(namedDown(summary)).toEqual(new Set(report.targets.map(target => target.name)))
    expect(summary.match(/^- \*\*DOWN\*\* /gm)).toHaveLength(10_000)
    expect(summary).toMatch(/the details of \d+ targets that need attention \(named only\)/)
  })

  it('give a changes output under 1 MB, worst first, that counts the changes it leaves out', async () => {
    const { outputs, file } = await written(report)
    expectOutputsWithin(outputs)
    const changes = JSON.parse(outputs.changes) as ResultsFile['changes']
    expect(Number(outputs['changes-omitted'])).toBeGreaterThan(0)
    expect(changes.length + Number(outputs['changes-omitted'])).toBe(10_000)
    expect(changes).toEqual(file.changes.slice(0, changes.length))
    expectComplete(file, report)
  })
})

describe('20,000 targets down', () => {
  it('still seen down before: a summary under 1 MiB naming every one, the worst with their rows', () => {
    const report = pass(20_000, () => true, true)
    const summary = renderSummary(report)
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_BUDGET)
    expect(namedDown(summary)).toEqual(new Set(report.targets.map(target => target.name)))
    expect(summary).toContain('<td>🔴</td><td>target-00000</td>')
    expect(summary).toMatch(/the details of \d+ targets that need attention \(named only\)/)
  })

  it('seen for the first time: a summary under 1 MiB listing the changes it can, counting the rest', async () => {
    const report = pass(20_000, () => true, false)
    const summary = renderSummary(report)
    expect(bytes(summary)).toBeLessThanOrEqual(SUMMARY_BUDGET)
    const listed = summary.match(/^- \*\*DOWN\*\* /gm)?.length ?? 0
    expect(listed).toBeGreaterThan(10_000)
    expect(summary).toContain(`- … and ${20_000 - listed} more changes`)
    expect(summary).toContain('### Needing attention\n\n- 20000 targets, not listed\n')
    expect(summary).toContain(
      `Left out to keep this summary within GitHub's limit of 1 MiB: ${20_000 - listed} of the changes, ` +
        "20000 targets that need attention (counted only), 6 rows of the groups' table."
    )
    const { outputs, file } = await written(report)
    expectOutputsWithin(outputs)
    expectComplete(file, report)
  })
})

describe('the action over 10,000 targets on 127.0.0.1, 1% down', () => {
  let farm: Farm
  beforeAll(async () => {
    farm = await startFarm()
  })
  afterAll(async () => {
    await farm.close()
  })

  it('writes a summary and outputs within the limits, a complete results file and a folded log', async () => {
    const down = (index: number) => index % 100 === 0
    const file = targetsFile(
      targetsText(10_000, index => farm.http(down(index) ? '/status/503' : `/status/200?${index}`))
    )
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-scale-')), 'state.json')
    // 256 at once: the farm answers in this process, beside the action, and 2,048 at once (auto) swamp it.
    const inputs = { targets: file, 'state-file': stateFile, 'fail-on-down': 'true', concurrency: '256' }
    const run = await runInProcess(inputs)

    const downNames = Array.from({ length: 100 }, (_, i) => nameOf(i * 100))
    expect(run.errors).toEqual([
      `100 target(s) down: ${downNames.slice(0, 20).join(', ')} and 80 more (fail-on-down is set).`
    ])
    expect(bytes(run.summary)).toBeLessThanOrEqual(SUMMARY_BUDGET)
    for (const name of downNames) expect(run.summary).toContain(`<td>🔴</td><td>${name}</td>`)
    expect(run.summary).toContain('### 9900 up and unchanged')
    expectOutputsWithin(run.outputs)
    expect(run.outputs).toMatchObject({ up: '9900', down: '100', 'changes-omitted': '0' })

    const complete = readResultsFile(run)
    expect(path.dirname(path.dirname(run.outputs['results-file']))).toBe(path.dirname(path.dirname(file)))
    expect(complete.results).toHaveLength(10_000)
    expect(new Set(complete.results.map(result => result.name)).size).toBe(10_000)
    expect(complete.changes.map(change => change.name).sort()).toEqual(downNames)
    const results = resultsOf(run)
    expect(results).toEqual(complete.results.slice(0, results.length))
    expect(results.length + Number(run.outputs['results-omitted'])).toBe(10_000)
    expect(results.slice(0, 100).map(result => result.name)).toEqual(downNames)

    const lines = run.log.split('\n')
    const opened = lines.indexOf('::group::9900 up and unchanged')
    expect(opened).toBeGreaterThan(lines.findLastIndex(line => line.startsWith('🔴 DOWN ')))
    expect(lines.indexOf('::endgroup::')).toBe(opened + 9901)
  }, 180_000)
})
