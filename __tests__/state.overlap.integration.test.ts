// Two workflow runs that overlap on a first sight, as separate processes (dist/index.js), against DynamoDB
// Local: each target answers the first run to ask one way and the second the other way, so that one run's
// batched INSERT of a target seen up races the other's conditional write, with its DOWN, of the same target
// seen down. Whichever writes first, every change is mailed once, and the table ends as the targets are. The
// second answer comes a quarter of a second late, so that the check that got it ends last in both runs' clocks
// too: of two overlapping checks, the later one's view stands (state/commit.ts).
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import { type StoredState } from '../src/state/model.js'
import { runDist, runInProcess, targetsFile, type Env } from './support/action.js'
import {
  countingProxy,
  createTable,
  dynamoClient,
  startFauxqs,
  type CountingProxy,
  type Fauxqs
} from './support/aws.js'
import { listen } from './support/servers.js'

/** Even targets answer 503 then 200 (down, then back for good); odd ones 200 then 503 (up, then down). */
const answers = (index: number) => (index % 2 === 0 ? [503, 200] : [200, 503])
const COUNT = 40
/** How much later the second answer to a path comes than it was asked for. */
const LATER_MS = 250

let fauxqs: Fauxqs
let proxy: CountingProxy
let server: http.Server
let port: number
let env: Env
const documents = DynamoDBDocumentClient.from(dynamoClient())

beforeAll(async () => {
  fauxqs = await startFauxqs()
  proxy = await countingProxy()
  // Each path answers its statuses in turn, one request each, then its last one from then on.
  const asked = new Map<string, number>()
  server = http.createServer((request, response) => {
    const index = Number(/\/t(\d+)$/.exec(request.url ?? '')?.[1])
    const count = asked.get(request.url ?? '') ?? 0
    asked.set(request.url ?? '', count + 1)
    const statuses = answers(index)
    const answer = () => {
      response.writeHead(statuses[Math.min(count, statuses.length - 1)], { 'content-type': 'text/plain' })
      response.end()
    }
    if (count === 1) setTimeout(answer, LATER_MS)
    else answer()
  })
  port = await listen(server)
  env = { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint, AWS_ENDPOINT_URL_SNS: fauxqs.endpoint }
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
  await fauxqs.close()
  await proxy.close()
  documents.destroy()
})

describe('two runs that overlap on a first sight, seeing targets apart', () => {
  it('mail each change once, whichever of them writes each target first', async () => {
    const table = await createTable()
    const mailbox = await fauxqs.mailbox()
    const url = (index: number) => `http://127.0.0.1:${port}/${table}/t${index}`
    const lines = Array.from({ length: COUNT }, (_, i) => `  - { name: t${i}, url: "${url(i)}" }`)
    const inputs = {
      targets: targetsFile(`defaults: { retries: 0 }\ntargets:\n${lines.join('\n')}\n`),
      'dynamodb-table': table,
      'sns-topic-arn': mailbox.topicArn
    }

    proxy.reset()
    const runs = await Promise.all([runDist(inputs, env), runDist(inputs, env)])
    expect(runs.map(run => [run.exitCode, run.errors])).toEqual([
      [0, []],
      [0, []]
    ])
    // The targets seen up went in batches: this is the race between an INSERT and a conditional update.
    expect(proxy.calls().BatchExecuteStatement).toBeGreaterThan(0)
    // Every target now answers as it will: even ones up, odd ones down. The next run mails what the first two
    // left unsaid, and the one after it nothing.
    const next = await runInProcess(inputs, env)
    const last = await runInProcess(inputs, env)
    expect([next.errors, last.errors, last.outputs.changes]).toEqual([[], [], '[]'])

    const mails = (await mailbox.take()).flatMap(mail =>
      [...mail.body.matchAll(/^(DOWN|RECOVERED|STILL DOWN|DEGRADED): (\S+)$/gm)].map(([, kind, name]) => ({
        kind,
        name
      }))
    )
    const item = async (index: number) =>
      (
        await documents.send(
          new GetCommand({ TableName: table, Key: { url: url(index), name: `t${index}` } })
        )
      ).Item as StoredState
    for (let index = 0; index < COUNT; index++) {
      const kinds = mails.filter(mail => mail.name === `t${index}`).map(mail => mail.kind)
      if (index % 2 === 1) {
        // Down now: one DOWN, from the run that saw it down if it wrote first, else from the next run.
        expect([index, kinds]).toEqual([index, ['DOWN']])
      } else {
        // Up now: nothing if the run that saw it up wrote first, else the DOWN that run mailed and one recovery.
        expect([[], ['DOWN', 'RECOVERED']].map(expected => [index, expected])).toContainEqual([index, kinds])
      }
      const state = index % 2 === 0 ? 'up' : 'down'
      expect(await item(index)).toMatchObject({ state, announced: state, pending: {} })
    }
  })
})
