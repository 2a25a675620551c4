// keepalive end to end, the clock moved by the test: runs against the local stand-in for the GitHub API, the
// repository's last push from the event's payload or from the stand-in, and the time of the last call kept in
// the runs' record of DynamoDB Local and of the state file. Every call the stand-in gets is counted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ActionRun, type Inputs, runInProcess, targetsFile } from './support/action.js'
import { createTable } from './support/aws.js'
import { eventEnv, schedulePayload } from './support/event.js'
import { type GitHubApi, startGitHubApi } from './support/github.js'
import { useParts } from './support/parts.js'

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
