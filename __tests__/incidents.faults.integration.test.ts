// Incidents as GitHub issues when things go wrong (found by a review): a run that dies after opening an issue,
// GitHub failing across an outage and the next one, an issue deleted by hand, and a run too slow to hold its
// claim. As incidents.integration.test.ts: the action in-process against DynamoDB Local, fauxqs and the GitHub
// stand-in; the last case drives syncIncidents directly.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { syncIncidents } from '../src/incidents/index.js'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { type StoredState } from '../src/state/model.js'
import { keyOf, type Target } from '../src/targets/model.js'
import { changesOf, runInProcess, type Env } from './support/action.js'
import { createTable, dynamoClient } from './support/aws.js'
import { rateLimited, type GitHubApi } from './support/github.js'
import { useIncidents } from './support/incidents.js'

const incidents = useIncidents()
const { watch, stored, deadRunsIssue } = incidents
const client = dynamoClient()
let github: GitHubApi
let env: Env
beforeEach(() => {
  ;({ github, env } = incidents)
})
const MIN = 60_000

const createFails = () =>
  github.canned.push({ route: 'POST /repos/acme/monitor/issues', status: 502, times: 10 })

describe('a run that died after opening the issue', () => {
  it('leaves a grouped issue that the next run finds for every target of the group', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `svc${i}`)
    const { inputs, set } = watch(names)
    await runInProcess(inputs, env)
    set(503)
    // Each check ends at its own millisecond, as on a runner: every target's outage begins at its own time.
    let clock = Date.now()
    createFails()
    const first = await runInProcess(inputs, env, () => (clock += 3))
    github.canned.length = 0
    const downs = names.map(name => changesOf(first).find(change => change.name === name)!)
    expect(new Set(downs.map(down => down.since)).size).toBeGreaterThan(1)
    const dead = await deadRunsIssue(downs)

    await runInProcess(inputs, env, () => clock + 11 * MIN)
    expect(github.issues.map(issue => issue.number)).toEqual([dead.number])
    for (const down of downs) expect((await stored(down.url, down.name)).issue?.number).toBe(dead.number)
  }, 120_000)

  it('leaves an issue that is closed when the target recovered and went down again before anyone found it', async () => {
    const { inputs, set } = watch(['api'])
    await runInProcess(inputs, env)
    set(503)
    createFails()
    const down = await runInProcess(inputs, env)
    github.canned.length = 0
    const dead = await deadRunsIssue(changesOf(down))
    // Back within the claim's lease (the recovery waits for the claim), then down again after it.
    set(200)
    await runInProcess(inputs, env, () => Date.now() + MIN)
    set(503)
    await runInProcess(inputs, env, () => Date.now() + 11 * MIN)
    expect(dead.state).toBe('closed')
    expect(dead.comments).toEqual([
      expect.stringMatching(/^✅ The outage of \*\*api\*\* that began at .* is over/)
    ])
    set(200)
    await runInProcess(inputs, env, () => Date.now() + 12 * MIN)
    expect(github.issues.map(issue => issue.state)).toEqual(['closed', 'closed'])
  }, 120_000)
})

describe('GitHub failing across an outage and the next one', () => {
  it('closes the earlier issue before it opens the new one', async () => {
    const { inputs, set } = watch(['api'])
    await runInProcess(inputs, env)
    set(503)
    await runInProcess(inputs, env)
    const [first] = github.issues
    github.canned.push({ route: `GET /repos/acme/monitor/issues/${first.number}`, status: 502, times: 100 })
    set(200)
    await runInProcess(inputs, env, () => Date.now() + MIN)
    set(503)
    await runInProcess(inputs, env, () => Date.now() + 2 * MIN)
    // The earlier issue cannot be closed yet, so the new one waits: the record still names #1.
    expect(github.issues).toHaveLength(1)
    github.canned.length = 0
    await runInProcess(inputs, env, () => Date.now() + 3 * MIN)
    expect(first.state).toBe('closed')
    expect(github.issues.map(issue => issue.state)).toEqual(['closed', 'open'])
    set(200)
    await runInProcess(inputs, env, () => Date.now() + 4 * MIN)
    expect(github.issues.map(issue => issue.state)).toEqual(['closed', 'closed'])
  }, 120_000)
})

describe('an issue deleted by hand', () => {
  it('is forgotten: no warning and no call in the steady runs after', async () => {
    const { inputs, set } = watch(['api'])
    await runInProcess(inputs, env)
    set(503)
    await runInProcess(inputs, env)
    const [issue] = github.issues
    github.canned.push({
      route: `GET /repos/acme/monitor/issues/${issue.number}`,
      status: 410,
      body: { message: 'This issue was deleted' },
      times: 1000
    })
    set(200)
    const back = await runInProcess(inputs, env, () => Date.now() + MIN)
    expect(back.log).toContain(
      `::warning::Issue #${issue.number} is gone (deleted or moved), so upwatch forgets it.`
    )
    github.calls.length = 0
    const steady = await runInProcess(inputs, env, () => Date.now() + 2 * MIN)
    expect([steady.log.includes('::warning::'), github.calls]).toEqual([false, []])
  }, 120_000)
})

describe('a run too slow to hold its claim', () => {
  it('opens nothing once another run took its claim over, and that run opens the one issue', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/monitor',
      GITHUB_RUN_ID: '7'
    })
    const store = new DynamoDbStateStore(client, await createTable())
    const target = { name: 'api', url: 'https://api.example.com/health' } as Target
    const since = new Date(Date.now() - 20 * MIN).toISOString()
    const down: StoredState = {
      state: 'down',
      since,
      reason: 'HTTP 503',
      failures: 0,
      successes: 0,
      announced: 'down',
      announcedSince: since,
      pending: {},
      checkedAt: since
    }
    await store.commit([{ key: target, previous: undefined, next: down }])
    const pass = async (runId: string, now: number) =>
      syncIncidents({
        store,
        runId,
        token: github.token,
        groupAbove: 5,
        targets: [target],
        states: (await store.read([target])).states,
        results: new Map(),
        redact: text => text,
        now
      })
    // Run A claims the issue, and its next call meets a rate limit that it waits out. Meanwhile a run whose
    // clock says A's claim has run out takes it over, finds no issue of A's, and opens one.
    const start = Date.now()
    github.canned.push(rateLimited('GET /repos/acme/monitor/labels', 1, 2))
    const a = pass('run-a', start)
    while (!github.calls.some(call => call.status === 403))
      await new Promise(resolve => setTimeout(resolve, 20))
    await pass('run-b', start + 11 * MIN)
    // A, back from its wait, no longer holds the claim: it opens nothing.
    await a
    expect(github.issues.map(issue => issue.title)).toEqual(['🔴 api is down'])
    expect(github.issues[0].body).toContain('"run":"run-b"')
    const { states } = await store.read([target])
    expect(states.get(keyOf(target))?.issue).toMatchObject({ number: github.issues[0].number })
    process.env = saved
  }, 60_000)
})
