// The state stores keep exactly what reconcile decided: every attribute of a state goes through DynamoDB Local
// (and the state file) and comes back equal, including one the store has never heard of.
import { type AttributeValue, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { GetCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { UserError } from '../src/errors.js'
import { encodeHistory } from '../src/history/codec.js'
import { foldHistory } from '../src/history/fold.js'
import { reconcile } from '../src/reconcile.js'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { FileStateStore } from '../src/state/file.js'
import { type Health, type StoredState } from '../src/state/model.js'
import { type Reading, type StateStore } from '../src/state/store.js'
import { keyOf } from '../src/targets/model.js'
import { createTable, dynamoClient } from './support/aws.js'

const client = dynamoClient()
const documents = DynamoDBDocumentClient.from(client)
afterAll(() => client.destroy())

const key = { url: 'https://api.example.com/health', name: 'api' }

/** A history with a day of rollups, a latency sample and an open incident. */
const history = foldHistory(
  undefined,
  {
    before: { state: 'up', since: '2026-11-27T08:00:00.000Z' },
    after: { state: 'down', since: '2026-11-28T10:00:00.000Z', reason: 'HTTP 503, expected 200-299' },
    latencyMs: 80,
    now: Date.parse('2026-11-28T10:05:00.000Z')
  },
  []
)

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
  checkedAt: '2026-11-28T11:05:00.321Z',
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
        duration: 93600,
        places: [
          { place: 'runner', health: 'down', reason: 'HTTP 503, expected 200-299' },
          { place: 'eu-west-1', health: 'down', reason: 'connection refused' },
          { place: 'ap-northeast-1', abstained: 'its deadline came before the check ended' }
        ]
      },
      claim: 'run-1',
      leaseUntil: '2026-11-28T10:03:00.000Z'
    }
  },
  notifiedAt: '2026-11-28T09:00:00.000Z',
  assumed: true,
  runnerOnly: { since: '2026-11-28T09:00:00.000Z', told: '2026-11-28T10:00:00.000Z', silent: 2 },
  confirmedBy: [
    { place: 'runner', health: 'down', reason: 'HTTP 503, expected 200-299' },
    { place: 'us-east-1', health: 'down', reason: 'HTTP 503, expected 200-299' }
  ],
  history,
  issue: {
    outage: '2026-11-28T10:00:00.000Z',
    number: 17,
    claim: 'run-1',
    leaseUntil: '2026-11-28T10:03:00.000Z',
    reminded: '2026-11-28T11:00:00.000Z'
  },
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
    const read = (await store.read([key])).states.get(keyOf(key))
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
    expect((await store.read([key])).states.get(keyOf(key))).toEqual({ ...later, version: 2 })
  })

  it('stores an attribute added to the state without being told about it', async () => {
    const store = await open()
    const { version: _, ...first } = full
    const grown = { ...first, labels: { days: [{ day: '2026-11-28', downMs: 3_600_000 }] } }
    await store.commit([{ key, next: grown }])
    expect((await store.read([key])).states.get(keyOf(key))).toEqual({ ...grown, version: 1 })
  })

  it('loses a write when the item changed since it was read', async () => {
    const store = await open()
    const { version: _, ...first } = full
    await store.commit([{ key, next: first }])
    const read = (await store.read([key])).states.get(keyOf(key))!
    await store.commit([{ key, previous: read, next: { ...read, failures: 3 } }])
    expect(await store.commit([{ key, previous: read, next: { ...read, failures: 4 } }])).toEqual(
      new Set([keyOf(key)])
    )
    expect((await store.read([key])).states.get(keyOf(key))).toMatchObject({ failures: 3, version: 2 })
  })
})

describe('DynamoDB items other tools wrote', () => {
  it('keeps attributes upwatch does not own, and the legacy status beside its own state', async () => {
    const table = await createTable()
    const store = new DynamoDbStateStore(client, table)
    await documents.send(
      new PutCommand({ TableName: table, Item: { ...key, status: false, owner: 'team-a', runbook: 42 } })
    )
    const read = (await store.read([key])).states.get(keyOf(key))!
    expect(read).toMatchObject({ state: 'down', announced: 'down' })
    expect(read).not.toHaveProperty('version')
    await store.commit([{ key, previous: read, next: { ...read, state: 'up', announced: 'up' } }])
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: key }))
    expect(Item).toMatchObject({ status: true, state: 'up', owner: 'team-a', runbook: 42, version: 1 })
  })
})

/** A DynamoDB item as a person or another tool may have left it; the low-level client writes any type. */
const raw = (attributes: Record<string, AttributeValue>) => ({
  url: { S: key.url },
  name: { S: key.name },
  ...attributes
})

/** `full` as written, and as stored at version 3; its one pending change is filed under its own id. */
const { version: _version, ...valid } = full
const stored = { ...valid, history: encodeHistory(history), version: 3 }
const [[changeId, pendingEntry]] = Object.entries(full.pending)

/**
 * Items that cannot be understood, each with the field its warning must name. Each one today either fails the
 * whole run (and so every other target's mail) or keeps its target from ever changing again.
 */
const MALFORMED: [string, Record<string, unknown>, string][] = [
  ['a since that is not a date', { ...stored, since: 'yesterday' }, 'since is "yesterday", not an ISO time'],
  ['a pending that is null', { ...stored, pending: null }, 'pending is null, not a map of pending changes'],
  [
    'a pending that is a list',
    { ...stored, pending: ['x'] },
    'pending is a list, not a map of pending changes'
  ],
  [
    'a pending entry missing its change',
    { ...stored, pending: { 'x/DOWN': { claim: 'run-1', leaseUntil: '2026-11-28T10:03:00.000Z' } } },
    'pending["x/DOWN"].change is missing, not a change'
  ],
  [
    'a pending change whose since is not a date',
    {
      ...stored,
      pending: {
        [changeId]: { ...pendingEntry, change: { ...pendingEntry.change, since: 'Sat, 28 Nov' } }
      }
    },
    `pending["${changeId}"].change.since is "Sat, 28 Nov", not an ISO time`
  ],
  [
    'a pending entry filed under another id than its change',
    { ...stored, pending: { other: pendingEntry } },
    `pending["other"] is filed under another id than its change's, "${changeId}"`
  ],
  [
    'a lease that is not a time',
    { ...stored, pending: { [changeId]: { ...pendingEntry, leaseUntil: 'soon' } } },
    `pending["${changeId}"].leaseUntil is "soon", not an ISO time`
  ],
  ['a state that is not up, down or degraded', { ...stored, state: 'DOWN' }, 'state is "DOWN", not up'],
  ['a version that is a string', { ...stored, version: '3' }, 'version is "3", not a number'],
  ['a version that is a map', { ...stored, version: { n: 3 } }, 'version is a map, not a number'],
  ['failures that is not a number', { ...stored, failures: 'two' }, 'failures is "two", not a count'],
  ['failures below zero', { ...stored, failures: -1 }, 'failures is -1, not a count'],
  ['an announced that is garbage', { ...stored, announced: 'maybe' }, 'announced is "maybe", not up'],
  ['a reason that is not text', { ...stored, reason: 503 }, 'reason is 503, not text'],
  ['a legacy status that is not true or false', { status: 'false' }, 'status is "false", not true or false']
]

const policy = { failureThreshold: 1, successThreshold: 1, notifyDegraded: true, maintenance: [] }
const passAt = (health: Health, now: string, runId: string) => ({
  observation: { ...key, health, reason: health === 'down' ? 'HTTP 503' : 'HTTP 200', checkedAt: now },
  context: { now, runId, leaseMs: 180_000 }
})

/** A store with `item` stored for `key` as it is, whatever it holds. */
async function storing(which: string, item: Record<string, unknown>): Promise<StateStore> {
  if (which === 'DynamoDB') {
    const table = await createTable()
    await documents.send(new PutCommand({ TableName: table, Item: { ...key, ...item } }))
    return new DynamoDbStateStore(client, table)
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-state-')), 'state.json')
  writeFileSync(file, JSON.stringify({ items: [{ ...key, ...item }] }))
  return new FileStateStore(file)
}

describe.each([['DynamoDB'], ['the state file']])('%s: an item that cannot be understood', which => {
  it.each(MALFORMED)('with %s is named in a warning and taken as first seen', async (_, item, fault) => {
    const store = await storing(which, item)
    const { states, problems } = await store.read([key])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(`"api" (${key.url})`)
    expect(problems[0]).toContain(fault)
    expect(problems[0]).toContain('taken as a target seen for the first time')
    expect(states.get(keyOf(key))).toMatchObject({
      state: 'up',
      announced: 'up',
      assumed: true,
      failures: 0,
      pending: {}
    })
  })

  it.each(MALFORMED)(
    'with %s is replaced by its next state, which mails its change once',
    async (_, item) => {
      const store = await storing(which, item)
      const previous = (await store.read([key])).states.get(keyOf(key))
      const { observation, context } = passAt('down', '2026-11-29T08:00:00.000Z', 'run-2')
      const decision = reconcile(previous, observation, policy, context)
      expect(decision.mail).toMatchObject({ kind: 'DOWN', from: null, to: 'down' })
      expect(await store.commit([{ key, ...decision }])).toEqual(new Set())

      const again = await store.read([key])
      expect(again.problems).toEqual([])
      const state = again.states.get(keyOf(key))!
      expect(state).toMatchObject({ state: 'down', since: observation.checkedAt, announced: 'down' })
      expect(Object.keys(state.pending)).toEqual([decision.mail!.id])
      // Mailed: the next pass, still down, mails nothing.
      await store.settle([{ key, changeIds: [decision.mail!.id] }], 'run-2', true, observation.checkedAt)
      const settled = (await store.read([key])).states.get(keyOf(key))!
      const later = passAt('down', '2026-11-29T08:05:00.000Z', 'run-3')
      expect(reconcile(settled, later.observation, policy, later.context).mail).toBeUndefined()
    }
  )

  it.each(MALFORMED)('with %s is replaced by one of two overlapping runs only', async (_, item) => {
    const store = await storing(which, item)
    const [first, second] = await Promise.all([store.read([key]), store.read([key])])
    const { observation, context } = passAt('down', '2026-11-29T08:00:00.000Z', 'run-a')
    const decide = (reading: Reading, runId: string) => ({
      key,
      ...reconcile(reading.states.get(keyOf(key)), observation, policy, { ...context, runId })
    })
    expect(await store.commit([decide(first, 'run-a')])).toEqual(new Set())
    expect(await store.commit([decide(second, 'run-b')])).toEqual(new Set([keyOf(key)]))
    const { pending } = (await store.read([key])).states.get(keyOf(key))!
    expect(Object.values(pending).map(entry => entry.claim)).toEqual(['run-a'])
  })

  it('with a pending change filed under __proto__ is named in a warning, as what it reads as', async () => {
    const entry = { ...pendingEntry, change: { ...pendingEntry.change, id: '__proto__' } }
    let store: StateStore
    if (which === 'DynamoDB') {
      // The document client cannot write such a map either: the low-level client can.
      const table = await createTable()
      const pending = { M: { ['__proto__']: { M: { claim: { S: 'run-1' } } } } }
      await client.send(new PutItemCommand({ TableName: table, Item: raw({ state: { S: 'up' }, pending }) }))
      store = new DynamoDbStateStore(client, table)
    } else {
      store = await storing(which, { ...stored, pending: { ['__proto__']: entry } })
    }
    const { states, problems } = await store.read([key])
    // JSON keeps the key; the SDK's reading of a map makes it the map's prototype.
    expect(problems).toEqual([
      expect.stringContaining(
        which === 'DynamoDB'
          ? 'pending is a map with a key __proto__, not a map of pending changes'
          : 'pending["__proto__"].change.id is "__proto__", not an id such as'
      )
    ])
    expect(states.get(keyOf(key))).toMatchObject({ assumed: true, pending: {} })
  })

  it('and an item that is fine are read apart: only the one is first seen', async () => {
    const store = await storing(which, { pending: null })
    const other = { url: 'https://web.example.com', name: 'web' }
    await store.commit([{ key: other, next: valid }])
    const { states, problems } = await store.read([key, other])
    expect(problems).toHaveLength(1)
    expect(states.get(keyOf(other))).toEqual({ ...valid, version: 1 })
  })
})

describe.each([['DynamoDB'], ['the state file']])('%s: a history that cannot be understood', which => {
  it('is named in a warning, and costs the target its history alone, not its state', async () => {
    const store = await storing(which, { ...stored, history: '1|not a history' })
    const { states, problems } = await store.read([key])
    expect(problems).toEqual([
      expect.stringMatching(
        /^The stored history of "api" \(https:\/\/api\.example\.com\/health\) in .* cannot be understood: history has fewer than 7 parts\. Its state is read as usual; its history starts afresh with this run's write\.$/
      )
    ])
    const { history: _, ...state } = stored
    expect(states.get(keyOf(key))).toEqual(state)
  })
})

describe('DynamoDB: replacing an item that cannot be understood', () => {
  it("removes upwatch's attributes the new state lacks, and keeps other tools' own", async () => {
    const table = await createTable()
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: { ...key, ...stored, state: 'DOWN', remindedAt: 'never', streakSince: 7, owner: 'team-a' }
      })
    )
    const store = new DynamoDbStateStore(client, table)
    const previous = (await store.read([key])).states.get(keyOf(key))
    const { observation, context } = passAt('up', '2026-11-29T08:00:00.000Z', 'run-2')
    const decision = reconcile(previous, observation, policy, context)
    expect(decision.mail).toBeUndefined()
    expect(await store.commit([{ key, ...decision }])).toEqual(new Set())
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: key }))
    expect(Item).toEqual({
      ...key,
      state: 'up',
      status: true,
      since: observation.checkedAt,
      announced: 'up',
      announcedSince: observation.checkedAt,
      checkedAt: observation.checkedAt,
      failures: 0,
      successes: 0,
      pending: {},
      owner: 'team-a',
      version: 4
    })
  })

  it("reads numbers too large for JavaScript: a count that is one is a fault, and another tool's is kept exact", async () => {
    const table = await createTable()
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: raw({
          state: { S: 'up' },
          failures: { N: '1e100' },
          ticket: { N: '123456789012345678901234567890' }
        })
      })
    )
    const store = new DynamoDbStateStore(client, table)
    const { states, problems } = await store.read([key])
    expect(problems).toEqual([expect.stringMatching(/failures is 1e\+?100, not a count/i)])
    const previous = states.get(keyOf(key))
    const { observation, context } = passAt('up', '2026-11-29T08:00:00.000Z', 'run-2')
    expect(await store.commit([{ key, ...reconcile(previous, observation, policy, context) }])).toEqual(
      new Set()
    )
    const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: raw({}) }))
    expect(Item).toMatchObject({ failures: { N: '0' }, ticket: { N: '123456789012345678901234567890' } })
  })

  /** Versions of every type but a number JavaScript holds; a map with a key the SDK cannot read back exactly. */
  const versions: [string, AttributeValue][] = [
    ['a list', { L: [{ N: '1' }] }],
    ['true', { BOOL: true }],
    ['null', { NULL: true }],
    ['a set', { SS: ['1', '2'] }],
    ['binary', { B: Uint8Array.from([1]) }],
    ['a number too large for JavaScript', { N: '1e100' }],
    ['a map with a key __proto__', { M: { ['__proto__']: { N: '1' } } }]
  ]

  it.each(versions)(
    'replaces an item whose version is %s, in one of two overlapping runs',
    async (_, version) => {
      const table = await createTable()
      await client.send(
        new PutItemCommand({ TableName: table, Item: raw({ state: { S: 'down' }, version }) })
      )
      const store = new DynamoDbStateStore(client, table)
      const [first, second] = await Promise.all([store.read([key]), store.read([key])])
      expect(first.problems).toEqual([expect.stringContaining('version is ')])
      const { observation, context } = passAt('up', '2026-11-29T08:00:00.000Z', 'run-2')
      const write = (reading: Reading) => ({
        key,
        ...reconcile(reading.states.get(keyOf(key)), observation, policy, context)
      })
      expect(await store.commit([write(first)])).toEqual(new Set())
      expect(await store.commit([write(second)])).toEqual(new Set([keyOf(key)]))
      expect((await store.read([key])).problems).toEqual([])
    }
  )

  it.each([
    ['a set', { SS: ['x'] }],
    ['empty binary', { B: new Uint8Array(0) }]
  ] satisfies [string, AttributeValue][])(
    'replaces a pending that is %s, which JSON would take for an empty map',
    async (_, pending) => {
      const table = await createTable()
      await client.send(new PutItemCommand({ TableName: table, Item: raw({ state: { S: 'up' }, pending }) }))
      const store = new DynamoDbStateStore(client, table)
      const previous = (await store.read([key])).states.get(keyOf(key))
      const { observation, context } = passAt('up', '2026-11-29T08:00:00.000Z', 'run-2')
      await store.commit([{ key, ...reconcile(previous, observation, policy, context) }])
      const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: raw({}) }))
      expect(Item?.pending).toEqual({ M: {} })
    }
  )

  it("leaves other tools' attributes as stored, even those the SDK cannot read back exactly", async () => {
    const table = await createTable()
    const other = { M: { ['__proto__']: { S: 'kept' }, plain: { N: '123456789012345678901234567890' } } }
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: raw({ state: { S: 'DOWN' }, version: { N: '4' }, other })
      })
    )
    const store = new DynamoDbStateStore(client, table)
    const previous = (await store.read([key])).states.get(keyOf(key))
    const { observation, context } = passAt('up', '2026-11-29T08:00:00.000Z', 'run-2')
    expect(await store.commit([{ key, ...reconcile(previous, observation, policy, context) }])).toEqual(
      new Set()
    )
    const { Item } = await client.send(new GetItemCommand({ TableName: table, Key: raw({}) }))
    expect(Item).toMatchObject({ state: { S: 'up' }, version: { N: '5' }, other })
  })
})

describe('the state file', () => {
  const folder = () => mkdtempSync(path.join(tmpdir(), 'upwatch-state-'))

  it('leaves no temporary file behind a write that was killed, once the next run has read it', async () => {
    const dir = folder()
    const file = path.join(dir, 'state.json')
    const store = new FileStateStore(file)
    await store.commit([{ key, next: valid }])
    // What writes killed before their rename leave: this version's, and the older one's, named by process.
    writeFileSync(`${file}.tmp`, '{"items": [{"url": "https://api.exa')
    writeFileSync(`${file}.4242.tmp`, '{"items": [')
    writeFileSync(path.join(dir, 'other.json.tmp'), 'not ours')
    const { states, problems } = await new FileStateStore(file).read([key])
    expect(problems).toEqual([])
    expect(states.get(keyOf(key))).toEqual({ ...valid, version: 1 })
    expect(readdirSync(dir).sort()).toEqual(['other.json.tmp', 'state.json'])
  })

  it('writes through one temporary file, and leaves none', async () => {
    const dir = folder()
    const file = path.join(dir, 'state.json')
    const store = new FileStateStore(file)
    writeFileSync(`${file}.tmp`, 'half')
    await store.commit([{ key, next: valid }])
    await store.settle([{ key, changeIds: [changeId] }], 'run-1', true, '2026-11-28T10:01:00.000Z')
    expect(readdirSync(dir)).toEqual(['state.json'])
  })

  it('warns of an item without a key, which no target owns, and reads the others', async () => {
    const file = path.join(folder(), 'state.json')
    writeFileSync(file, JSON.stringify({ items: [{ name: 'orphan', ...valid }, { ...key, ...stored }, 7] }))
    const { states, problems } = await new FileStateStore(file).read([key])
    expect(problems).toEqual([
      `Item 0 of the state file ${file} has no url and name, so no target owns it: it is left out, and dropped at the next write.`,
      `Item 2 of the state file ${file} has no url and name, so no target owns it: it is left out, and dropped at the next write.`
    ])
    expect(states.get(keyOf(key))).toEqual({ ...stored, history })
  })

  it.each([
    ['not JSON', '{"items": [', '(SyntaxError: '],
    ['JSON without a list of items', '{"items": {}}', '(it holds no list of items)'],
    ['a list', '[]', '(it holds no list of items)']
  ])('that is %s is an error that says to delete it', async (_, text, why) => {
    const file = path.join(folder(), 'state.json')
    writeFileSync(file, text)
    const error = await new FileStateStore(file).read([key]).then(
      () => undefined,
      (error: unknown) => error
    )
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toContain(`The state file ${file} is not valid upwatch state ${why}`)
    expect((error as UserError).message).toContain('Delete it to start afresh.')
  })
})
