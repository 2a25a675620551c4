// keepalive end to end, the clock moved by the test: runs against the local stand-in for the GitHub API, the
// repository's last push from the event's payload or from the stand-in, and the time of the last call kept in
// the runs' record of DynamoDB Local and of the state file. Every call the stand-in gets is counted. Then what
// a review found going wrong: a GitHub API that takes the call and never answers, a runs' record whose start is
// later than the run's (a runner whose clock was ahead once, or an item edited by hand), a start that is no
// time, and a matrix of shards.
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { FileStateStore } from '../src/state/file.js'
import { runKey, type StateStore } from '../src/state/store.js'
import { type ActionRun, type Inputs, runInProcess, targetsFile } from './support/action.js'
import { createTable, dynamoClient } from './support/aws.js'
import { eventEnv, schedulePayload } from './support/event.js'
import { type GitHubApi, startGitHubApi } from './support/github.js'
import { useParts } from './support/parts.js'
import { listen } from './support/servers.js'

const parts = useParts()
let api: GitHubApi
beforeAll(async () => (api = await startGitHubApi()))
afterAll(() => api.close())
beforeEach(() => api.reset())

const DAY = 86_400_000
const NOW = Date.parse('2026-11-30T10:37:13Z')
const CRON = '*/5 * * * *'
const ENABLE = 'PUT /repos/acme/monitor/actions/workflows/upwatch.yml/enable'
const LOOKUP = 'GET /repos/acme/monitor'

/** The calls the stand-in got, as `METHOD /path`. */
const calls = () => api.calls.map(call => `${call.method} ${call.path}`)

const stateFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-keepalive-')), 'state.json')

describe.each([
  ['the state file', (): Promise<Inputs> => Promise.resolve({ 'state-file': stateFile() })],
  ['DynamoDB', async (): Promise<Inputs> => ({ 'dynamodb-table': await createTable() })]
])('keepalive with %s', (_, store) => {
  let inputs: Inputs
  beforeEach(async () => {
    const targets = targetsFile(`targets:\n  - { name: web, url: "${parts.farm.http('/status/200')}" }\n`)
    inputs = { ...(await store()), targets, keepalive: 'true', 'github-token': api.token }
  })

  /** A scheduled run at `at`, the repository last pushed to at `pushedAt` as its payload says. */
  const scheduled = (at: number, pushedAt: number, extra: Inputs = {}): Promise<ActionRun> =>
    runInProcess(
      { ...inputs, ...extra },
      { ...parts.env, GITHUB_API_URL: api.url, ...eventEnv('schedule', schedulePayload(CRON, pushedAt)) },
      () => at
    )

  it('enables the workflow once after 50 quiet days, not again the next run, and again a week later', async () => {
    const pushedAt = NOW - 50 * DAY
    const first = await scheduled(NOW, pushedAt)
    expect([first.errors, calls(), api.enabled]).toEqual([[], [ENABLE], ['upwatch.yml']])
    expect(first.log).toContain(
      `The repository has had no push for 50 days: the workflow upwatch.yml was enabled through the GitHub API (${ENABLE}), ` +
        'so that GitHub does not disable its schedule at 60 days. Again in 7 days while the repository stays quiet.\n'
    )

    await scheduled(NOW + 5 * 60_000, pushedAt)
    await scheduled(NOW + 7 * DAY - 60_000, pushedAt)
    expect(calls()).toEqual([ENABLE])

    const week = await scheduled(NOW + 7 * DAY, pushedAt)
    expect(calls()).toEqual([ENABLE, ENABLE])
    expect(week.log).toContain(
      'The repository has had no push for 57 days: the workflow upwatch.yml was enabled'
    )
  })

  it('calls nothing before 50 quiet days, nor on a push after them', async () => {
    await scheduled(NOW, NOW - 50 * DAY + 60_000)
    await scheduled(NOW, NOW - 3 * DAY)
    expect(calls()).toEqual([])
  })

  it('takes a 403 for a warning, succeeds, and tries again at the next run', async () => {
    api.canned.push({
      route: ENABLE,
      status: 403,
      times: 1,
      body: { message: 'Resource not accessible by integration' }
    })
    const refused = await scheduled(NOW, NOW - 55 * DAY)
    expect([refused.exitCode, refused.errors, refused.outputs.up]).toEqual([0, [], '1'])
    expect(refused.log).toContain(
      `::warning::keepalive: could not keep the schedule alive: ${ENABLE} answered 403 (Resource not accessible by ` +
        'integration). Give the job permissions actions: write (or github-token a token that has it); the next run ' +
        'tries again.\n'
    )
    const next = await scheduled(NOW + 5 * 60_000, NOW - 55 * DAY)
    expect([next.errors, calls(), api.enabled]).toEqual([[], [ENABLE, ENABLE], ['upwatch.yml']])
  })

  it('asks GitHub for the last push when the payload does not say, and not at all the week after the call', async () => {
    api.pushedAt = new Date(NOW - 51 * DAY).toISOString()
    const dispatched = (at: number) =>
      runInProcess(
        inputs,
        { ...parts.env, GITHUB_API_URL: api.url, ...eventEnv('workflow_dispatch', {}) },
        () => at
      )
    expect((await dispatched(NOW)).errors).toEqual([])
    expect(calls()).toEqual([LOOKUP, ENABLE])
    await dispatched(NOW + DAY)
    expect(calls()).toEqual([LOOKUP, ENABLE])
  })

  it('calls nothing in a dry run, and says what it would do', async () => {
    const dry = await scheduled(NOW, NOW - 58 * DAY, { 'dry-run': 'true', 'github-token': '' })
    expect([dry.errors, calls()]).toEqual([[], []])
    expect(dry.log).toContain(
      'The repository has had no push for 58 days: keepalive would enable the workflow upwatch.yml; a dry run ' +
        'calls nothing.\n'
    )
  })

  it('calls nothing when it is off, however quiet the repository', async () => {
    const off = await scheduled(NOW, NOW - 300 * DAY, { keepalive: 'false' })
    expect([off.errors, calls()]).toEqual([[], []])
  })
})

const web = () => targetsFile(`targets:\n  - { name: web, url: "${parts.farm.http('/status/200')}" }\n`)
/** A scheduled run's environment, the repository last pushed to 55 days before NOW, GitHub at `apiUrl`. */
const quiet = (apiUrl = api.url) => ({
  ...parts.env,
  GITHUB_API_URL: apiUrl,
  ...eventEnv('schedule', schedulePayload(CRON, NOW - 55 * DAY))
})

describe('keepalive against a GitHub API that takes the call and never answers', () => {
  it('warns and ends the run within a minute (each call gives up after 10 s), with its outputs', async () => {
    const hung = http.createServer(() => undefined)
    const port = await listen(hung)
    const inputs = { targets: web(), 'state-file': stateFile(), keepalive: 'true', 'github-token': api.token }
    const running = runInProcess(inputs, quiet(`http://127.0.0.1:${port}`), () => NOW)
    const ended = await Promise.race([
      running.then(() => true),
      new Promise<boolean>(resolve => setTimeout(() => resolve(false), 45_000))
    ])
    // Let the run end, for the tests after this one: the stand-in drops its connections and stops listening.
    hung.closeAllConnections()
    hung.close()
    const run = await running
    // README: a call that fails ("GitHub unreachable") "is a warning, never a failed run". Nothing bounds the
    // call: undici waits 300 s for headers, the retry plugin tries twice more, and the job's timeout-minutes: 5
    // (the README's) cancels the job first: no summary, no outputs, no Heartbeat, no record of the start.
    expect(ended).toBe(true)
    expect(run.outputs.lateness).toBe('133')
  }, 90_000)
})

describe.each([
  [
    'the state file',
    (): Promise<[Inputs, StateStore]> => {
      const file = stateFile()
      return Promise.resolve([{ 'state-file': file }, new FileStateStore(file)])
    }
  ],
  [
    'DynamoDB',
    async (): Promise<[Inputs, StateStore]> => {
      const table = await createTable()
      return [{ 'dynamodb-table': table }, new DynamoDbStateStore(dynamoClient(), table)]
    }
  ]
])("keepalive with a runs' record whose start is later than the run's, in %s", (_, open) => {
  it('records the time of its call all the same, and does not call again at the next runs', async () => {
    const [store, stateStore] = await open()
    // A run on a runner whose clock was a day ahead recorded its start.
    await stateStore.recordRun(runKey('upwatch.yml', undefined, 'acme/monitor'), {
      startedAt: new Date(NOW + DAY).toISOString()
    })
    const inputs = { ...store, targets: web(), keepalive: 'true', 'github-token': api.token }
    expect((await runInProcess(inputs, quiet(), () => NOW)).errors).toEqual([])
    await runInProcess(inputs, quiet(), () => NOW + 5 * 60_000)
    await runInProcess(inputs, quiet(), () => NOW + 10 * 60_000)
    // README: "the next call comes 7 days later". The start is refused, and the call's time with it in the same
    // write, so every run calls until the clock passes the stored start.
    expect(calls()).toEqual([ENABLE])
  })
})

describe('keepalive in a matrix of shards', () => {
  it('makes one call a week for the workflow, not one per shard', async () => {
    const table = await createTable()
    const inputs = { targets: web(), 'dynamodb-table': table, keepalive: 'true', 'github-token': api.token }
    await runInProcess({ ...inputs, shard: '1/2' }, quiet(), () => NOW)
    await runInProcess({ ...inputs, shard: '2/2' }, quiet(), () => NOW + 1000)
    // README, Cost: "With keepalive, one call a week"; each shard keeps its own keptAliveAt.
    expect(calls()).toEqual([ENABLE])
  })
})

describe("a runs' record in DynamoDB whose start cannot be read", () => {
  it('is replaced, as the state file replaces it: the gap comes back and keepalive is not called every run', async () => {
    const table = await createTable()
    // decode.ts: "an item is data that anyone with access to the table may have written".
    await dynamoClient().send(
      new PutItemCommand({
        TableName: table,
        Item: {
          url: { S: 'upwatch:run' },
          name: { S: 'acme/monitor upwatch.yml' },
          startedAt: { S: 'unknown' }
        }
      })
    )
    const inputs = { targets: web(), 'dynamodb-table': table, keepalive: 'true', 'github-token': api.token }
    await runInProcess(inputs, quiet(), () => NOW)
    const second = await runInProcess(inputs, quiet(), () => NOW + 5 * 60_000)
    // The state file writes over it (decodeRun reads no start); the table's condition compares the text,
    // "unknown" > "2026-…", and refuses the write for good: no gap ever again, a keepalive call every run.
    expect(second.log).toContain('; 5m since the previous run.')
    expect(calls()).toEqual([ENABLE])
  })
})

describe('two repositories that share a table and the name of their workflow file', () => {
  it("keep a runs' record each: each is kept alive, and each run's gap is to its own repository's last", async () => {
    const other = await startGitHubApi('acme', 'other')
    try {
      const table = await createTable()
      const targets = web()
      const run = (github: GitHubApi, repository: string, at: number) =>
        runInProcess(
          { targets, 'dynamodb-table': table, keepalive: 'true', 'github-token': github.token },
          {
            ...parts.env,
            GITHUB_API_URL: github.url,
            ...eventEnv('schedule', schedulePayload(CRON, NOW - 50 * DAY)),
            GITHUB_REPOSITORY: repository,
            GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/upwatch.yml@refs/heads/main`
          },
          () => at
        )
      await run(api, 'acme/monitor', NOW)
      const second = await run(other, 'acme/other', NOW + 60_000)
      const third = await run(api, 'acme/monitor', NOW + 5 * 60_000)
      // One record for both made acme/other skip its call (acme/monitor's was a minute old), and its first run
      // show a gap of 1m to a run of the other repository.
      expect([calls(), other.calls.map(call => `${call.method} ${call.path}`)]).toEqual([
        [ENABLE],
        ['PUT /repos/acme/other/actions/workflows/upwatch.yml/enable']
      ])
      expect(second.log).not.toContain('since the previous run')
      expect(third.log).toContain('; 5m since the previous run.')
    } finally {
      await other.close()
    }
  })
})
