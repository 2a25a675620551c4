// The built dist/index.js run as the runner runs it: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
// files, AWS_ENDPOINT_URL_* at the emulators, and real targets on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { changesOf, resultsOf, runDist, targetsFile, type Env } from './support/action.js'
import { createTable, startFauxqs, type Fauxqs, type Mailbox } from './support/aws.js'
import { startFarm, type Farm } from './support/servers.js'

const TOKEN = 'tok9f83kq2'
let farm: Farm
let fauxqs: Fauxqs
let mailbox: Mailbox
let env: Env
let inputs: Record<string, string>

beforeAll(async () => {
  farm = await startFarm()
  fauxqs = await startFauxqs()
  mailbox = await fauxqs.mailbox()
  env = {
    AWS_ENDPOINT_URL_DYNAMODB: process.env.UPWATCH_TEST_DYNAMODB,
    AWS_ENDPOINT_URL_SNS: fauxqs.endpoint,
    API_TOKEN: TOKEN
  }
  const file = targetsFile(`
defaults:
  timeout: 1s
  retries: 0
targets:
  - name: website
    url: ${farm.http('/status/200')}
  - name: api
    url: ${farm.http('/status/503')}?key=\${API_TOKEN}
    headers:
      Authorization: Bearer \${API_TOKEN}
  - name: db
    url: tcp://127.0.0.1:${farm.refusedPort}
  - name: hanging
    url: ${farm.silent}
  - name: slow
    url: ${farm.http('/delay/300')}
    expect:
      max-latency: 100ms
`)
  inputs = { targets: file, 'dynamodb-table': await createTable(), 'sns-topic-arn': mailbox.topicArn }
})

afterAll(async () => {
  await farm.close()
  await fauxqs.close()
})

describe('dist/index.js', () => {
  it('probes, stores, mails once, and reports in outputs and summary without leaking secrets', async () => {
    const run = await runDist(inputs, env)
    expect(run.errors).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ up: '1', down: '3', degraded: '1' })
    expect(resultsOf(run)).toEqual([
      {
        name: 'api',
        url: `${farm.http('/status/503')}?key=\${API_TOKEN}`,
        state: 'down',
        observed: 'down',
        status: 503,
        latencyMs: expect.any(Number),
        reason: 'HTTP 503, expected 200-299',
        timings: expect.objectContaining({ totalMs: expect.any(Number) }),
        // A first check: nothing is known yet of its past.
        uptime: { '24h': null, '7d': null, '30d': null, '90d': null }
      },
      {
        name: 'db',
        url: `tcp://127.0.0.1:${farm.refusedPort}`,
        state: 'down',
        observed: 'down',
        status: null,
        latencyMs: expect.any(Number),
        reason: 'connection refused',
        timings: expect.objectContaining({ totalMs: expect.any(Number) }),
        // A first check: nothing is known yet of its past.
        uptime: { '24h': null, '7d': null, '30d': null, '90d': null }
      },
      {
        name: 'hanging',
        url: farm.silent,
        state: 'down',
        observed: 'down',
        status: null,
        latencyMs: expect.any(Number),
        reason: 'timeout after 1s',
        timings: expect.objectContaining({ totalMs: expect.any(Number) }),
        // A first check: nothing is known yet of its past.
        uptime: { '24h': null, '7d': null, '30d': null, '90d': null }
      },
      expect.objectContaining({
        name: 'slow',
        state: 'degraded',
        reason: expect.stringMatching(/^HTTP 200, slow: \d+ms, max-latency 100ms$/)
      }),
      {
        name: 'website',
        url: farm.http('/status/200'),
        state: 'up',
        observed: 'up',
        status: 200,
        latencyMs: expect.any(Number),
        reason: 'HTTP 200',
        timings: {
          dnsMs: null,
          connectMs: expect.any(Number),
          tlsMs: null,
          firstByteMs: expect.any(Number),
          totalMs: expect.any(Number)
        },
        uptime: { '24h': null, '7d': null, '30d': null, '90d': null }
      }
    ])
    expect(changesOf(run).map(change => [change.name, change.from, change.to])).toEqual([
      ['api', null, 'down'],
      ['db', null, 'down'],
      ['hanging', null, 'down'],
      ['slow', null, 'degraded']
    ])

    expect(run.summary).toContain('## upwatch: 3 of 5 down, 1 degraded')
    expect(run.summary).toMatch(
      /<td>🔴<\/td><td>api<\/td>.*<br><sub>connect \d+ ms, first byte \d+ ms, total \d+ ms<\/sub>/
    )
    // The targets that need attention in rows, worst first; the one up and unchanged by name, folded.
    const website = run.summary.indexOf('<details><summary>1 target</summary>website</details>')
    expect(run.summary.indexOf('<td>🔴</td><td>api</td>')).toBeLessThan(
      run.summary.indexOf('<td>🟡</td><td>slow</td>')
    )
    expect(run.summary.indexOf('<td>🟡</td><td>slow</td>')).toBeLessThan(website)
    expect(run.summary).not.toContain('<td>website</td>')

    const mails = await mailbox.take()
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe('[upwatch] DOWN: api, db, hanging | DEGRADED: slow')
    expect(mails[0].changes).toEqual(['DOWN', 'DEGRADED'])
    expect(mails[0].body).toContain('Reason:   connection refused')
    expect(mails[0].body).toContain('Reason:   timeout after 1s')
    expect(mails[0].body).toContain('Run: https://github.com/acme/monitor/actions/runs/4242')

    // The runner takes ::add-mask:: to hide the value in the log; it is never shown.
    expect(run.log).toContain(`::add-mask::${TOKEN}`)
    const shown = run.log.replace(`::add-mask::${TOKEN}`, '')
    for (const text of [shown, run.summary, JSON.stringify(run.outputs), JSON.stringify(mails)]) {
      expect(text).not.toContain(TOKEN)
    }
  })

  it('sends nothing on a steady run, and fails the step with fail-on-down', async () => {
    const steady = await runDist(inputs, env)
    expect(steady.exitCode).toBe(0)
    expect(steady.outputs.changes).toBe('[]')
    expect(await mailbox.take()).toEqual([])

    const strict = await runDist({ ...inputs, 'fail-on-down': 'true' }, env)
    expect(strict.exitCode).toBe(1)
    expect(strict.errors).toEqual(['3 target(s) down: api, db, hanging (fail-on-down is set).'])
  })

  it('stops with a clear message, and no stack trace, on a bad targets file', async () => {
    const run = await runDist(
      { targets: targetsFile('targets:\n  - name: a\n    url: https://a.example\n    tiemout: 5s\n') },
      env
    )
    expect(run.exitCode).toBe(1)
    expect(run.errors[0]).toMatch(
      /upwatch\.yml is not a valid targets file:\n {2}- line 4, targets\[0\]\.tiemout: unknown key "tiemout"/
    )
    expect(run.log).not.toMatch(/\n\s+at .*\.js:\d+/)
  })
})
