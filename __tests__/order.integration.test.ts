// A pass starts first the targets the last one found slow (probes/order.ts): their list is an item of the
// table, read in one call before the state. The action runs in process against DynamoDB Local behind a counting
// proxy; the targets are real servers on 127.0.0.1.
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import http from 'node:http'
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
      targets: targetsFile(file()),
      'dynamodb-table': table,
      'sns-topic-arn': mailbox.topicArn,
      concurrency: '1'
    },
    parts.env
  )
}

const LIST = { url: { S: 'upwatch:slow' }, name: { S: 'workflow' } }
const stored = async () => (await dynamo.send(new GetItemCommand({ TableName: table, Key: LIST }))).Item

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
        Item: { ...LIST, targets: { S: '__proto__ <b>x</b> ' + 'z'.repeat(500) } }
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
