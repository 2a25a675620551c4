// Two overlapping runs against DynamoDB Local, one of them making a steady target's hourly history write (found
// by a review). Before history, a run that saw the target steady wrote nothing, and the run that saw it go down
// won its conditional write and mailed DOWN. With history the steady run's hourly write can win; the other run's
// write then loses, and it must decide again from what that run stored (state/commit.ts) instead of dropping
// its DOWN as if the other run had it. Two runs that both saw it go down still mail it once.
import { afterAll, describe, expect, it } from '@jest/globals'
import { phaseOf } from '../src/history/record.js'
import { deliver, outboxOf } from '../src/notify/outbox.js'
import { type Decided, reconcileAll, reconcileResult } from '../src/reconcile.js'
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
  const decided = decisions.filter(decision => decision.write)
  const { redecided, lost } = await commitDecided(store, decided, (decision, stored) =>
    reconcileResult(decision.result, stored, contextOf(runId, Date.parse(decision.result.checkedAt)))
  )
  const writes = decided
    .map(decision => redecided.get(keyOf(decision.key)) ?? decision)
    .filter(decision => decision.write)
  // Mailed at once, as a pass does: what is sent leaves the outbox.
  const outbox = outboxOf(writes, lost, runId)
  if (outbox.length > 0) await deliver(outbox, () => Promise.resolve(), store, runId)
  return outbox.map(entry => entry.change.kind)
}

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
    const mailed = [...(await commit(store, 'B', b)), ...(await commit(store, 'A', a))]
    // The next pass sees web down, as B left it: nothing more to say.
    mailed.push(...(await commit(store, 'C', await pass(store, 'C', HOUR + 66 * MIN, 'down'))))
    const stored = [...(await store.read([web])).states.values()][0]

    expect(mailed).toEqual(['DOWN'])
    expect([stored.state, stored.checkedAt]).toEqual(['down', iso(HOUR + 61 * MIN + 30_000)])
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
    const stored = [...(await store.read([web])).states.values()][0]

    expect(mailed).toEqual(['DOWN', 'RECOVERED'])
    expect([stored.state, stored.checkedAt]).toEqual(['up', iso(HOUR + 61 * MIN + 30_000)])
  })
})
