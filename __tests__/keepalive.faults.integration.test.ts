// Keepalive when things go wrong (found by a review): a GitHub API that takes the call and never answers, a
// runs' record whose start is later than the run's (a runner whose clock was ahead once, or an item edited by
// hand), a start that is no time, and a matrix of shards.
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { FileStateStore } from '../src/state/file.js'
import { runKey, type StateStore } from '../src/state/store.js'
import { type Inputs, runInProcess, targetsFile } from './support/action.js'
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
const calls = () => api.calls.map(call => `${call.method} ${call.path}`)
const stateFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-keepalive-review-')), 'state.json')
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
    await stateStore.recordRun(runKey('upwatch.yml'), { startedAt: new Date(NOW + DAY).toISOString() })
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
        Item: { url: { S: 'upwatch:run' }, name: { S: 'upwatch.yml' }, startedAt: { S: 'unknown' } }
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
