// Incidents as GitHub issues, end to end: the action in-process against DynamoDB Local, fauxqs for the mail,
// HTTP targets on 127.0.0.1, and a stand-in for the GitHub REST API at GITHUB_API_URL that keeps issues,
// comments and labels and records every call.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { changesOf, runInProcess, runTogether, type Env } from './support/action.js'
import { rateLimited, type GitHubApi } from './support/github.js'
import { useIncidents } from './support/incidents.js'

const incidents = useIncidents()
const { watch, kinds, deadRunsIssue } = incidents
let github: GitHubApi
let env: Env
beforeEach(() => {
  ;({ github, env } = incidents)
})

/** The calls made since the last time this was asked, as `METHOD path status`. */
function calls(): string[] {
  const made = github.calls.map(call => `${call.method} ${call.path} ${call.status}`)
  github.calls.length = 0
  return made
}

const MIN = 60_000

describe('an issue per outage', () => {
  it('opens one with the DOWN mail, comments each reminder, and on recovery comments and closes it', async () => {
    const { inputs, set } = watch(['api', 'web'], ', remind-every: 1h, assignees: [octocat]')
    // Seen up first: no call at all.
    expect((await runInProcess(inputs, env)).errors).toEqual([])
    expect(github.calls).toEqual([])

    set(503, 'api')
    const down = await runInProcess(inputs, env)
    expect([down.errors, await kinds()]).toEqual([[], ['DOWN']])
    expect(github.issues).toHaveLength(1)
    const [issue] = github.issues
    // The calls of an outage's first run, the labels made the first time ever.
    expect(calls()).toEqual([
      'GET /repos/acme/monitor/labels/upwatch 404',
      'POST /repos/acme/monitor/labels 201',
      'GET /repos/acme/monitor/labels/incident 404',
      'POST /repos/acme/monitor/labels 201',
      'POST /repos/acme/monitor/issues 201'
    ])
    expect(issue).toMatchObject({
      title: '🔴 api is down',
      state: 'open',
      labels: ['upwatch', 'incident'],
      assignees: ['octocat'],
      user: 'github-actions[bot]'
    })
    expect(issue.body).toContain('**api** is down since')
    expect(issue.body).toContain('HTTP 503, expected 200-299')
    expect(issue.body).toContain('[this run](https://github.com/acme/monitor/actions/runs/4242)')
    expect(issue.body).toMatch(
      /<!-- upwatch:incident \{"run":"4242\.1\.[0-9a-f]{8}","outage":"[^"]+","targets":\["[0-9a-f]{16}"\]\} -->$/
    )
    expect([...github.labels].sort()).toEqual(['incident', 'upwatch'])
    expect(down.log).toContain('Opened issue #1: 🔴 api is down')

    // Still down, no reminder due: no call.
    github.calls.length = 0
    await runInProcess(inputs, env)
    expect(github.calls).toEqual([])

    // An hour on, the reminder mail and a comment, not a new issue.
    const later = Date.now() + 61 * MIN
    await runInProcess(inputs, env, () => later)
    expect(await kinds()).toEqual(['REMINDER'])
    expect(calls()).toEqual([
      'GET /repos/acme/monitor/issues/1 200',
      'POST /repos/acme/monitor/issues/1/comments 201'
    ])
    expect(github.issues).toHaveLength(1)
    expect(issue.comments).toEqual([
      expect.stringMatching(
        /^🔴 \*\*api\*\* is still down after 1h 1m, since .*: HTTP 503, expected 200-299\n/
      )
    ])

    set(200, 'api')
    const back = await runInProcess(inputs, env, () => later + MIN)
    expect([back.errors, await kinds()]).toEqual([[], ['RECOVERED']])
    expect(calls()).toEqual([
      'GET /repos/acme/monitor/issues/1 200',
      'POST /repos/acme/monitor/issues/1/comments 201',
      'PATCH /repos/acme/monitor/issues/1 200'
    ])
    expect(issue).toMatchObject({ state: 'closed', state_reason: 'completed', locked: false })
    expect(issue.comments[1]).toMatch(
      /^✅ \*\*api\*\* recovered at \S+, after 1h 2m down\.\n\n\[upwatch run\]\(/
    )
    // Nothing deleted, nothing locked, and again no call once it is over.
    expect(github.calls.filter(call => call.method === 'DELETE' || call.path.endsWith('/lock'))).toEqual([])
    github.calls.length = 0
    await runInProcess(inputs, env, () => later + 2 * MIN)
    expect(github.calls).toEqual([])
  })

  it('opens one issue for two overlapping runs that both see the outage', async () => {
    const { inputs, set } = watch(['api'])
    await runInProcess(inputs, env)
    set(503)
    const together = await runTogether(2, inputs, env)
    expect(together.errors).toEqual([])
    expect(await kinds()).toEqual(['DOWN'])
    expect(github.issues.map(issue => issue.title)).toEqual(['🔴 api is down'])
    expect(github.writes().filter(call => call.path.endsWith('/issues'))).toHaveLength(1)
  })

  it('finds the issue a run opened before it died, by its marker, and opens none', async () => {
    const { inputs, set } = watch(['api'])
    await runInProcess(inputs, env)
    set(503)
    // The run that sees the outage cannot open the issue; what it would have opened is opened meanwhile, as
    // by a run that died after its create call and before recording the number.
    github.canned.push({ route: 'POST /repos/acme/monitor/issues', status: 502, times: 10 })
    const first = await runInProcess(inputs, env)
    expect(first.log).toMatch(
      /::warning::Could not open the issue of api on GitHub \(.*\); the next run tries again\./
    )
    expect(await kinds()).toEqual(['DOWN'])
    github.canned.length = 0
    // The run left its id in the claim: the issue it opened names it.
    const dead = await deadRunsIssue(changesOf(first))

    // Within the claim's lease, nothing; after it, the issue is found and recorded, and none is opened.
    github.calls.length = 0
    await runInProcess(inputs, env, () => Date.now() + 9 * MIN)
    expect(github.calls).toEqual([])
    await runInProcess(inputs, env, () => Date.now() + 11 * MIN)
    expect(github.issues).toHaveLength(1)
    expect(github.writes()).toEqual([])

    set(200)
    await runInProcess(inputs, env, () => Date.now() + 12 * MIN)
    expect(dead.state).toBe('closed')
    expect(dead.comments).toEqual([expect.stringMatching(/^✅ \*\*api\*\* recovered at /)])
  })
})

describe('many targets down at once', () => {
  it('share one issue, which the last of them to recover closes', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `svc${i}`)
    const { inputs, set } = watch(names)
    await runInProcess(inputs, env)
    set(503)
    await runInProcess(inputs, env)
    expect(github.issues.map(issue => issue.title)).toEqual(['🔴 12 targets are down'])
    const [issue] = github.issues
    for (const name of names) expect(issue.body).toContain(`| ${name} |`)

    set(200, ...names.slice(0, 11))
    await runInProcess(inputs, env, () => Date.now() + MIN)
    expect(issue.state).toBe('open')
    expect(issue.comments).toHaveLength(1)
    expect(issue.comments[0].split('\n').filter(line => line.startsWith('✅'))).toHaveLength(11)

    set(200, 'svc11')
    await runInProcess(inputs, env, () => Date.now() + 2 * MIN)
    expect(issue.state).toBe('closed')
    expect(issue.comments[1]).toMatch(
      /^✅ \*\*svc11\*\* recovered at .*\nEvery target of this issue is back\./
    )
  })
})

describe("people's issues and decisions", () => {
  it("never touches a person's issue with the same labels, and does not reopen one a person closed", async () => {
    const mine = github.personIssue('api is slow for me', ['upwatch', 'incident'])
    const { inputs, set } = watch(['api'], ', remind-every: 1h')
    await runInProcess(inputs, env)
    set(503)
    await runInProcess(inputs, env)
    const ours = github.issues.find(issue => issue.user !== 'octocat')!
    // A person closes upwatch's issue while the target is still down.
    ours.state = 'closed'
    ours.state_reason = 'not_planned'

    const later = Date.now() + 61 * MIN
    await runInProcess(inputs, env, () => later)
    expect(await kinds()).toEqual(['DOWN', 'REMINDER'])
    set(200)
    const back = await runInProcess(inputs, env, () => later + MIN)
    expect(await kinds()).toEqual(['RECOVERED'])
    expect(back.errors).toEqual([])
    expect(ours).toMatchObject({ state: 'closed', state_reason: 'not_planned' })
    expect(ours.comments).toEqual([expect.stringMatching(/^✅ \*\*api\*\* recovered/)])
    expect(mine).toMatchObject({ state: 'open', comments: [], body: 'Opened by a person.' })
    const touched = github.calls.filter(call => call.path.includes(`/issues/${mine.number}`))
    expect(touched).toEqual([])
  })
})

describe('rate limits', () => {
  it('waits a short limit out, and after the plugin gives up warns, mails anyway, and opens it next run', async () => {
    const { inputs, set } = watch(['api'])
    await runInProcess(inputs, env)
    set(503)
    github.canned.push(rateLimited('POST /repos/acme/monitor/issues', 1))
    const waited = await runInProcess(inputs, env)
    expect([waited.errors, await kinds(), github.issues.length]).toEqual([[], ['DOWN'], 1])
    const creates = github.calls.filter(
      call => call.method === 'POST' && call.path === '/repos/acme/monitor/issues'
    )
    expect(creates.map(call => call.status)).toEqual([403, 201])

    // A second target's outage while the limit lasts longer than the plugin tries.
    const other = watch(['web'])
    await runInProcess(other.inputs, env)
    other.set(503)
    github.canned.push(rateLimited('POST /repos/acme/monitor/issues', 10))
    const limited = await runInProcess(other.inputs, env)
    expect([limited.errors, limited.exitCode, await kinds()]).toEqual([[], 0, ['DOWN']])
    expect(limited.log).toMatch(
      /::warning::Could not open the issue of web on GitHub \(HttpError: API rate limit exceeded/
    )
    expect(github.issues).toHaveLength(1)
    github.canned.length = 0
    await runInProcess(other.inputs, env, () => Date.now() + 11 * MIN)
    expect(github.issues.map(issue => issue.title)).toEqual(['🔴 api is down', '🔴 web is down'])
  })
})
