// A first sight in a few calls: targets never seen that are up go to DynamoDB Local in batches of 25 INSERTs,
// each conditional on the item not existing; what the table was too busy for is sent again until every item
// lands; a first sight with a mail keeps its conditional update and outbox; and two runs that overlap on a
// first sight, one seeing a target down and the other up, mail each change once whichever writes first.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { deliver, outboxOf } from '../src/notify/outbox.js'
import { reconcile, type Decided } from '../src/reconcile.js'
import { UserError } from '../src/errors.js'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { type Change, type Health } from '../src/state/model.js'
import { type Reading } from '../src/state/store.js'
import { keyOf, type TargetKey } from '../src/targets/model.js'
import { CREDENTIALS, REGION, countingProxy, createTable, type CountingProxy } from './support/aws.js'

let proxy: CountingProxy
let client: DynamoDBClient

beforeAll(async () => {
  proxy = await countingProxy()
  client = new DynamoDBClient({ region: REGION, endpoint: proxy.endpoint, credentials: CREDENTIALS })
})

afterAll(async () => {
  client.destroy()
  await proxy.close()
})

/** The waits of the store's own backoff, taken at once. */
const waits: number[] = []
const noWait = (ms: number) => {
  waits.push(ms)
  return Promise.resolve()
}

/** What `run` resolves to, and the runner's log while it ran (the store's debug lines on each retry). */
async function logged<T>(run: () => Promise<T>): Promise<{ result: T; log: string[] }> {
  let text = ''
  // Kept to be put back as it was, never called without its stream.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const write = process.stdout.write
  process.stdout.write = (chunk: string | Uint8Array) => {
    text += chunk.toString()
    return true
  }
  try {
    const result = await run()
    return { result, log: text.split('\n').filter(Boolean) }
  } finally {
    process.stdout.write = write
  }
}

async function openStore(): Promise<{ store: DynamoDbStateStore; table: string }> {
  const table = await createTable()
  return { store: new DynamoDbStateStore(client, table, noWait), table }
}

const targets = (count: number): TargetKey[] =>
  Array.from({ length: count }, (_, i) => ({ url: `https://t${i}.example.com/health`, name: `t${i}` }))

const policy = { failureThreshold: 1, successThreshold: 1, notifyDegraded: true, maintenance: [] }
const NOW = '2026-11-29T08:00:00.000Z'

/** What a run decides for `keys` from what it read, seeing each target as `health` says. */
function decide(
  reading: Reading,
  keys: TargetKey[],
  health: (index: number) => Health,
  runId: string,
  now = NOW
): Decided[] {
  return keys.map((key, index) => {
    const seen = health(index)
    const observation = {
      ...key,
      health: seen,
      reason: seen === 'down' ? 'HTTP 503, expected 200-299' : 'HTTP 200',
      checkedAt: now
    }
    const decision = reconcile(reading.states.get(keyOf(key)), observation, policy, {
      now,
      runId,
      leaseMs: 180_000
    })
    // The probe result is the report's; the store and the outbox do not read it.
    return { key, ...decision } as Decided
  })
}

/**
 * The rest of a run after its decisions, as main.ts has it: commit what changed, publish the outbox (here:
 * into `mailed`), settle it. Returns the keys whose write was lost.
 */
async function commitAndMail(
  store: DynamoDbStateStore,
  decisions: Decided[],
  runId: string,
  mailed: Change[]
): Promise<Set<string>> {
  const writes = decisions.filter(decision => decision.write)
  const lost = await store.commit(writes)
  const outbox = outboxOf(writes, lost, runId)
  await deliver(
    outbox,
    () => {
      mailed.push(...outbox.map(entry => entry.change))
      return Promise.resolve()
    },
    store,
    runId
  )
  return lost
}

const up = () => 'up' as const

describe('a first sight of targets that are up', () => {
  it('writes 60 targets in 3 calls of 25 INSERTs, each item as the conditional update would have written it', async () => {
    const { store, table } = await openStore()
    const keys = targets(60)
    const decisions = decide(await store.read(keys), keys, up, 'run-1')
    proxy.reset()
    expect(await store.commit(decisions)).toEqual(new Set())
    expect(proxy.calls()).toEqual({ BatchExecuteStatement: 3 })
    const statements = proxy
      .requests()
      .flatMap(request => (request.body as { Statements: { Statement: string }[] }).Statements)
    expect(statements.map(statement => statement.Statement.split(' VALUE ')[0])).toEqual(
      Array(60).fill(`INSERT INTO "${table}"`)
    )

    const { states, problems } = await store.read(keys)
    expect(problems).toEqual([])
    for (const [index, key] of keys.entries())
      expect(states.get(keyOf(key))).toEqual({ ...decisions[index].next, version: 1 })
    expect(states.get(keyOf(keys[0]))).toMatchObject({ state: 'up', since: NOW, pending: {} })
    expect(states.get(keyOf(keys[0]))).not.toHaveProperty('assumed')

    proxy.reset()
    const steady = decide(await store.read(keys), keys, up, 'run-2', '2026-11-29T08:05:00.000Z')
    expect(steady.filter(decision => decision.write)).toEqual([])
    expect(proxy.calls()).toEqual({ BatchGetItem: 1 })
  })

  it('lands every item when the batch calls are throttled: whole calls, and statements within them', async () => {
    const { store, table } = await openStore()
    const keys = targets(60)
    const decisions = decide(await store.read(keys), keys, up, 'run-1')
    proxy.reset()
    waits.length = 0
    // The first two calls are refused whole (the SDK sends them again), the next two come back with
    // statements the table was too busy for (the store sends those again, with backoff).
    proxy.inject(
      'BatchExecuteStatement',
      'throttle',
      'throttle',
      { unprocessed: 10 },
      { unprocessed: 25, code: 'ThrottlingError' }
    )
    const { result: lost, log } = await logged(() => store.commit(decisions))
    expect(lost).toEqual(new Set())
    expect(log).toEqual([
      expect.stringMatching(
        new RegExp(
          `^::debug::BatchExecuteStatement on ${table}: attempt 1 failed \\(Error: BatchExecuteStatement left 10 unprocessed\\); trying again in \\d+ ms$`
        )
      ),
      expect.stringMatching(/attempt \d failed \(Error: BatchExecuteStatement left \d+ unprocessed\)/)
    ])
    const { states } = await store.read(keys)
    expect(keys.filter(key => states.get(keyOf(key))?.version !== 1)).toEqual([])
    // 3 batches, 2 of their calls refused whole and 2 of their statements sent again.
    expect(proxy.calls()).toEqual({ BatchExecuteStatement: 3 + 2 + 2, BatchGetItem: 1 })
    expect(waits).toHaveLength(2)
  })

  it('reads every item when BatchGetItem leaves keys unprocessed', async () => {
    const { store } = await openStore()
    const keys = targets(100)
    await store.commit(decide(await store.read(keys), keys, up, 'run-1'))
    proxy.reset()
    waits.length = 0
    // 60 of 100 left, then all 60 of them, then 30: four calls in all.
    proxy.inject('BatchGetItem', { unprocessed: 60 }, { unprocessed: 100 }, { unprocessed: 30 })
    const { result, log } = await logged(() => store.read(keys))
    expect([result.states.size, result.problems]).toEqual([100, []])
    expect(log.map(line => /left (\d+) unprocessed/.exec(line)?.[1])).toEqual(['60', '60', '30'])
    expect(proxy.calls()).toEqual({ BatchGetItem: 4 })
    expect(waits).toHaveLength(3)
  })

  it('fails with the target and the cause when a statement fails for good, and when the table stays busy', async () => {
    const { store, table } = await openStore()
    const keys = targets(3)
    const decisions = decide(await store.read(keys), keys, up, 'run-1')
    proxy.reset()
    proxy.inject('BatchExecuteStatement', { unprocessed: 1, code: 'AccessDenied' })
    const denied = await store.commit(decisions).catch((error: unknown) => error)
    expect(denied).toBeInstanceOf(UserError)
    expect((denied as UserError).message).toBe(
      `Could not write the state of t0 to the DynamoDB table ${table}: access denied (AccessDenied: ` +
        'AccessDenied (injected)). Grant the role the permission named there; the README lists what upwatch needs.'
    )

    proxy.reset()
    proxy.inject('BatchExecuteStatement', ...Array<{ unprocessed: number }>(8).fill({ unprocessed: 1 }))
    const { result: busy } = await logged(() =>
      openStore().then(({ store }) => store.commit(decisions).catch((error: unknown) => error))
    )
    expect((busy as UserError).message).toMatch(
      /^Could not write the state of 3 targets seen for the first time to the DynamoDB table \S+: Error: BatchExecuteStatement left 1 unprocessed after 8 attempts \(the table is throttled\)\.$/
    )
    expect(proxy.calls()).toEqual({ BatchExecuteStatement: 8 })
  })
})

describe('a first sight with something to mail', () => {
  it('is a conditional update that carries its outbox, beside the batch of the others', async () => {
    const { store } = await openStore()
    const keys = targets(30)
    const decisions = decide(await store.read(keys), keys, index => (index === 7 ? 'down' : 'up'), 'run-1')
    proxy.reset()
    const mailed: Change[] = []
    expect(await commitAndMail(store, decisions, 'run-1', mailed)).toEqual(new Set())
    expect(mailed.map(change => [change.name, change.kind, change.from])).toEqual([['t7', 'DOWN', null]])
    // 29 in two batches; t7 in one update, and one more that records its mail as sent.
    expect(proxy.calls()).toEqual({ BatchExecuteStatement: 2, UpdateItem: 2 })
    const [update] = proxy.requests().filter(request => request.operation === 'UpdateItem')
    expect(update.body).toMatchObject({
      Key: { name: { S: 't7' } },
      ConditionExpression: 'attribute_not_exists(#url)'
    })
    expect(JSON.stringify(update.body)).toContain(`"${mailed[0].id}"`)
    const inserted = proxy
      .requests()
      .filter(request => request.operation === 'BatchExecuteStatement')
      .flatMap(request => (request.body as { Statements: { Statement: string }[] }).Statements)
    expect(inserted).toHaveLength(29)

    const { states } = await store.read(keys)
    expect(states.get(keyOf(keys[7]))).toMatchObject({ state: 'down', announced: 'down', pending: {} })
  })
})

describe('two runs that overlap on a first sight', () => {
  it.each([
    ['the run that saw it down writes first', ['a', 'b']],
    ['the run that saw it up writes first', ['b', 'a']]
  ])('mail each change once when %s', async (_, order) => {
    const { store } = await openStore()
    const [key] = targets(1)
    // Both read before either writes. A saw the target down, B saw it up a moment later; it stays up.
    const [readA, readB] = await Promise.all([store.read([key]), store.read([key])])
    const runs = {
      a: decide(readA, [key], () => 'down', 'run-a'),
      b: decide(readB, [key], up, 'run-b')
    }
    const mailed: Change[] = []
    const lost: Record<string, Set<string>> = {}
    for (const run of order as ('a' | 'b')[])
      lost[run] = await commitAndMail(store, runs[run], `run-${run}`, mailed)
    expect([lost[order[0]].size, lost[order[1]].size]).toEqual([0, 1])

    const later = '2026-11-29T08:05:00.000Z'
    await commitAndMail(store, decide(await store.read([key]), [key], up, 'run-c', later), 'run-c', mailed)
    // Seen down first and written: DOWN, then its recovery. Seen up first: the blip was never recorded, so
    // nothing was announced and nothing needs taking back.
    expect(mailed.map(change => change.kind)).toEqual(order[0] === 'a' ? ['DOWN', 'RECOVERED'] : [])
    expect((await store.read([key])).states.get(keyOf(key))).toMatchObject({
      state: 'up',
      announced: 'up',
      pending: {}
    })
  })

  it('mail each change once when they write at the same time, over 200 targets seen apart', async () => {
    const { store } = await openStore()
    const keys = targets(200)
    const [readA, readB] = await Promise.all([store.read(keys), store.read(keys)])
    // A saw the even targets down and the odd ones up; B, a moment later, the other way round. B is right.
    const b = (index: number): Health => (index % 2 === 0 ? 'up' : 'down')
    const a = (index: number): Health => (b(index) === 'up' ? 'down' : 'up')
    const mailed: Change[] = []
    const [lostA, lostB] = await Promise.all([
      commitAndMail(store, decide(readA, keys, a, 'run-a'), 'run-a', mailed),
      commitAndMail(store, decide(readB, keys, b, 'run-b'), 'run-b', mailed)
    ])
    // Every target was written by exactly one of them.
    expect(keys.filter(key => lostA.has(keyOf(key)) === lostB.has(keyOf(key)))).toEqual([])

    const later = '2026-11-29T08:05:00.000Z'
    await commitAndMail(store, decide(await store.read(keys), keys, b, 'run-c', later), 'run-c', mailed)
    await commitAndMail(
      store,
      decide(await store.read(keys), keys, b, 'run-d', '2026-11-29T08:10:00.000Z'),
      'run-d',
      mailed
    )

    // Down now (odd): one DOWN, from B if it wrote first, else from the next run. Up now (even): nothing if B
    // wrote first; if A did, the DOWN it saw and its one recovery.
    const expected = keys.map((key, index) =>
      b(index) === 'down' ? ['DOWN'] : lostB.has(keyOf(key)) ? ['DOWN', 'RECOVERED'] : []
    )
    const mails = keys.map(key =>
      mailed.filter(change => change.name === key.name).map(change => change.kind)
    )
    expect(mails).toEqual(expected)
    expect(lostA.size).toBeGreaterThan(0)
    expect(lostB.size).toBeGreaterThan(0)
    const { states } = await store.read(keys)
    for (const [index, key] of keys.entries())
      expect(states.get(keyOf(key))).toMatchObject({ state: b(index), announced: b(index), pending: {} })
  })
})
