// The connectivity guard end to end: an outage the runner can see is mailed, and only a pass whose every
// failure could be the runner's own network, with the runner's own lifeline (the GitHub API) failing too, is
// inconclusive. Targets, DNS and the GitHub API stand-in are real servers on 127.0.0.1.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import dns from 'node:dns'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { runInProcess, targetsFile } from './support/action.js'
import { createTable, type Mailbox } from './support/aws.js'
import { startDnsServer, type DnsServer } from './support/dns.js'
import { useParts } from './support/parts.js'
import { listen } from './support/servers.js'

const parts = useParts()
let names: DnsServer
let github: http.Server
let githubUrl: string
let githubRequests = 0
const systemServers = dns.getServers()

beforeAll(async () => {
  // A DNS server that knows no name: every lookup of a target fails, as on a runner whose DNS is broken.
  names = await startDnsServer()
  dns.setServers([names.address])
  github = http.createServer((_, response) => {
    githubRequests++
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"current_user_url":"x"}')
  })
  githubUrl = `http://127.0.0.1:${await listen(github)}`
})

afterAll(async () => {
  dns.setServers(systemServers)
  await names.close()
  github.close()
})

let table: string
let mailbox: Mailbox
beforeEach(async () => {
  table = await createTable()
  mailbox = await parts.fauxqs.mailbox()
  githubRequests = 0
})

const inputsFor = (targets: string) => ({
  targets: targetsFile(`defaults: { timeout: 1s, retries: 0 }\ntargets:\n${targets}`),
  'dynamodb-table': table,
  'sns-topic-arn': mailbox.topicArn
})

describe('the connectivity guard', () => {
  it('mails two targets on one host, one refusing and one hanging, when first seen', async () => {
    const inputs = inputsFor(
      `  - { name: db, url: "tcp://127.0.0.1:${parts.farm.refusedPort}" }\n  - { name: web, url: "${parts.farm.silent}" }\n`
    )
    const run = await runInProcess(inputs, { ...parts.env, GITHUB_API_URL: githubUrl })
    expect(run.errors).toEqual([])
    expect(run.outputs).toMatchObject({ inconclusive: 'false', down: '2' })
    const mails = await mailbox.take()
    expect(mails.map(mail => mail.subject)).toEqual(['[upwatch] DOWN: db, web'])
    expect(mails[0].body).toContain('Reason:   connection refused')
    expect(mails[0].body).toContain('Reason:   timeout after 1s')
    // They answered: no need to ask whether the runner's network works.
    expect(githubRequests).toBe(0)
  })

  it('mails targets whose names do not resolve when the GitHub API answers: the runner is fine', async () => {
    const inputs = inputsFor(
      '  - { name: api, url: "http://api.upwatch.test/health" }\n  - { name: db, url: "tcp://db.upwatch.test:5432" }\n'
    )
    const run = await runInProcess(inputs, { ...parts.env, GITHUB_API_URL: githubUrl })
    expect(run.errors).toEqual([])
    expect(run.outputs).toMatchObject({ inconclusive: 'false', down: '2' })
    expect(run.log).toContain(
      `Every target failed without an answer, but ${githubUrl} answered (HTTP 200): the runner's network works, so these failures are the targets' own.`
    )
    const mails = await mailbox.take()
    expect(mails.map(mail => mail.subject)).toEqual(['[upwatch] DOWN: api, db'])
    expect(mails[0].body).toContain('Reason:   DNS lookup failed')
    expect(githubRequests).toBe(1)
    expect(names.asked('api.upwatch.test', 'A')).toBeGreaterThan(0)
  })

  it('changes nothing and mails nothing when the GitHub API fails too', async () => {
    const inputs = inputsFor(
      '  - { name: api, url: "http://api.upwatch.test/health" }\n  - { name: db, url: "tcp://db.upwatch.test:5432" }\n'
    )
    const unreachable = `http://127.0.0.1:${parts.farm.refusedPort}`
    parts.proxy.reset()
    const run = await runInProcess(inputs, { ...parts.env, GITHUB_API_URL: unreachable })
    expect(run.errors).toEqual([])
    expect(run.outputs).toMatchObject({ inconclusive: 'true', changes: '[]' })
    expect(run.log).toContain(
      `::warning::Inconclusive run: all 2 targets failed without an answer (DNS lookup failed), and so did ${unreachable} (connection refused), which the runner must reach.`
    )
    expect(run.summary).toContain(
      '## upwatch: inconclusive run, nothing changed: 2 targets never seen, not recorded'
    )
    expect(await mailbox.take()).toEqual([])
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 2 })
  })

  it('changes nothing and mails nothing when the canary fails without an answer, and says so', async () => {
    const inputs = inputsFor(`  - { name: api, url: "${parts.farm.http('/status/503')}" }\n`)
    inputs.targets = targetsFile(
      `canary: http://canary.upwatch.test/\n${readFileSync(inputs.targets, 'utf8')}`
    )
    parts.proxy.reset()
    const run = await runInProcess(inputs, parts.env)
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ inconclusive: 'true', changes: '[]' })
    expect(run.log).toContain(
      '::warning::Inconclusive run: the canary http://canary.upwatch.test/ failed without an answer (DNS lookup failed)'
    )
    expect(run.summary).toContain('Inconclusive run')
    expect(await mailbox.take()).toEqual([])
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 2 })
  })

  it('mails an outage when the canary answers, even with an error of its own', async () => {
    const inputs = inputsFor(`  - { name: api, url: "${parts.farm.http('/status/503')}" }\n`)
    inputs.targets = targetsFile(
      `canary: ${parts.farm.http('/status/429')}\n${readFileSync(inputs.targets, 'utf8')}`
    )
    const run = await runInProcess(inputs, parts.env)
    expect(run.outputs).toMatchObject({ inconclusive: 'false', down: '1' })
    expect((await mailbox.take()).map(mail => mail.subject)).toEqual(['[upwatch] DOWN: api'])
  })
})
