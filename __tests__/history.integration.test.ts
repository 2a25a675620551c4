// A day of passes end to end, the clock moved by the test: a pass every 15 minutes over two targets on
// 127.0.0.1, with their state in DynamoDB Local (behind the call-counting proxy) and in a state file. The
// steady target's item is written once an hour, 24 times in the day, not at every pass; the other's outage of
// two and a half hours shows in its uptime: in the outputs, in the summary and in the history stored.
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { decodeHistory } from '../src/history/codec.js'
import { uptimes } from '../src/history/uptime.js'
import { decodeState } from '../src/state/decode.js'
import { resultsOf, runInProcess, targetsFile, type ActionRun } from './support/action.js'
import { createTable, dynamoClient } from './support/aws.js'
import { useParts } from './support/parts.js'

const parts = useParts()
const documents = DynamoDBDocumentClient.from(dynamoClient())
afterAll(() => documents.destroy())

const MIN = 60_000
const START = Date.parse('2026-12-01T00:00:00Z')
/** From 00:00 to 24:00, both included: 96 steps of 15 minutes. */
const PASSES = 97
const at = (pass: number) => START + pass * 15 * MIN
/** api answers 503 from the pass at 05:00 to the one before 07:30: down for 150 minutes. */
const [DOWN_FROM, DOWN_UNTIL] = [20, 30]

/**
 * Runs the day with `inputs` over api (on a switch of its own) and web. `onPass` sees each run; the last one is
 * returned.
 */
async function day(
  inputs: Record<string, string>,
  tag: string,
  onPass: (pass: number, run: ActionRun) => void
) {
  const file = targetsFile(
    `targets:\n  - { name: api, url: "${parts.farm.http(`/switch/api-${tag}`)}", retries: 0 }\n` +
      `  - { name: web, url: "${parts.farm.http('/status/200')}" }\n`
  )
  let run: ActionRun | undefined
  for (let pass = 0; pass < PASSES; pass++) {
    if (pass === DOWN_FROM) parts.farm.set(`api-${tag}`, 503)
    if (pass === DOWN_UNTIL) parts.farm.set(`api-${tag}`, 200)
    run = await runInProcess({ ...inputs, targets: file }, parts.env, () => at(pass))
    expect([pass, run.errors]).toEqual([pass, []])
    onPass(pass, run)
  }
  return run!
}

/** The uptime the results show at 24:00: api down 150 of the 1,440 minutes known, web never. */
const AT_MIDNIGHT = {
  api: { '24h': 89.58, '7d': 89.58, '30d': 89.58, '90d': 89.58 },
  web: { '24h': 100, '7d': 100, '30d': 100, '90d': 100 }
}

/** Seconds down in the last 24 hours at 24:00, from an item's stored history. */
function downSeconds(item: Record<string, unknown>): number {
  const { state } = decodeState(item)
  const { history } = decodeHistory(item.history)
  return uptimes(history, state, at(PASSES - 1), [])[0].downSeconds
}

/** The cell of api's row in the summary's table under the header "Uptime 30d". */
function apiUptimeCell(run: ActionRun): string {
  const cells = (row: string) => [...row.matchAll(/<t[hd]>(.*?)<\/t[hd]>/g)].map(match => match[1])
  const rows = run.summary.split('\n').filter(line => line.startsWith('<tr>'))
  const column = cells(rows[0]).indexOf('Uptime 30d')
  return cells(rows.find(row => row.includes('<td>api</td>'))!)[column]
}

describe('a day of passes', () => {
  it("writes a steady target 24 times in DynamoDB, and keeps an outage in the other's uptime", async () => {
    const table = await createTable()
    const webWrites: number[] = []
    const cells: string[] = []
    parts.proxy.reset()
    const last = await day({ 'dynamodb-table': table }, table, (pass, run) => {
      const updates = parts.proxy
        .requests()
        .filter(request => request.operation === 'UpdateItem')
        .filter(request => (request.body.Key as { name: { S: string } }).name.S === 'web')
      if (updates.length > 0) webWrites.push(pass)
      if (pass === DOWN_FROM + 5) cells.push(apiUptimeCell(run))
      parts.proxy.reset()
    })
    // Once an hour, in the first pass after the hour at web's own minute turned.
    expect(webWrites).toHaveLength(24)
    expect(new Set(webWrites.map(pass => Math.floor((pass - webWrites[0]) / 4))).size).toBe(24)
    // At 06:15, 75 of the 375 minutes known were down.
    expect(cells).toEqual(['80%'])
    expect(Object.fromEntries(resultsOf(last).map(result => [result.name, result.uptime]))).toEqual(
      AT_MIDNIGHT
    )

    const item = async (name: string, url: string) =>
      (await documents.send(new GetCommand({ TableName: table, Key: { url, name } }))).Item!
    const api = await item('api', parts.farm.http(`/switch/api-${table}`))
    const web = await item('web', parts.farm.http('/status/200'))
    expect([web.version, downSeconds(web), downSeconds(api)]).toEqual([25, 0, 150 * 60])
  }, 120_000)

  it('does the same with the state file', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-history-')), 'state.json')
    const tag = path.basename(path.dirname(stateFile))
    const versions: number[] = []
    const items = () =>
      (JSON.parse(readFileSync(stateFile, 'utf8')) as { items: Record<string, unknown>[] }).items
    const last = await day({ 'state-file': stateFile }, tag, () =>
      versions.push(items().find(item => item.name === 'web')!.version as number)
    )
    // Written at its first sight, then once an hour: a new version 24 times in 97 passes.
    expect(new Set(versions).size).toBe(25)
    expect(Object.fromEntries(resultsOf(last).map(result => [result.name, result.uptime]))).toEqual(
      AT_MIDNIGHT
    )
    const [api, web] = ['api', 'web'].map(name => items().find(item => item.name === name)!)
    expect([web.version, downSeconds(web), downSeconds(api)]).toEqual([25, 0, 150 * 60])
  }, 120_000)

  it('writes no history with history false: a steady target is written at its first sight only', async () => {
    const table = await createTable()
    parts.proxy.reset()
    const last = await day({ 'dynamodb-table': table, history: 'false' }, `off-${table}`, () => undefined)
    const calls = parts.proxy.calls()
    // The first sight in one batch; api's outage and recovery, each an update and its mail recorded.
    expect([calls.BatchExecuteStatement, calls.UpdateItem]).toEqual([1, 4])
    expect(resultsOf(last).map(result => result.uptime['30d'])).toEqual([null, null])
    const web = await documents.send(
      new GetCommand({ TableName: table, Key: { url: parts.farm.http('/status/200'), name: 'web' } })
    )
    expect(web.Item).not.toHaveProperty('history')
  }, 120_000)
})
