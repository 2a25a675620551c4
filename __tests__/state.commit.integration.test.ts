// Two overlapping runs against DynamoDB Local, one of them making a steady target's hourly history write (found
// by a review). Before history, a run that saw the target steady wrote nothing, and the run that saw it go down
// won its conditional write and mailed DOWN. With history the steady run's hourly write can win; the other run's
// write then loses, and it must decide again from what that run stored (state/commit.ts) instead of dropping
// its DOWN as if the other run had it. Two runs that both saw it go down still mail it once.
import { afterAll, describe, expect, it } from '@jest/globals'
import { phaseOf } from '../src/history/record.js'
import { deliver, outboxOf } from '../src/notify/outbox.js'
import { type Decided, reconcileAll, reconcileResult } from '../src/reconcile.js'
import { buildReport } from '../src/report/build.js'
import { commitDecided } from '../src/state/commit.js'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { type Health } from '../src/state/model.js'
import { keyOf } from '../src/targets/model.js'
import { createTable, dynamoClient } from './support/aws.js'
import { resultOf } from './support/results.js'
import { targetOf } from './support/targets.js'

const client = dynamoClient()
afterAll(() => client.destroy())

const MIN = 60_000
const iso = (at: number) => new Date(at).toISOString()
const web = targetOf('  - { name: web, url: "https://web.example.com/" }')
/** The start of one of web's own hours. */
const HOUR = Date.parse('2026-12-01T10:00:00Z') + phaseOf(web)

const contextOf = (runId: string, at: number) => ({ now: iso(at), runId, leaseMs: 180_000, history: true })

/** A run's pass: reads the state, decides on its check at `at`, and returns what it would write. */
async function pass(store: DynamoDbStateStore, runId: string, at: number, health: Health) {
  const { states } = await store.read([web])
  return reconcileAll([resultOf(web, at, health)], states, contextOf(runId, at))
}

/** Commits a run's decisions and mails them as a pass does, deciding again what lost; the kinds it mails. */
async function commit(store: DynamoDbStateStore, runId: string, decisions: Decided[]): Promise<string[]> {
  return (await committed(store, runId, decisions)).mailed
}

/** commit, with the state the run's report (summary, outputs, page) gives web. */
async function committed(store: DynamoDbStateStore, runId: string, decisions: Decided[]) {
  const run = await written(store, runId, decisions)
  // Mailed at once, as a pass does: what is sent leaves the outbox.
  return { mailed: await run.send(), reported: run.reported }
}

/** A run's writes, decided again where they lost, with `send` to mail its outbox (the kinds it mails). */
async function written(store: DynamoDbStateStore, runId: string, decisions: Decided[]) {
  const decided = decisions.filter(decision => decision.write)
  const { redecided, lost } = await commitDecided(store, decided, (decision, stored) =>
    reconcileResult(decision.result, stored, contextOf(runId, Date.parse(decision.result.checkedAt)))
  )
  const latest = (decision: Decided) => redecided.get(keyOf(decision.key)) ?? decision
  const outbox = outboxOf(
    decided.map(latest).filter(decision => decision.write),
    lost,
    runId
  )
  const send = async () => {
    if (outbox.length > 0) await deliver(outbox, () => Promise.resolve(), store, runId)
    return outbox.map(entry => entry.change.kind)
  }
  return { send, reported: buildReport(decisions.map(latest), lost, false).targets[0].state }
}

const stored = async (store: DynamoDbStateStore) => [...(await store.read([web])).states.values()][0]

describe('two overlapping runs, one making the hourly history write', () => {
  it('do not lose the DOWN that the other run saw', async () => {
    const store = new DynamoDbStateStore(client, await createTable())
    // Seen up, then steady: its item was last written at the start of its hour.
    const first = await pass(store, 'first', HOUR + MIN, 'up')
    await store.commit(first.filter(decision => decision.write))

    // An hour on, two runs overlap: A checks web a moment before it fails and sees it up (its hour has turned,
    // so it writes the history); B checks it failing.
    const [a, b] = await Promise.all([
      pass(store, 'A', HOUR + 61 * MIN, 'up'),
      pass(store, 'B', HOUR + 61 * MIN + 30_000, 'down')
    ])
    expect(a[0].write).toBe(true)
    expect(b[0].mail?.kind).toBe('DOWN')
    const mailed = [...(await commit(store, 'A', a)), ...(await commit(store, 'B', b))]
    // Five minutes on, web is back: nothing left to mail but the recovery.
    mailed.push(...(await commit(store, 'C', await pass(store, 'C', HOUR + 66 * MIN, 'up'))))
    const { states } = await store.read([web])
    const history = [...states.values()][0].history!

    // The outage B saw is mailed once, and is in the history.
    expect(mailed).toEqual(['DOWN', 'RECOVERED'])
    expect(history.incidents).toHaveLength(1)
  })

  it('mail a DOWN both saw once', async () => {
    const store = new DynamoDbStateStore(client, await createTable())
    await commit(store, 'first', await pass(store, 'first', HOUR + MIN, 'up'))
    const [a, b] = await Promise.all([
      pass(store, 'A', HOUR + 61 * MIN, 'down'),
      pass(store, 'B', HOUR + 61 * MIN + 30_000, 'down')
    ])
    const mailed = [...(await commit(store, 'A', a)), ...(await commit(store, 'B', b))]
    expect(mailed).toEqual(['DOWN'])
  })
})

// The run that writes second may hold the earlier check. Laid over the later one, it would mail a change and
// then its undoing, for a target that changed once (found by CI: DOWN, RECOVERED, DOWN for a target that went
// down for good).
describe('two overlapping runs, the later check written first', () => {
  it('mail what the later check saw, and not the earlier one over it', async () => {
    const store = new DynamoDbStateStore(client, await createTable())
    await commit(store, 'first', await pass(store, 'first', HOUR + MIN, 'up'))
    // A checks web while it still answers, B a moment after it went down for good; B writes first.
    const [a, b] = await Promise.all([
      pass(store, 'A', HOUR + 61 * MIN, 'up'),
      pass(store, 'B', HOUR + 61 * MIN + 30_000, 'down')
    ])
    const mailed = await commit(store, 'B', b)
    const { mailed: byA, reported } = await committed(store, 'A', a)
    // The next pass sees web down, as B left it: nothing more to say.
    mailed.push(...byA, ...(await commit(store, 'C', await pass(store, 'C', HOUR + 66 * MIN, 'down'))))
    const item = await stored(store)

    expect(mailed).toEqual(['DOWN'])
    expect([item.state, item.checkedAt]).toEqual(['down', iso(HOUR + 61 * MIN + 30_000)])
    // A's summary, outputs and page show web as the table holds it, not as A's older check saw it.
    expect(reported).toBe('down')
  })

  it('mail what the earlier check saw when the later one could not have: DOWN and then RECOVERED', async () => {
    const store = new DynamoDbStateStore(client, await createTable())
    await commit(store, 'first', await pass(store, 'first', HOUR + MIN, 'up'))
    // B finds web down at 61:00; A, at 61:30, back up, and A's hourly write lands first (found by a review: a
    // rule that left B's write to the later check dropped this outage for good).
    const [b, a] = await Promise.all([
      pass(store, 'B', HOUR + 61 * MIN, 'down'),
      pass(store, 'A', HOUR + 61 * MIN + 30_000, 'up')
    ])
    expect([a[0].write, b[0].mail?.kind]).toEqual([true, 'DOWN'])
    const mailed = [...(await commit(store, 'A', a)), ...(await commit(store, 'B', b))]
    mailed.push(...(await commit(store, 'C', await pass(store, 'C', HOUR + 66 * MIN, 'up'))))

    expect([mailed, (await stored(store)).history!.incidents.length]).toEqual([['DOWN', 'RECOVERED'], 1])
  })

  it('lay a later check over an earlier one, and mail what changed between them', async () => {
    const store = new DynamoDbStateStore(client, await createTable())
    await commit(store, 'first', await pass(store, 'first', HOUR + MIN, 'up'))
    // B sees web down and writes first; A checks it later, back up, and its write loses to B's.
    const [b, a] = await Promise.all([
      pass(store, 'B', HOUR + 61 * MIN, 'down'),
      pass(store, 'A', HOUR + 61 * MIN + 30_000, 'up')
    ])
    const mailed = [...(await commit(store, 'B', b)), ...(await commit(store, 'A', a))]
    const item = await stored(store)

    expect(mailed).toEqual(['DOWN', 'RECOVERED'])
    expect([item.state, item.checkedAt]).toEqual(['up', iso(HOUR + 61 * MIN + 30_000)])
  })
})

// The run that stored a change sends it at the end of its pass, after every write: an overlapping run that
// decides a later change from that item may be ready to send it first (found by CI: RECOVERED, then DOWN).
describe('two overlapping runs, the one that stored the outage slower to send it', () => {
  it('mail DOWN before RECOVERED: the recovery waits for the next run', async () => {
    const store = new DynamoDbStateStore(client, await createTable())
    await commit(store, 'first', await pass(store, 'first', HOUR + MIN, 'up'))
    const [b, a] = await Promise.all([
      pass(store, 'B', HOUR + 61 * MIN, 'down'),
      pass(store, 'A', HOUR + 61 * MIN + 30_000, 'up')
    ])
    // B writes its DOWN; A's write loses, and A decides the recovery from B's item before B has sent the DOWN.
    const byB = await written(store, 'B', b)
    const byA = await committed(store, 'A', a)
    const mailed: string[] = [...byA.mailed, ...(await byB.send())]
    mailed.push(...(await commit(store, 'C', await pass(store, 'C', HOUR + 66 * MIN, 'up'))))
    const item = await stored(store)

    expect([byA.reported, mailed]).toEqual(['up', ['DOWN', 'RECOVERED']])
    expect([item.state, item.announced, item.pending, item.history!.incidents.length]).toEqual([
      'up',
      'up',
      {},
      1
    ])
  })
})

// main.ts reads the state while the checks are under way: a check can end before the read returns with what an
// overlapping run wrote from a later check. No write is lost, and the older check must still not be laid over
// the later one (found by a review).
describe('a run whose read returns an item written from a later check', () => {
  it('mails DOWN once for a target that went down once', async () => {
    const store = new DynamoDbStateStore(client, await createTable())
    await commit(store, 'first', await pass(store, 'first', HOUR + MIN, 'up'))
    const mailed = await commit(store, 'A', await pass(store, 'A', HOUR + 61 * MIN + 30_000, 'down'))
    // B's check ended at 61:00, before A's, but its read came after A's write.
    const { mailed: byB, reported } = await committed(
      store,
      'B',
      await pass(store, 'B', HOUR + 61 * MIN, 'up')
    )
    mailed.push(...byB, ...(await commit(store, 'C', await pass(store, 'C', HOUR + 66 * MIN, 'down'))))

    expect([mailed, reported]).toEqual([['DOWN'], 'down'])
  })

  it('takes no order from a time ahead of the clock', async () => {
    const store = new DynamoDbStateStore(client, await createTable())
    await commit(store, 'first', await pass(store, 'first', HOUR + MIN, 'up'))
    // Written by a runner whose clock ran a day ahead: web down since then, checked then.
    const [decision] = await pass(store, 'A', HOUR + 2 * MIN, 'up')
    const tomorrow = iso(HOUR + 26 * 60 * MIN)
    const ahead = {
      ...decision.previous!,
      state: 'down' as const,
      since: tomorrow,
      announced: 'down' as const,
      announcedSince: tomorrow,
      checkedAt: tomorrow
    }
    await store.commit([{ key: web, previous: decision.previous, next: ahead }])
    // Today's checks are not older than that: web is seen back up.
    const mailed = await commit(store, 'B', await pass(store, 'B', HOUR + 61 * MIN, 'up'))

    expect(mailed).toEqual(['RECOVERED'])
  })
})
