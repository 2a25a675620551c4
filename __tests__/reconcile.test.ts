import { describe, expect, it } from '@jest/globals'
import { claimedBy, reconcile, type Observation } from '../src/reconcile.js'
import { type Health, type StoredState } from '../src/state/model.js'

const T0 = '2026-11-28T10:00:00.000Z'
const NOW = '2026-11-28T12:30:00.000Z'
const context = { now: NOW, runId: 'run-b', leaseMs: 180_000 }
const REASONS: Record<Health, string> = {
  up: 'HTTP 200',
  down: 'HTTP 503, expected 200-299',
  degraded: 'HTTP 200, slow: 1.2s, max-latency 800ms'
}
const observed = (health: Health): Observation => ({
  name: 'api',
  url: 'https://api.example',
  health,
  reason: REASONS[health],
  checkedAt: NOW
})
const up = (ok: boolean): Observation => observed(ok ? 'up' : 'down')
const stored = (state: Partial<StoredState>): StoredState => ({
  state: 'up',
  since: T0,
  failures: 0,
  successes: 1,
  pending: {},
  version: 3,
  ...state
})

describe('reconcile', () => {
  const down = stored({ state: 'down', failures: 1, successes: 0, reason: 'x' })
  const degraded = stored({ state: 'degraded', reason: 'slow' })
  it.each([
    // [case, previous, observed, change (from -> to) or null, write]
    ['first sight, up: recorded silently', undefined, 'up', null, true],
    ['first sight, down: mailed', undefined, 'down', [null, 'down'], true],
    ['first sight, degraded: mailed', undefined, 'degraded', [null, 'degraded'], true],
    ['up, still up: nothing', stored({}), 'up', null, false],
    ['up, now down: mailed', stored({}), 'down', ['up', 'down'], true],
    ['up, now degraded: mailed', stored({}), 'degraded', ['up', 'degraded'], true],
    ['down, still down: nothing', down, 'down', null, false],
    ['down, now up: mailed', down, 'up', ['down', 'up'], true],
    ['down, now degraded: mailed', down, 'degraded', ['down', 'degraded'], true],
    ['degraded, still degraded: nothing', degraded, 'degraded', null, false],
    ['degraded, now down: mailed', degraded, 'down', ['degraded', 'down'], true],
    ['degraded, now up: mailed', degraded, 'up', ['degraded', 'up'], true],
    [
      'legacy item up, still up: written once to gain the attributes',
      stored({ version: undefined, since: undefined }),
      'up',
      null,
      true
    ],
    [
      'legacy item down, still down: no mail',
      stored({ state: 'down', version: undefined, since: undefined }),
      'down',
      null,
      true
    ]
  ] as const)('%s', (_, previous, health, change, write) => {
    const decision = reconcile(previous, observed(health), context)
    expect(decision.change ? [decision.change.from, decision.change.to] : null).toEqual(change)
    expect(decision.write).toBe(write)
    expect(decision.next.state).toBe(health)
  })

  it('measures how long the previous state lasted and keeps when it began', () => {
    const { change, next } = reconcile(
      stored({ state: 'down', reason: 'timeout after 10s' }),
      up(true),
      context
    )
    expect(change).toMatchObject({
      from: 'down',
      to: 'up',
      duration: 9000,
      previousSince: T0,
      since: NOW,
      reason: 'HTTP 200'
    })
    expect(next).toMatchObject({ state: 'up', since: NOW, failures: 0, successes: 1, reason: undefined })
  })

  it('keeps the reason and start of an outage while it lasts, whatever the later reasons', () => {
    const previous = stored({
      state: 'down',
      since: T0,
      failures: 1,
      successes: 0,
      reason: 'connection refused'
    })
    const { next, write } = reconcile(previous, { ...up(false), reason: 'timeout after 10s' }, context)
    expect(next).toMatchObject({ since: T0, reason: 'connection refused' })
    expect(write).toBe(false)
  })

  it('stores a new change as pending, claimed by this run for the lease', () => {
    const { change, next } = reconcile(stored({}), up(false), context)
    expect(next.pending[change!.id]).toEqual({
      change,
      claim: 'run-b',
      leaseUntil: '2026-11-28T12:33:00.000Z'
    })
    expect(claimedBy(next, 'run-b')).toEqual([change])
  })

  /** A target down, with its outage still pending under another run's claim until `leaseUntil`. */
  const downWithPending = (leaseUntil: string) => {
    const entry = { change: reconcile(stored({}), up(false), context).change!, claim: 'run-a', leaseUntil }
    const previous = stored({
      state: 'down',
      reason: 'x',
      failures: 1,
      successes: 0,
      pending: { [entry.change.id]: entry }
    })
    return { entry, previous }
  }

  it('leaves a pending change alone while another run holds its lease', () => {
    const { previous } = downWithPending('2026-11-28T12:31:00.000Z')
    const decision = reconcile(previous, up(false), context)
    expect(decision.write).toBe(false)
    expect(claimedBy(decision.next, 'run-b')).toEqual([])
  })

  it('takes over a pending change whose lease has run out (a failed publish, or a run that died)', () => {
    const { entry, previous } = downWithPending('1970-01-01T00:00:00.000Z')
    const decision = reconcile(previous, up(false), context)
    expect(decision.write).toBe(true)
    expect(claimedBy(decision.next, 'run-b')).toEqual([entry.change])
    expect(decision.change).toBeUndefined()
  })

  it('keeps an unsent outage beside the recovery that follows it, so both are mailed in order', () => {
    const down = reconcile(stored({}), up(false), { ...context, now: T0 })
    const released = {
      ...down.next,
      pending: { [down.change!.id]: { ...down.next.pending[down.change!.id], leaseUntil: T0 } }
    }
    const decision = reconcile(released, up(true), context)
    expect(claimedBy(decision.next, 'run-b').map(change => change.to)).toEqual(['down', 'up'])
  })
})
