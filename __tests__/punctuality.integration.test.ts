// Punctuality end to end, the clock moved by the test: runs started by a schedule, by a dispatch and by a push,
// their lateness output, the line of their summary and log, and the gap since the previous run, kept in the
// runs' record of DynamoDB Local and of the state file, read in the pass's one read.
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { FileStateStore } from '../src/state/file.js'
import { runKey, type StateStore } from '../src/state/store.js'
import { type ActionRun, type Env, type Inputs, runInProcess, targetsFile } from './support/action.js'
import { createTable, dynamoClient } from './support/aws.js'
import { eventEnv, schedulePayload } from './support/event.js'
import { useParts } from './support/parts.js'

const parts = useParts()

/** 10:37:13 UTC: 2 min 13 s after the 10:35 of a five-minute schedule. */
const START = Date.parse('2026-11-30T10:37:13Z')
const FIVE_MINUTES = schedulePayload('*/5 * * * *')

/** The summary as a reader sees it: character references shown as their characters. */
const shown = (run: ActionRun) =>
  run.summary.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))

/** The line of the summary that says how the run kept to its timetable, if any. */
const line = (run: ActionRun) =>
  shown(run)
    .split('\n')
    .find(text => text.startsWith('Started ')) ?? ''

function stateFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-punctual-')), 'state.json')
}

const web = () => targetsFile(`targets:\n  - { name: web, url: "${parts.farm.http('/status/200')}" }\n`)

describe.each([
  ['the state file', (): Promise<Inputs> => Promise.resolve({ targets: web(), 'state-file': stateFile() })],
  ['DynamoDB', async (): Promise<Inputs> => ({ targets: web(), 'dynamodb-table': await createTable() })]
])('runs with %s', (_, setUp) => {
  const pass = (inputs: Inputs, env: Env, at: number) =>
    runInProcess(inputs, { ...parts.env, ...env }, () => at)

  it('give the lateness of a scheduled run, and from the second on the gap since the previous run', async () => {
    const inputs = await setUp()
    const first = await pass(inputs, eventEnv('schedule', FIVE_MINUTES), START)
    expect([first.errors, first.outputs.lateness]).toEqual([[], '133'])
    expect(line(first)).toBe('Started 2m 13s after its 10:35 UTC schedule (*/5 * * * *).')
    expect(first.log).toContain('Started 2m 13s after its 10:35 UTC schedule (*/5 * * * *).\n')

    // 10:42:23: 2 min 23 s after 10:40, and 5 min 10 s after the first run.
    const second = await pass(inputs, eventEnv('schedule', FIVE_MINUTES), START + 310_000)
    expect([second.errors, second.outputs.lateness]).toEqual([[], '143'])
    expect(line(second)).toBe(
      'Started 2m 23s after its 10:40 UTC schedule (*/5 * * * *); 5m 10s since the previous run.'
    )
  })

  it('give no lateness for a dispatched run, and the gap alone after an earlier run', async () => {
    const inputs = await setUp()
    const first = await pass(inputs, eventEnv('workflow_dispatch', {}), START)
    expect([first.errors, first.outputs.lateness, line(first)]).toEqual([[], '', ''])
    expect(first.log).not.toContain('Started ')

    const second = await pass(inputs, eventEnv('workflow_dispatch', {}), START + 61_000)
    expect([second.outputs.lateness, line(second)]).toEqual(['', 'Started 1m 1s after the previous run.'])
  })

  it('give nothing for a run a push started, and record nothing of it', async () => {
    const inputs = await setUp()
    await pass(inputs, eventEnv('schedule', FIVE_MINUTES), START)
    const pushed = await pass(inputs, eventEnv('push', { ref: 'refs/heads/main' }), START + 60_000)
    expect([pushed.errors, pushed.outputs.lateness, line(pushed)]).toEqual([[], '', ''])
    // The next scheduled run counts its gap from the scheduled one.
    const next = await pass(inputs, eventEnv('schedule', FIVE_MINUTES), START + 300_000)
    expect(line(next)).toBe(
      'Started 2m 13s after its 10:40 UTC schedule (*/5 * * * *); 5m since the previous run.'
    )
  })

  it('show the gap in a dry run and record nothing', async () => {
    const inputs = await setUp()
    await pass(inputs, eventEnv('schedule', FIVE_MINUTES), START)
    const dry = await pass(
      { ...inputs, 'dry-run': 'true' },
      eventEnv('schedule', FIVE_MINUTES),
      START + 300_000
    )
    expect([dry.errors, dry.outputs.lateness]).toEqual([[], '133'])
    expect(line(dry)).toBe(
      'Started 2m 13s after its 10:40 UTC schedule (*/5 * * * *); 5m since the previous run.'
    )
    const next = await pass(inputs, eventEnv('schedule', FIVE_MINUTES), START + 600_000)
    expect(line(next)).toContain('; 10m since the previous run.')
  })

  it('give no lateness for a cron that cannot be read, with a debug line, and succeed', async () => {
    const inputs = await setUp()
    const hostile = schedulePayload('*/5 * * * *\n::error::injected')
    const run = await pass(inputs, eventEnv('schedule', hostile), START)
    expect([run.errors, run.exitCode, run.outputs.lateness, line(run)]).toEqual([[], 0, '', ''])
    expect(run.log).toContain(
      '::debug::The schedule "*/5 * * * *\\n::error::injected" cannot be read: it has 6 fields, not 5. ' +
        'This run has no lateness.\n'
    )
  })
})

describe('a run whose event cannot be read', () => {
  it('has no lateness, says why in a debug line, and succeeds', async () => {
    const env = eventEnv('schedule', {})
    writeFileSync(env.GITHUB_EVENT_PATH!, '{"schedule": "*/5 * * * *"')
    const run = await runInProcess({ targets: web(), 'state-file': stateFile() }, env, () => START)
    expect([run.errors, run.exitCode, run.outputs.lateness]).toEqual([[], 0, ''])
    expect(run.log).toMatch(/::debug::The event payload .*event-\d+\.json could not be read: SyntaxError: /)
  })
})

describe('DynamoDB calls of a scheduled run', () => {
  it("read the runs' record in the targets' one read, and write it in one small update", async () => {
    // Without history, whose hourly write of the target could fall in this pass, whatever its clock.
    const inputs = { targets: web(), 'dynamodb-table': await createTable(), history: 'false' }
    await runInProcess(inputs, { ...parts.env, ...eventEnv('schedule', FIVE_MINUTES) }, () => START)
    parts.proxy.reset()
    const steady = await runInProcess(
      inputs,
      { ...parts.env, ...eventEnv('schedule', FIVE_MINUTES) },
      () => START + 300_000
    )
    expect(line(steady)).toContain('; 5m since the previous run.')
    // With the list of slow targets' own read (probes/order.ts).
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 2, UpdateItem: 1 })
  })
})

describe.each([
  ['the state file', (): StateStore => new FileStateStore(stateFile())],
  ['DynamoDB', async (): Promise<StateStore> => new DynamoDbStateStore(dynamoClient(), await createTable())]
])("the runs' record in %s", (_, open) => {
  const key = runKey('upwatch.yml', { index: 2, count: 4 })

  it('keeps the later start when an earlier run records after it, and the time of the keepalive beside it', async () => {
    const store = await open()
    expect(await store.recordRun(key, { startedAt: '2026-11-30T10:40:02.000Z' })).toBe(true)
    expect(await store.recordRun(key, { startedAt: '2026-11-30T10:35:04.000Z' })).toBe(false)
    expect(await store.recordRun(key, { keptAliveAt: '2026-11-30T10:36:00.000Z' })).toBe(true)
    const { run, states } = await store.read([], { run: key })
    expect(run).toEqual({ startedAt: '2026-11-30T10:40:02.000Z', keptAliveAt: '2026-11-30T10:36:00.000Z' })
    expect(states.size).toBe(0)
    // Another shard's record is its own.
    expect((await store.read([], { run: runKey('upwatch.yml', { index: 1, count: 4 }) })).run).toBeUndefined()
  })
})

describe('the state file of a dry run', () => {
  it('is not written for the record either', async () => {
    const file = stateFile()
    const run = await runInProcess(
      { targets: web(), 'state-file': file, 'dry-run': 'true' },
      eventEnv('schedule', FIVE_MINUTES),
      () => START
    )
    expect([run.errors, run.outputs.lateness, existsSync(file)]).toEqual([[], '133', false])
  })

  it('holds the record as an item of its own beside the targets', async () => {
    const file = stateFile()
    await runInProcess(
      { targets: web(), 'state-file': file },
      eventEnv('schedule', FIVE_MINUTES),
      () => START
    )
    const items = (JSON.parse(readFileSync(file, 'utf8')) as { items: Record<string, unknown>[] }).items
    expect(items.find(item => item.url === 'upwatch:run')).toEqual({
      url: 'upwatch:run',
      name: 'acme/monitor upwatch.yml',
      startedAt: '2026-11-30T10:37:13.000Z'
    })
  })
})
