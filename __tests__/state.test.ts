// The state stores keep exactly what reconcile decided: every attribute of a state goes through DynamoDB Local
// (and the state file) and comes back equal, including one the store has never heard of.
import { GetCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { FileStateStore } from '../src/state/file.js'
import { type StoredState } from '../src/state/model.js'
import { type StateStore } from '../src/state/store.js'
import { keyOf } from '../src/targets/model.js'
import { createTable, dynamoClient } from './support/aws.js'

const client = dynamoClient()
const documents = DynamoDBDocumentClient.from(client)
afterAll(() => client.destroy())

const key = { url: 'https://api.example.com/health', name: 'api' }

/** A state with every attribute set: `Required` makes a new attribute of StoredState fail to compile here. */
const full: Required<StoredState> = {
  state: 'down',
  since: '2026-11-28T10:00:00.000Z',
  failures: 2,
  successes: 1,
  reason: 'HTTP 503, expected 200-299',
  streakSince: '2026-11-28T10:05:00.000Z',
  announced: 'down',
  announcedSince: '2026-11-28T10:00:00.000Z',
  remindedAt: '2026-11-28T11:00:00.000Z',
  pending: {
    '2026-11-28T10:00:00.000Z/DOWN': {
      change: {
        id: '2026-11-28T10:00:00.000Z/DOWN',
        kind: 'DOWN',
        name: 'api',
        url: key.url,
        from: 'up',
        to: 'down',
        reason: 'HTTP 503, expected 200-299',
        since: '2026-11-28T10:00:00.000Z',
        previousSince: '2026-11-27T08:00:00.000Z',
        duration: 93600
      },
      claim: 'run-1',
      leaseUntil: '2026-11-28T10:03:00.000Z'
    }
  },
  notifiedAt: '2026-11-28T09:00:00.000Z',
  assumed: true,
  version: 0
}

async function stores(): Promise<[string, StateStore][]> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-state-')), 'state.json')
  return [
    ['DynamoDB', new DynamoDbStateStore(client, await createTable())],
    ['the state file', new FileStateStore(file)]
  ]
}

describe.each([['DynamoDB'], ['the state file']])('%s', which => {
  const open = async () => (await stores()).find(([name]) => name === which)![1]

  it('reads back every attribute it was given, and removes the ones a later state drops', async () => {
    const store = await open()
    const { version: _, ...first } = full
    expect(await store.commit([{ key, next: first }])).toEqual(new Set())
    const read = (await store.read([key])).get(keyOf(key))
    expect(read).toEqual({ ...first, version: 1 })

    const { reason: __, streakSince: ___, remindedAt: ____, ...fewer } = read!
    const later: StoredState = {
      ...fewer,
      state: 'up',
      announced: 'up',
      pending: {},
      failures: 0,
      successes: 0
    }
    expect(await store.commit([{ key, previous: read, next: later }])).toEqual(new Set())
    expect((await store.read([key])).get(keyOf(key))).toEqual({ ...later, version: 2 })
  })

  it('stores an attribute added to the state without being told about it', async () => {
    const store = await open()
    const { version: _, ...first } = full
    const grown = { ...first, history: { days: [{ day: '2026-11-28', downMs: 3_600_000 }] } }
    await store.commit([{ key, next: grown }])
    expect((await store.read([key])).get(keyOf(key))).toEqual({ ...grown, version: 1 })
  })

  it('loses a write when the item changed since it was read', async () => {
    const store = await open()
    const { version: _, ...first } = full
    await store.commit([{ key, next: first }])
    const read = (await store.read([key])).get(keyOf(key))!
    await store.commit([{ key, previous: read, next: { ...read, failures: 3 } }])
    expect(await store.commit([{ key, previous: read, next: { ...read, failures: 4 } }])).toEqual(
      new Set([keyOf(key)])
    )
    expect((await store.read([key])).get(keyOf(key))).toMatchObject({ failures: 3, version: 2 })
  })
})

describe('DynamoDB items other tools wrote', () => {
  it('keeps attributes upwatch does not own, and the legacy status beside its own state', async () => {
    const table = await createTable()
    const store = new DynamoDbStateStore(client, table)
    await documents.send(
      new PutCommand({ TableName: table, Item: { ...key, status: false, owner: 'team-a', runbook: 42 } })
    )
    const read = (await store.read([key])).get(keyOf(key))!
    expect(read).toMatchObject({ state: 'down', announced: 'down', version: undefined })
    await store.commit([{ key, previous: read, next: { ...read, state: 'up', announced: 'up' } }])
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: key }))
    expect(Item).toMatchObject({ status: true, state: 'up', owner: 'team-a', runbook: 42, version: 1 })
  })
})
