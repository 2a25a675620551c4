// Review of issue 13: two overlapping runs against DynamoDB Local, one of them making a steady target's hourly
// history write. Before history, a run that saw the target steady wrote nothing, and the run that saw it go down
// won its conditional write and mailed DOWN. Now the steady run's hourly write can win: the other run loses its
// write and drops its DOWN ("that run has it", but it has not), and if the target is back by the next pass the
// outage is never mailed and is in no history.
import { afterAll, describe, expect, it } from '@jest/globals'
import { phaseOf } from '../src/history/record.js'
import { outboxOf } from '../src/notify/outbox.js'
import { type ProbeResult } from '../src/probes/model.js'
import { reconcileAll } from '../src/reconcile.js'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { type Health } from '../src/state/model.js'
import { createTable, dynamoClient } from './support/aws.js'
import { targetOf } from './support/targets.js'

const client = dynamoClient()
afterAll(() => client.destroy())

const MIN = 60_000
const iso = (at: number) => new Date(at).toISOString()
const web = targetOf('  - { name: web, url: "https://web.example.com/" }')
/** The start of one of web's own hours. */
const HOUR = Date.parse('2026-12-01T10:00:00Z') + phaseOf(web)

function resultOf(at: number, health: Health): ProbeResult {
  return {
    target: web,
    health,
    status: health === 'down' ? 503 : 200,
    reason: health === 'down' ? 'HTTP 503, expected 200-299' : 'HTTP 200',
    latencyMs: 80,
    timings: { dnsMs: null, connectMs: 1, tlsMs: null, firstByteMs: 79, totalMs: 80 },
    silent: false,
    attempts: 1,
    checkedAt: iso(at)
  }
}

/** A run's pass: reads the state, decides on its check at `at`, and returns what it would write. */
async function pass(store: DynamoDbStateStore, runId: string, at: number, health: Health) {
  const { states } = await store.read([web])
  const context = { now: iso(at), runId, leaseMs: 180_000, history: true }
  return reconcileAll([resultOf(at, health)], states, context)
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
    const mailed: string[] = []
    for (const [runId, decisions] of [['A', a], ['B', b]] as const) {
      const writes = decisions.filter(decision => decision.write)
      const lost = await store.commit(writes)
      for (const entry of outboxOf(writes, lost, runId)) mailed.push(entry.change.kind)
    }
    // Five minutes on, web is back: nothing left to mail.
    const c = await pass(store, 'C', HOUR + 66 * MIN, 'up')
    const writes = c.filter(decision => decision.write)
    const lost = await store.commit(writes)
    for (const entry of outboxOf(writes, lost, 'C')) mailed.push(entry.change.kind)
    const { states } = await store.read([web])
    const history = [...states.values()][0].history!

    // The outage B saw is mailed once, and is in the history.
    expect(mailed).toContain('DOWN')
    expect(history.incidents).toHaveLength(1)
  })
})
