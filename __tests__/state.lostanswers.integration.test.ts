// Answers that are lost: a proxy between the action and DynamoDB Local or fauxqs (SNS) forwards a call, so that
// it lands, and answers it later than the SDK waits (5 s), or fails a call without forwarding it. The SDK then
// tries the call again, against what the first attempt wrote.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import http from 'node:http'
import { changesOf, runInProcess, targetsFile } from './support/action.js'
import { dynamoClient, type Mailbox } from './support/aws.js'
import { useParts, watchApiAndWeb } from './support/parts.js'

/** What to do with a call: answer late (after forwarding it), or fail it without forwarding. */
type Fault = { lateMs: number } | { fail: { status: number; type: string; message: string } }

interface FaultProxy {
  endpoint: string
  /** Faults for the calls of `operation` from now on, the n-th fault for the n-th call; undefined: none. */
  /**
   * Faults for the calls of `operation` whose body holds `matching` (every call when absent), the n-th fault for
   * the n-th such call: another call of the same operation (the list of slow targets, written when a loaded
   * machine made a target slow) takes none.
   */
  plan(operation: string, faults: (Fault | undefined)[], matching?: string): void
  calls(operation: string): number
  /** Faults planned for `operation` that no call has met yet. */
  left(operation: string): number
  close(): Promise<void>
}

/** A proxy to `upstream` that names each call by x-amz-target (JSON protocols) or Action= (query protocol). */
async function faultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream)
  const plans = new Map<string, { faults: (Fault | undefined)[]; matching?: string }>()
  const counts = new Map<string, number>()
  const server = http.createServer((request, response) => void handle(request, response))
  const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const operation =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ||
      (/(?:^|&)Action=([A-Za-z]+)/.exec(body.toString())?.[1] ?? 'unknown')
    counts.set(operation, (counts.get(operation) ?? 0) + 1)
    const plan = plans.get(operation)
    const fault =
      plan && (plan.matching === undefined || body.toString().includes(plan.matching))
        ? plan.faults.shift()
        : undefined
    if (fault && 'fail' in fault) {
      response.writeHead(fault.fail.status, { 'content-type': 'application/x-amz-json-1.0' })
      response.end(JSON.stringify({ __type: fault.fail.type, message: fault.fail.message }))
      return
    }
    const { 'transfer-encoding': _, ...headers } = request.headers
    headers['content-length'] = String(body.length)
    const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const call = http.request(
          { host: target.hostname, port: target.port, path: request.url, method: request.method, headers },
          res => {
            const parts: Buffer[] = []
            res.on('data', (c: Buffer) => parts.push(c))
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(parts) })
            )
          }
        )
        call.on('error', reject)
        call.end(body)
      }
    ).catch(() => undefined)
    if (answer === undefined) return response.destroy()
    if (fault && 'lateMs' in fault) await new Promise(resolve => setTimeout(resolve, fault.lateMs))
    if (response.destroyed || request.socket.destroyed) return
    const { 'transfer-encoding': __, ...back } = answer.headers
    response.writeHead(answer.status, { ...back, 'content-length': String(answer.body.length) })
    response.end(answer.body)
  }
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    plan: (operation, faults, matching) => plans.set(operation, { faults: [...faults], matching }),
    calls: operation => counts.get(operation) ?? 0,
    left: operation => plans.get(operation)?.faults.length ?? 0,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

const parts = useParts()
const documents = DynamoDBDocumentClient.from(dynamoClient())
let dynamo: FaultProxy
let sns: FaultProxy

beforeAll(async () => {
  dynamo = await faultProxy(process.env.UPWATCH_TEST_DYNAMODB!)
  sns = await faultProxy(parts.fauxqs.endpoint)
})
afterAll(async () => {
  documents.destroy()
  await dynamo.close()
  await sns.close()
})

const MIN = 60_000
const T0 = Date.parse('2026-12-01T10:00:00Z')
/** SDK: 5 s request timeout; an answer 6 s late is a timeout after the call landed. */
const LATE = { lateMs: 6_000 }
/** What the UpdateItem that stores a change over the item as read holds; and the one that records it sent. */
const STORE_CHANGE = '#version = :expected'
const RECORD_SENT = 'REMOVE #pending.#id'

let table: string
let mailbox: Mailbox
let inputs: Record<string, string>
let env: Record<string, string>

beforeEach(async () => {
  ;({ table, mailbox, inputs } = await watchApiAndWeb(parts))
  env = { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_ENDPOINT_URL_SNS: sns.endpoint }
  dynamo.plan('UpdateItem', [])
  sns.plan('Publish', [])
})

const at = (ms: number) => () => ms

describe('a conditional UpdateItem of a DOWN that lands but answers after the SDK gave up on it', () => {
  it('is mailed by the run that stored it, which reports the change it made', async () => {
    await runInProcess(inputs, env, at(T0))
    parts.farm.set(`api-${table}`, 503)
    dynamo.plan('UpdateItem', [LATE], STORE_CHANGE)
    const run = await runInProcess(inputs, env, at(T0 + 5 * MIN))
    expect(dynamo.left('UpdateItem')).toBe(0)
    const { Item } = await documents.send(
      new GetCommand({ TableName: table, Key: { url: parts.farm.http(`/switch/api-${table}`), name: 'api' } })
    )
    const mails = await mailbox.take()
    // The DOWN is stored and recorded as sent: nothing is left pending for a later run.
    expect([Item?.state, Item?.pending]).toEqual(['down', {}])
    // Was: the retry's failed condition counted the write as lost to another run, and deciding again from the
    // item (this run's own check) wrote and mailed nothing: the DOWN waited for a run after the 3 minutes of the
    // claim, and no run reported it in `changes`.
    const inside = await runInProcess(inputs, env, at(T0 + 6 * MIN))
    const insideMails = await mailbox.take()
    const after = await runInProcess(inputs, env, at(T0 + 10 * MIN))
    const afterMails = await mailbox.take()
    expect({
      exit: [run.exitCode, inside.exitCode, after.exitCode],
      mailedBy: [mails, insideMails, afterMails].map(box => box.map(mail => mail.subject)),
      changesOf: [run, inside, after].map(r => changesOf(r).map(c => c.to))
    }).toEqual({
      exit: [0, 0, 0],
      mailedBy: [['[upwatch] DOWN: api'], [], []],
      changesOf: [['down'], [], []]
    })
  }, 60_000)
})

const throttled = {
  fail: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded (injected).'
  }
}

describe('a settle that fails (throttled, every SDK attempt) after the mail went out', () => {
  it('fails the run with a message that says the mail was sent and what happens next', async () => {
    await runInProcess(inputs, env, at(T0))
    parts.farm.set(`api-${table}`, 503)
    // The settle's three attempts after the publish.
    dynamo.plan('UpdateItem', [throttled, throttled, throttled], RECORD_SENT)
    const run = await runInProcess(inputs, env, at(T0 + 5 * MIN))
    expect(dynamo.left('UpdateItem')).toBe(0)
    expect(run.exitCode).toBe(1)
    expect((await mailbox.take()).map(mail => mail.subject)).toEqual(['[upwatch] DOWN: api'])
    // What the user must learn: the mail did go out, and the next run mails it again.
    expect(run.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          '^The mail went out, but this run could not record that it did: Could not record the mail about api in ' +
            `the DynamoDB table ${table}: .*ProvisionedThroughputExceeded.*\\. The next run sends them again ` +
            "once this run's claim runs out, within 3 minutes, so the mail may arrive twice\\.$"
        )
      )
    ])
  }, 60_000)
})

describe('answers lost elsewhere', () => {
  it('an SNS Publish that fails once with a 500 and then works mails once', async () => {
    await runInProcess(inputs, env, at(T0))
    parts.farm.set(`api-${table}`, 503)
    sns.plan('Publish', [{ fail: { status: 500, type: 'InternalError', message: 'injected' } }])
    const run = await runInProcess(inputs, env, at(T0 + 5 * MIN))
    expect(sns.left('Publish')).toBe(0)
    await runInProcess(inputs, env, at(T0 + 10 * MIN))
    expect(run.exitCode).toBe(0)
    expect((await mailbox.take()).map(mail => mail.subject)).toEqual(['[upwatch] DOWN: api'])
  }, 60_000)

  it('a first sight of 30 targets up whose batched INSERT lands but answers late: no error, no mail', async () => {
    const lines = Array.from(
      { length: 30 },
      (_, i) => `  - { name: t${i}, url: "${parts.farm.http('/status/200')}?${table}-${i}" }`
    )
    const many = { ...inputs, targets: targetsFile(`targets:\n${lines.join('\n')}\n`) }
    dynamo.plan('BatchExecuteStatement', [LATE])
    const run = await runInProcess(many, env, at(T0))
    expect(dynamo.left('BatchExecuteStatement')).toBe(0)
    expect([run.exitCode, run.errors]).toEqual([0, []])
    const again = await runInProcess(many, env, at(T0 + 5 * MIN))
    expect([again.exitCode, again.errors, changesOf(again)]).toEqual([0, [], []])
    expect(await mailbox.take()).toEqual([])
  }, 60_000)
})
