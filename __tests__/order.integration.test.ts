// A pass starts first the targets the last one found slow (probes/order.ts): their list is an item of the
// table, read in one call before the state. The action runs in process against DynamoDB Local behind a counting
// proxy; the targets are real servers on 127.0.0.1.
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import http from 'node:http'
import path from 'node:path'
import { runInProcess, targetsFile } from './support/action.js'
import { createTable, dynamoClient, type Mailbox } from './support/aws.js'
import { useParts } from './support/parts.js'
import { listen } from './support/servers.js'

const parts = useParts()
const dynamo = dynamoClient()

afterAll(() => dynamo.destroy())

let table: string
let mailbox: Mailbox
/** The paths asked for, in the order the requests came. */
let asked: string[]
let server: http.Server
let base: string
/** The targets file's path, the same for every pass of a test, as a workflow's is. */
let targets: string
beforeEach(async () => {
  table = await createTable()
  mailbox = await parts.fauxqs.mailbox()
  asked = []
  // /quick-N answers after 600 ms, /slow after 1,100 ms: more than half its 2 s timeout, and up.
  server = http.createServer((request, response) => {
    asked.push(request.url ?? '')
    setTimeout(() => response.writeHead(200).end('ok'), request.url === '/slow' ? 1100 : 600)
  })
  base = `http://127.0.0.1:${await listen(server)}`
  targets = targetsFile(file())
})
afterEach(() => new Promise(resolve => server.close(resolve)))

/** Five quick targets, then the slow one, checked one at a time. */
const file = () =>
  'defaults: { timeout: 2s, retries: 0 }\ntargets:\n' +
  Array.from(
    { length: 5 },
    (_, index) => `  - { name: quick-${index}, url: "${base}/quick-${index}" }\n`
  ).join('') +
  `  - { name: slow, url: "${base}/slow" }\n`

const pass = () => {
  asked = []
  parts.proxy.reset()
  return runInProcess(
    {
      targets,
      'dynamodb-table': table,
      'sns-topic-arn': mailbox.topicArn,
      concurrency: '1'
    },
    parts.env
  )
}

// The list's owner: the repository, the workflow's file and the job (none here), the targets file.
const list = () => ({
  url: { S: 'upwatch:slow' },
  name: { S: `acme/monitor - - ${path.basename(path.dirname(targets))}/upwatch.yml` }
})
const stored = async () => (await dynamo.send(new GetItemCommand({ TableName: table, Key: list() }))).Item

describe('the slow targets', () => {
  it('go first in the next pass, though the state says they are up, and the list is written only when it changes', async () => {
    const first = await pass()
    expect(first.errors).toEqual([])
    expect(first.outputs).toMatchObject({ up: '6', down: '0' })
    expect(asked).toEqual(['/quick-0', '/quick-1', '/quick-2', '/quick-3', '/quick-4', '/slow'])
    expect((await stored())?.targets?.S).toMatch(/^[0-9a-z]+$/)
    expect(first.log).toContain('::debug::0 slow targets to start first')

    // The list comes while the first check is under way: the slow target is next, before the other four.
    const second = await pass()
    expect(second.errors).toEqual([])
    expect(second.outputs).toMatchObject({ up: '6', down: '0' })
    expect(asked).toEqual(['/quick-0', '/slow', '/quick-1', '/quick-2', '/quick-3', '/quick-4'])
    expect(second.log).toContain('::debug::1 slow targets to start first')
    // The same target slow again: the list is not written again (no UpdateItem), only read (one more call).
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 2 })
    expect(await mailbox.take()).toEqual([])
  })

  it('are taken from the list only as far as it can be understood: anything else orders nothing', async () => {
    await dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...list(), targets: { S: '__proto__ <b>x</b> ' + 'z'.repeat(500) } }
      })
    )
    const run = await pass()
    expect(run.errors).toEqual([])
    expect(run.log).not.toContain('::warning::')
    expect(asked).toEqual(['/quick-0', '/quick-1', '/quick-2', '/quick-3', '/quick-4', '/slow'])
    // Replaced by this pass's own list.
    expect((await stored())?.targets?.S).toMatch(/^[0-9a-z]+$/)
  })
})

describe('the list of another pass', () => {
  it('is not read by two repositories whose workflows share a file name and a table: a steady pass of either writes nothing', async () => {
    // Found by a review: the list was named by the workflow's file alone, so each pass read the other's.
    const files = new Map(
      ['web', 'internal'].map(repo => [
        repo,
        targetsFile(
          'defaults: { timeout: 2s, retries: 0 }\ntargets:\n' +
            `  - { name: ${repo}-quick, url: "${base}/quick-${repo}" }\n` +
            `  - { name: ${repo}-slow, url: "${base}/slow" }\n`
        )
      ])
    )
    const passOf = (repo: string) => {
      parts.proxy.reset()
      return runInProcess(
        { targets: files.get(repo)!, 'dynamodb-table': table },
        {
          ...parts.env,
          // Each its own checkout, its targets file at the same place in it: only the repository differs.
          GITHUB_WORKSPACE: path.dirname(files.get(repo)!),
          GITHUB_REPOSITORY: `acme/${repo}`,
          GITHUB_WORKFLOW_REF: `acme/${repo}/.github/workflows/upwatch.yml@refs/heads/main`
        }
      )
    }
    await passOf('web')
    await passOf('internal')
    for (const repo of ['web', 'internal']) {
      const run = await passOf(repo)
      expect(run.errors).toEqual([])
      expect(run.log).toContain('::debug::1 slow targets to start first')
      expect(parts.proxy.calls()).toEqual({ BatchGetItem: 2 })
    }
  }, 30_000)
})

describe('a table that does not answer', () => {
  let silent: http.Server
  let requests: number
  beforeEach(() => {
    requests = 0
    // Takes every request and never answers.
    silent = http.createServer(request => {
      requests++
      request.resume()
    })
  })
  afterEach(() => {
    silent.closeAllConnections()
    return new Promise(resolve => silent.close(resolve))
  })

  it("fails the pass once the state's read gives up, not after the list's read has given up first", async () => {
    // Found by a review: the state's read waited for the list's, 3 attempts of 5 s each, before its own.
    const endpoint = `http://127.0.0.1:${await listen(silent)}`
    const started = Date.now()
    const run = await runInProcess(
      {
        targets: targetsFile(`targets:\n  - { name: a, url: "${parts.farm.http('/status/200')}" }\n`),
        'dynamodb-table': 'upwatch'
      },
      { AWS_ENDPOINT_URL_DYNAMODB: endpoint }
    )
    expect(run.errors.join('\n')).toContain('no answer from AWS within 5s, 3 times')
    // The state's 3 attempts of 5 s, and the list's one, given up after 1.5 s while they went on.
    expect(requests).toBe(4)
    expect(Date.now() - started).toBeLessThan(20_000)
  }, 60_000)
})
