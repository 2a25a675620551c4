// A first sight writes the targets that are up while the pass still probes the others (state/ahead.ts), and
// only once the pass cannot turn out inconclusive. The action runs in process against DynamoDB Local behind
// a counting proxy; the targets are real servers on 127.0.0.1.
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import { ScanCommand } from '@aws-sdk/client-dynamodb'
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
beforeEach(async () => {
  table = await createTable()
  mailbox = await parts.fauxqs.mailbox()
  parts.proxy.reset()
})

async function itemsIn(name: string): Promise<number> {
  const { Count = 0 } = await dynamo.send(new ScanCommand({ TableName: name, Select: 'COUNT' }))
  return Count
}

/** A server that answers 200 once `ready` says so (asked every 25 ms), and how long it waited. */
async function answerWhen(ready: () => Promise<boolean>) {
  const waits: number[] = []
  const server = http.createServer((_, response) => {
    const started = Date.now()
    const poll = async () => {
      if (await ready()) {
        waits.push(Date.now() - started)
        response.writeHead(200).end('ok')
      } else setTimeout(() => void poll(), 25)
    }
    void poll()
  })
  const url = `http://127.0.0.1:${await listen(server)}/`
  return { url, waits, close: () => new Promise(resolve => server.close(resolve)) }
}

const up = (count: number) =>
  Array.from(
    { length: count },
    (_, index) => `  - { name: up-${index}, url: "${parts.farm.http('/status/200')}" }\n`
  ).join('')

/** A pass over `file` (a targets file's text), its state in `inTable`. */
const passOver = (file: string, inTable = table) =>
  runInProcess(
    { targets: targetsFile(file), 'dynamodb-table': inTable, 'sns-topic-arn': mailbox.topicArn },
    parts.env
  )

describe('a first sight', () => {
  it('writes the targets that are up while a slower target is still being checked', async () => {
    // The slow target answers only once the others' items are in the table: before this change they were
    // written after the pass, so it would wait into its timeout and be judged down.
    const slow = await answerWhen(async () => (await itemsIn(table)) >= 50)
    try {
      const run = await passOver(
        `defaults: { timeout: 8s, retries: 0 }\ntargets:\n${up(60)}  - { name: slow, url: "${slow.url}" }\n`
      )
      expect(run.errors).toEqual([])
      expect(run.outputs).toMatchObject({ up: '61', down: '0' })
      expect(slow.waits).toHaveLength(1)
      expect(slow.waits[0]).toBeLessThan(8000)
      // Two full batches went ahead; the last 10 targets up and the slow one at the end, in one more call.
      expect(run.log).toContain('::debug::50 targets seen for the first time written while the pass probed')
      // The state's read and the list of slow targets' (none was: the slow one answered well within half its timeout).
      expect(parts.proxy.calls()).toEqual({ BatchGetItem: 2, BatchExecuteStatement: 3 })
      expect(await itemsIn(table)).toBe(61)
      expect(await mailbox.take()).toEqual([])
    } finally {
      await slow.close()
    }
  })

  it('writes nothing ahead while its canary has not answered, and nothing at all when it fails', async () => {
    // The canary answers only after the targets' results are in: nothing may be written before it.
    let writesBeforeCanary: number | undefined
    const canary = await answerWhen(() => {
      writesBeforeCanary ??= parts.proxy.calls().BatchExecuteStatement ?? 0
      return new Promise(resolve => setTimeout(() => resolve(true), 500))
    })
    try {
      const run = await passOver(
        `canary: ${canary.url}\ndefaults: { timeout: 5s, retries: 0 }\ntargets:\n${up(50)}`
      )
      expect(run.errors).toEqual([])
      expect(run.outputs).toMatchObject({ up: '50', inconclusive: 'false' })
      expect(writesBeforeCanary).toBe(0)
      expect(await itemsIn(table)).toBe(50)
    } finally {
      await canary.close()
    }

    // A canary that never answers: the targets up are not written, ahead or after.
    const silentTable = await createTable()
    parts.proxy.reset()
    const run = await passOver(
      `canary: http://canary.upwatch.test/\ndefaults: { timeout: 2s, retries: 0 }\ntargets:\n${up(50)}`,
      silentTable
    )
    expect(run.outputs).toMatchObject({ inconclusive: 'true', changes: '[]' })
    // The state's read and the list of slow targets': an inconclusive pass writes neither.
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 2 })
    expect(await itemsIn(silentTable)).toBe(0)
  })

  it('fails the run, naming the table and not with a stack, when a write ahead fails', async () => {
    const slow = await answerWhen(() =>
      Promise.resolve((parts.proxy.calls().BatchExecuteStatement ?? 0) >= 1)
    )
    try {
      parts.proxy.inject('BatchExecuteStatement', ...Array.from({ length: 8 }, () => 'throttle' as const))
      const run = await passOver(
        `defaults: { timeout: 8s, retries: 0 }\ntargets:\n${up(25)}  - { name: slow, url: "${slow.url}" }\n`
      )
      expect(run.exitCode).toBe(1)
      expect(run.errors.join('\n')).toContain(
        `Could not write the state of 25 targets seen for the first time to the DynamoDB table ${table}`
      )
      expect(run.log).not.toMatch(/\n\s+at /)
    } finally {
      await slow.close()
    }
  })
})
