// The core pass end to end against real parts: DynamoDB Local (behind a call-counting proxy), fauxqs for SNS
// and S3, and HTTP targets on 127.0.0.1.
import { GetCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { changesOf, resultsOf, runDist, runInProcess, targetsFile } from './support/action.js'
import { createTable, dynamoClient, type Mailbox } from './support/aws.js'
import { useParts, watchApiAndWeb } from './support/parts.js'

const parts = useParts()
const documents = DynamoDBDocumentClient.from(dynamoClient())

afterAll(() => documents.destroy())

describe('one mail per change', () => {
  let table: string
  let mailbox: Mailbox
  let inputs: Record<string, string>

  beforeEach(async () => {
    ;({ table, mailbox, inputs } = await watchApiAndWeb(parts))
  })

  it('mails a target going down once, nothing while it stays down, and its recovery once with the downtime', async () => {
    const first = await runInProcess(inputs, parts.env)
    expect(first.errors).toEqual([])
    expect(first.outputs).toMatchObject({ up: '2', down: '0', changes: '[]' })
    expect(await mailbox.take()).toEqual([])

    parts.farm.set(`api-${table}`, 503)
    const down = await runInProcess(inputs, parts.env)
    expect(down.outputs).toMatchObject({ up: '1', down: '1' })
    const [change] = changesOf(down)
    expect(change).toMatchObject({
      name: 'api',
      from: 'up',
      to: 'down',
      reason: 'HTTP 503, expected 200-299'
    })
    const downMails = await mailbox.take()
    expect(downMails).toHaveLength(1)
    expect(downMails[0].subject).toBe('[upwatch] DOWN: api')
    expect(downMails[0].changes).toEqual(['DOWN'])
    expect(downMails[0].body).toContain('DOWN: api')
    expect(downMails[0].body).toContain('Reason:   HTTP 503, expected 200-299')
    expect(downMails[0].body).toContain(`Since:    ${change.since.replace(/\.\d{3}Z$/, 'Z')}`)
    expect(downMails[0].body).toContain('Run: https://github.com/acme/monitor/actions/runs/4242')
    expect(down.log).toMatch(
      new RegExp(`Mail sent to ${mailbox.topicArn}: "\\[upwatch\\] DOWN: api" \\(message id [\\w-]+\\)\\.`)
    )

    const still = await runInProcess(inputs, parts.env)
    expect(still.outputs).toMatchObject({ down: '1', changes: '[]' })
    expect(await mailbox.take()).toEqual([])

    await new Promise(resolve => setTimeout(resolve, 1100))
    parts.farm.set(`api-${table}`, 200)
    const back = await runInProcess(inputs, parts.env)
    const [recovery] = changesOf(back)
    expect(recovery).toMatchObject({ name: 'api', from: 'down', to: 'up', since: expect.any(String) })
    expect(recovery.duration).toBeGreaterThanOrEqual(1)
    const backMails = await mailbox.take()
    expect(backMails).toHaveLength(1)
    expect(backMails[0].subject).toBe('[upwatch] RECOVERED: api')
    expect(backMails[0].changes).toEqual(['RECOVERED'])
    expect(backMails[0].body).toMatch(/Down for: \d+s, since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/)

    const item = await documents.send(
      new GetCommand({ TableName: table, Key: { url: parts.farm.http(`/switch/api-${table}`), name: 'api' } })
    )
    expect(item.Item).toMatchObject({
      status: true,
      state: 'up',
      announced: 'up',
      pending: {},
      failures: 0,
      successes: 0
    })
  })

  it('mails a target that is down when first seen, and records one that is up silently', async () => {
    parts.farm.set(`api-${table}`, 500)
    const run = await runInProcess(inputs, parts.env)
    expect(changesOf(run)).toEqual([expect.objectContaining({ name: 'api', from: null, to: 'down' })])
    const mails = await mailbox.take()
    expect(mails).toHaveLength(1)
    expect(mails[0].body).toContain('(first check)')
    const web = await documents.send(
      new GetCommand({ TableName: table, Key: { url: parts.farm.http('/status/200'), name: 'web' } })
    )
    expect(web.Item).toMatchObject({ state: 'up', status: true, version: 1 })
  })

  it('writes nothing and mails nothing in a dry run, but reports what it found', async () => {
    parts.farm.set(`api-${table}`, 503)
    parts.proxy.reset()
    const run = await runInProcess({ ...inputs, 'dry-run': 'true' }, parts.env)
    expect(run.exitCode).toBe(0)
    expect(changesOf(run)).toEqual([expect.objectContaining({ name: 'api', to: 'down' })])
    expect(run.summary).toContain('Dry run: no state was written and no mail was sent.')
    // The state's read and the list of slow targets' (probes/order.ts).
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 2 })
    expect(await mailbox.take()).toEqual([])
  })

  it('writes no state file at all in a dry run, and leaves an existing one untouched', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'upwatch-dry-'))
    const stateFile = path.join(folder, 'state.json')
    const dry = { targets: inputs.targets, 'state-file': stateFile, 'dry-run': 'true' }
    const run = await runInProcess(dry, parts.env)
    expect(run.errors).toEqual([])
    expect(existsSync(stateFile)).toBe(false)

    await runInProcess({ ...dry, 'dry-run': 'false' }, parts.env)
    const before = { text: readFileSync(stateFile, 'utf8'), modified: statSync(stateFile).mtimeMs }
    parts.farm.set(`api-${table}`, 503)
    const changed = await runInProcess(dry, parts.env)
    expect(changesOf(changed)).toEqual([expect.objectContaining({ name: 'api', to: 'down' })])
    expect({ text: readFileSync(stateFile, 'utf8'), modified: statSync(stateFile).mtimeMs }).toEqual(before)
  })

  it('prints the mail, and says so, when no topic is given', async () => {
    parts.farm.set(`api-${table}`, 503)
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-console-')), 'state.json')
    const run = await runInProcess({ targets: inputs.targets, 'state-file': stateFile }, parts.env)
    expect(run.log).toContain('No sns-topic-arn is set, so this mail is printed here instead of sent:')
    expect(run.log).toContain('Subject: [upwatch] DOWN: api')
  })

  it('sends one mail when two runs overlap', async () => {
    await runInProcess(inputs, parts.env)
    parts.farm.set(`api-${table}`, 503)
    // Separate processes, as two workflow runs are: each with its own exit code and log.
    const runs = await Promise.all([runDist(inputs, parts.env), runDist(inputs, parts.env)])
    expect(runs.map(run => [run.exitCode, run.errors])).toEqual([
      [0, []],
      [0, []]
    ])
    expect(runs.map(run => changesOf(run).length).sort()).toEqual([0, 1])
    const mails = await mailbox.take()
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe('[upwatch] DOWN: api')
    await runInProcess(inputs, parts.env)
    expect(await mailbox.take()).toEqual([])
  })

  it('fails the run when the topic is missing, and the next run mails the change once', async () => {
    await runInProcess(inputs, parts.env)
    parts.farm.set(`api-${table}`, 503)
    const missing = mailbox.topicArn.replace(/[^:]+$/, 'no-such-topic')
    const failed = await runInProcess({ ...inputs, 'sns-topic-arn': missing }, parts.env)
    expect(failed.exitCode).toBe(1)
    expect(failed.errors.join('\n')).toContain(`Could not publish the mail to the SNS topic ${missing}`)
    expect(failed.errors.join('\n')).toContain('the next run sends them')
    expect(failed.outputs).toMatchObject({ down: '1' })
    expect(failed.summary).toContain('1 of 2 down')

    const next = await runInProcess(inputs, parts.env)
    expect(next.exitCode).toBe(0)
    expect(next.outputs.changes).toBe('[]')
    const mails = await mailbox.take()
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe('[upwatch] DOWN: api')
    expect(mails[0].body).toContain('HTTP 503, expected 200-299')

    await runInProcess(inputs, parts.env)
    expect(await mailbox.take()).toEqual([])
  })
})

describe('the debug log', () => {
  it('holds the resolved settings and a line for each retried attempt', async () => {
    const run = await runInProcess({
      targets: targetsFile(
        `targets:\n  - { name: api, url: "${parts.farm.http('/status/503')}", retries: 1 }\n`
      ),
      'dry-run': 'true'
    })
    const settings = run.log.split('\n').find(line => line.startsWith('::debug::Settings: '))
    expect(JSON.parse(settings!.slice('::debug::Settings: '.length))).toMatchObject({
      dryRun: true,
      concurrency: 'auto',
      stateFile: expect.stringMatching(/\.upwatch\/state\.json$/)
    })
    expect(run.log).toContain('::debug::1 target from ')
    expect(run.log).toMatch(
      /::debug::api: attempt 1 failed \(down: HTTP 503, expected 200-299\); trying again in \d+ ms/
    )
  })
})

describe('DynamoDB calls', () => {
  it('makes ceil(N/100) + 1 reads and ceil(N/25) batched inserts at first sight of 250 targets up, no writes in a steady pass within the hour, and one write per target once the hour has turned', async () => {
    const table = await createTable()
    const lines = Array.from(
      { length: 250 },
      (_, i) => `  - { name: t${i}, url: "${parts.farm.http(`/switch/steady-${i}`)}" }`
    )
    const inputs = { targets: targetsFile(`targets:\n${lines.join('\n')}\n`), 'dynamodb-table': table }
    // Each target's hour begins at a minute of its own: the clock stands still, then moves by an hour.
    const start = Date.parse('2026-12-01T10:00:00Z')
    const passAt = (at: number) => runInProcess(inputs, parts.env, () => at)

    parts.proxy.reset()
    const first = await passAt(start)
    expect(first.outputs.up).toBe('250')
    // The state's 3 reads and the list of slow targets' (none slow: nothing written to it).
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 4, BatchExecuteStatement: 10 })

    parts.proxy.reset()
    const steady = await passAt(start)
    expect(steady.outputs).toMatchObject({ up: '250', changes: '[]' })
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 4 })

    parts.proxy.reset()
    await passAt(start + 3_600_000)
    const updated = parts.proxy
      .requests()
      .filter(request => request.operation === 'UpdateItem')
      .map(request => (request.body.Key as { name: { S: string } }).name.S)
    expect([updated.length, new Set(updated).size]).toEqual([250, 250])

    parts.proxy.reset()
    await passAt(start + 3_600_000)
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 4 })
  })
})

describe('shards', () => {
  it('splits the targets among the steps of a matrix, each reading and writing only its own items', async () => {
    const table = await createTable()
    const lines = Array.from(
      { length: 120 },
      (_, i) => `  - { name: s${i}, url: "${parts.farm.http(`/switch/shard-${i}`)}" }`
    )
    const file = targetsFile(`targets:\n${lines.join('\n')}\n`)
    const keysIn = (request: { operation: string; body: Record<string, unknown> }): string[] => {
      const body = request.body as {
        Key?: { name: { S: string } }
        RequestItems?: Record<string, { Keys: { name: { S: string } }[] }>
        Statements?: { Statement: string; Parameters: { S?: string }[] }[]
      }
      if (body.Key) return [body.Key.name.S]
      // INSERT INTO "table" VALUE {'url': ?, 'name': ?, …}: the parameter in the place of 'name'.
      if (body.Statements)
        return body.Statements.map(({ Statement, Parameters }) => {
          const names = [...Statement.matchAll(/'((?:[^']|'')*)': \?/g)].map(match => match[1])
          return Parameters[names.indexOf('name')].S!
        })
      return Object.values(body.RequestItems ?? {}).flatMap(entry => entry.Keys.map(key => key.name.S))
    }
    const seen: string[][] = []
    for (const shard of ['1/3', '2/3', '3/3']) {
      parts.proxy.reset()
      const run = await runInProcess({ targets: file, 'dynamodb-table': table, shard }, parts.env)
      expect(run.errors).toEqual([])
      const names = resultsOf(run).map(result => result.name)
      const touched = new Set(parts.proxy.requests().flatMap(keysIn))
      // Its targets, and its own list of slow targets (probes/order.ts), named by its repository, targets file
      // and shard.
      const list = `acme/monitor - - ${path.basename(path.dirname(file))}/upwatch.yml ${shard}`
      expect([...touched].sort()).toEqual([...names, list].sort())
      seen.push(names)
    }
    const all = seen.flat()
    expect(new Set(all).size).toBe(all.length)
    expect(all.length).toBe(120)
  })
})

describe('the legacy Lambda', () => {
  it('reads its targets object from S3 and its table as they are', async () => {
    const table = await createTable()
    const mailbox = await parts.fauxqs.mailbox()
    const legacyUrl = parts.farm.http('/switch/legacy')
    await parts.fauxqs.putObject(
      'monitor-config',
      'servers.json',
      JSON.stringify({
        servers: [
          { name: 'legacy', url: legacyUrl },
          { name: 'fine', url: parts.farm.http('/status/200') }
        ]
      })
    )
    // The Lambda stored only `status`; it had already mailed the outage.
    await documents.send(
      new PutCommand({ TableName: table, Item: { url: legacyUrl, name: 'legacy', status: false } })
    )
    parts.farm.set('legacy', 503)
    const inputs = {
      targets: 's3://monitor-config/servers.json',
      'dynamodb-table': table,
      'sns-topic-arn': mailbox.topicArn
    }

    const stillDown = await runInProcess(inputs, parts.env)
    expect(stillDown.errors).toEqual([])
    expect(stillDown.outputs).toMatchObject({ up: '1', down: '1', changes: '[]' })
    expect(await mailbox.take()).toEqual([])

    parts.farm.set('legacy', 200)
    const back = await runInProcess(inputs, parts.env)
    expect(changesOf(back)).toEqual([
      expect.objectContaining({ name: 'legacy', from: 'down', to: 'up', duration: null })
    ])
    const mails = await mailbox.take()
    expect(mails.map(mail => mail.subject)).toEqual(['[upwatch] RECOVERED: legacy'])
    expect(mails[0].body).toContain('Down for: unknown')
    const item = await documents.send(
      new GetCommand({ TableName: table, Key: { url: legacyUrl, name: 'legacy' } })
    )
    expect(item.Item).toMatchObject({ status: true, state: 'up' })
  })
})

describe('reminders and maintenance windows', () => {
  const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
  let table: string
  let mailbox: Mailbox
  let path: string

  beforeEach(async () => {
    table = await createTable()
    mailbox = await parts.fauxqs.mailbox()
    path = `/switch/policy-${table}`
    parts.farm.set(`policy-${table}`, 503)
  })

  const inputsFor = (extra: string, top = '') => ({
    targets: targetsFile(`${top}
targets:
  - name: api
    url: ${parts.farm.http(path)}
    retries: 0
${extra}
`),
    'dynamodb-table': table,
    'sns-topic-arn': mailbox.topicArn
  })

  it('reminds once per interval while down, and two runs overlapping at the boundary send one reminder', async () => {
    const inputs = inputsFor('    remind-every: 2s')
    const first = await runInProcess(inputs, parts.env)
    const since = Date.parse(changesOf(first)[0].since)
    expect((await mailbox.take()).map(mail => mail.subject)).toEqual(['[upwatch] DOWN: api'])
    await runInProcess(inputs, parts.env)
    expect(await mailbox.take()).toEqual([])

    await sleep(2100)
    const started = Date.now()
    const runs = await Promise.all([runDist(inputs, parts.env), runDist(inputs, parts.env)])
    const ended = Date.now()
    expect(runs.map(run => [run.exitCode, run.errors])).toEqual([
      [0, []],
      [0, []]
    ])
    const reminders = await mailbox.take()
    expect(reminders).toHaveLength(1)
    expect(reminders[0]).toMatchObject({ subject: '[upwatch] STILL DOWN: api', changes: ['REMINDER'] })
    const [, downFor] =
      /STILL DOWN: api\n {2}URL: .*\n {2}Down for: (\d+)s, since \S+Z\n {2}Reason: {3}HTTP 503/.exec(
        reminders[0].body
      )!
    // The reminder says how long the target has been down when the run that sent it looked: some time
    // between the start and the end of the two runs.
    expect(Number(downFor)).toBeGreaterThanOrEqual(Math.round((started - since) / 1000))
    expect(Number(downFor)).toBeLessThanOrEqual(Math.round((ended - since) / 1000))

    await runInProcess(inputs, parts.env)
    expect(await mailbox.take()).toEqual([])
  })

  it('mails nothing inside a maintenance window, and mails a target still down when the window ends', async () => {
    const end = new Date(Date.now() + 3000)
    const inputs = inputsFor(
      `    maintenance:\n      - { from: "${new Date(Date.now() - 60_000).toISOString()}", to: "${end.toISOString()}" }`
    )
    const inside = await runInProcess(inputs, parts.env)
    expect(changesOf(inside)).toEqual([expect.objectContaining({ name: 'api', to: 'down' })])
    const firstFailure = changesOf(inside)[0].since
    expect(await mailbox.take()).toEqual([])

    await sleep(end.getTime() - Date.now() + 100)
    const after = await runInProcess(inputs, parts.env)
    expect(after.outputs.changes).toBe('[]')
    const mails = await mailbox.take()
    expect(mails.map(mail => mail.subject)).toEqual(['[upwatch] DOWN: api'])
    expect(mails[0].body).toContain(`Since:    ${firstFailure.replace(/\.\d{3}Z$/, 'Z')}`)

    await runInProcess(inputs, parts.env)
    expect(await mailbox.take()).toEqual([])
  })
})
