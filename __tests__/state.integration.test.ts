// Stored state that cannot be understood, end to end: items spoiled by hand in DynamoDB Local (and in a state
// file) are named in warnings, the other targets' mail still goes out, and the spoiled ones are replaced and
// mailed once, as targets seen for the first time.
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type StoredState } from '../src/state/model.js'
import { changesOf, runInProcess, targetsFile, type ActionRun, type Env } from './support/action.js'
import { createTable, dynamoClient, startFauxqs, type Fauxqs } from './support/aws.js'
import { startFarm, type Farm } from './support/servers.js'

let farm: Farm
let fauxqs: Fauxqs
let env: Env
const documents = DynamoDBDocumentClient.from(dynamoClient())

beforeAll(async () => {
  farm = await startFarm()
  fauxqs = await startFauxqs()
  env = {
    AWS_ENDPOINT_URL_DYNAMODB: process.env.UPWATCH_TEST_DYNAMODB,
    AWS_ENDPOINT_URL_SNS: fauxqs.endpoint
  }
})

afterAll(async () => {
  await farm.close()
  await fauxqs.close()
  documents.destroy()
})

/** Four targets on switches of their own: `api` and `gone` go down later; `odd` and `web` stay up. */
function fourTargets(tag: string) {
  const url = (name: string) => farm.http(`/switch/${name}-${tag}`)
  const file = targetsFile(
    `targets:\n${['api', 'gone', 'odd', 'web'].map(name => `  - { name: ${name}, url: "${url(name)}", retries: 0 }`).join('\n')}\n`
  )
  return {
    file,
    key: (name: string) => ({ url: url(name), name }),
    down: (name: string) => farm.set(`${name}-${tag}`, 503)
  }
}

const warnings = (run: ActionRun) =>
  run.log
    .split('\n')
    .filter(line => line.startsWith('::warning::'))
    .map(line => line.slice('::warning::'.length))

describe('a spoiled item in the DynamoDB table', () => {
  it('is named in a warning, blocks no other mail, and is replaced and mailed once', async () => {
    const table = await createTable()
    const mailbox = await fauxqs.mailbox()
    const { file, key, down } = fourTargets(table)
    const inputs = { targets: file, 'dynamodb-table': table, 'sns-topic-arn': mailbox.topicArn }
    const first = await runInProcess(inputs, env)
    expect(first.errors).toEqual([])
    expect(first.outputs).toMatchObject({ up: '4', changes: '[]' })

    // `gone` loses its outbox and its count to hand edits; `odd` is overwritten by a tool that knows no better.
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: key('gone'),
        UpdateExpression: 'SET #pending = :null, #failures = :two',
        ExpressionAttributeNames: { '#pending': 'pending', '#failures': 'failures' },
        ExpressionAttributeValues: { ':null': null, ':two': 'two' }
      })
    )
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: { ...key('odd'), state: 'DOWN', since: 'last week', version: '7', owner: 'team-a' }
      })
    )
    down('api')
    down('gone')

    const spoiled = await runInProcess(inputs, env)
    expect([spoiled.exitCode, spoiled.errors]).toEqual([0, []])
    expect(warnings(spoiled)).toEqual([
      expect.stringMatching(
        /^The stored state of "gone" \(http:.*\) in the DynamoDB table upwatch-test-\w+ cannot be understood: failures is "two", not a count of 0 or more; pending is null, not a map of pending changes\. It is taken as a target seen for the first time/
      ),
      expect.stringMatching(
        /^The stored state of "odd" .* cannot be understood: state is "DOWN", not up, down or degraded; since is "last week", not an ISO time such as \S+; version is "7", not a number\./
      )
    ])
    expect(changesOf(spoiled).map(change => [change.name, change.from, change.to])).toEqual([
      ['api', 'up', 'down'],
      ['gone', null, 'down']
    ])
    const mails = await mailbox.take()
    expect(mails.map(mail => mail.subject)).toEqual(['[upwatch] DOWN: api, gone'])
    expect(mails[0].body).toMatch(/DOWN: gone\n(.*\n)*? {2}Since: +\S+ \(first check\)/)

    const item = async (name: string) =>
      (await documents.send(new GetCommand({ TableName: table, Key: key(name) }))).Item as StoredState
    expect(await item('gone')).toMatchObject({ state: 'down', failures: 0, pending: {}, version: 3 })
    expect(await item('odd')).toMatchObject({ state: 'up', status: true, owner: 'team-a', version: 1 })
    expect(await item('odd')).not.toHaveProperty('assumed')

    const after = await runInProcess(inputs, env)
    expect([after.errors, warnings(after), after.outputs.changes]).toEqual([[], [], '[]'])
    expect(await mailbox.take()).toEqual([])
  })
})

describe('a spoiled item in the state file', () => {
  it('is named in a warning, blocks no other mail, and is replaced and mailed once', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-spoiled-')), 'state.json')
    const { file, down } = fourTargets(path.basename(path.dirname(stateFile)))
    const inputs = { targets: file, 'state-file': stateFile }
    await runInProcess(inputs, env)
    const { items } = JSON.parse(readFileSync(stateFile, 'utf8')) as { items: Record<string, unknown>[] }
    const gone = items.find(item => item.name === 'gone')!
    gone.pending = { 'x/DOWN': { claim: 'run-0', leaseUntil: '2020-01-01T00:00:00.000Z' } }
    writeFileSync(stateFile, JSON.stringify({ items }))
    down('api')
    down('gone')

    const spoiled = await runInProcess(inputs, env)
    expect([spoiled.exitCode, spoiled.errors]).toEqual([0, []])
    expect(warnings(spoiled)).toEqual([
      expect.stringContaining('State is kept in a file'),
      expect.stringMatching(
        /^The stored state of "gone" .* in the state file .*state\.json cannot be understood: pending\["x\/DOWN"\]\.change is missing, not a change\./
      )
    ])
    expect(spoiled.log).toContain('Subject: [upwatch] DOWN: api, gone')

    const after = await runInProcess(inputs, env)
    expect([after.errors, warnings(after).length, after.outputs.changes]).toEqual([[], 1, '[]'])
    expect(after.log).not.toContain('Subject:')
  })
})
