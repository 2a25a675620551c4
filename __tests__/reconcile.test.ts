// The state machine as tables of cases: every transition, threshold, reminder and window edge.
import { describe, expect, it } from '@jest/globals'
import { type Window } from '../src/maintenance.js'
import { claimedBy, reconcile, UNCLAIMED, type Decision } from '../src/reconcile.js'
import { type Health, type StoredState } from '../src/state/model.js'
import { type Policy } from '../src/targets/model.js'

const T0 = Date.parse('2026-11-28T10:00:00.000Z')
const MIN = 60_000
const iso = (minutes: number) => new Date(T0 + minutes * MIN).toISOString()
const REASONS: Record<Health, string> = {
  up: 'HTTP 200',
  down: 'HTTP 503, expected 200-299',
  degraded: 'HTTP 200, slow: 1.2s, max-latency 800ms'
}
const policyOf = (overrides: Partial<Policy> = {}): Policy => ({
  failureThreshold: 1,
  successThreshold: 1,
  notifyDegraded: true,
  maintenance: [],
  ...overrides
})

/** One pass at `minutes` after T0, seeing `health`. */
function pass(
  previous: StoredState | undefined,
  health: Health,
  minutes: number,
  policy = policyOf(),
  runId = 'run'
) {
  const now = iso(minutes)
  return reconcile(
    previous,
    { name: 'api', url: 'https://api.example', health, reason: REASONS[health], checkedAt: now },
    policy,
    { now, runId, leaseMs: 3 * MIN }
  )
}

/** What the store keeps after a pass whose mail was sent: version bumped, outbox emptied. */
function stored(decision: Decision): StoredState {
  return {
    ...decision.next,
    pending: {},
    version: (decision.previous?.version ?? 0) + (decision.write ? 1 : 0)
  }
}

/**
 * Passes one after another (health at minutes), each mail sent; returns, per pass, the confirmed change
 * (from>to), the mail (its kind) and the state.
 */
function sequence(steps: [Health, number][], policy = policyOf(), start?: StoredState) {
  let state = start
  return steps.map(([health, minutes]) => {
    const decision = pass(state, health, minutes, policy)
    state = stored(decision)
    return {
      change: decision.change ? `${decision.change.from}>${decision.change.to}` : null,
      mail: decision.mail?.kind ?? null,
      state: decision.next.state,
      write: decision.write
    }
  })
}

const settled = (health: Health, policy = policyOf()) =>
  stored(pass(stored(pass(undefined, 'up', -60, policy)), health, -30, policy))

describe('transitions, thresholds 1/1', () => {
  it.each([
    // [case, state before (undefined: never seen), observed, change, mail, written]
    ['first sight, up: recorded silently', undefined, 'up', null, null, true],
    ['first sight, down: mailed', undefined, 'down', 'null>down', 'DOWN', true],
    ['first sight, degraded: mailed', undefined, 'degraded', 'null>degraded', 'DEGRADED', true],
    ['up, still up: nothing written', 'up', 'up', null, null, false],
    ['up, now down', 'up', 'down', 'up>down', 'DOWN', true],
    ['up, now degraded', 'up', 'degraded', 'up>degraded', 'DEGRADED', true],
    ['down, still down: nothing written', 'down', 'down', null, null, false],
    ['down, now up', 'down', 'up', 'down>up', 'RECOVERED', true],
    [
      'down, now degraded: a recovery, still degraded',
      'down',
      'degraded',
      'down>degraded',
      'RECOVERED',
      true
    ],
    ['degraded, still degraded: nothing written', 'degraded', 'degraded', null, null, false],
    ['degraded, now down', 'degraded', 'down', 'degraded>down', 'DOWN', true],
    ['degraded, now up', 'degraded', 'up', 'degraded>up', 'RECOVERED', true]
  ] as const)('%s', (_, before, observed, change, mail, write) => {
    const previous = before === undefined ? undefined : settled(before)
    const decision = pass(previous, observed, 0)
    expect(decision.change ? `${decision.change.from}>${decision.change.to}` : null).toBe(change)
    expect(decision.mail?.kind ?? null).toBe(mail)
    expect(decision.write).toBe(write)
    expect(decision.next.state).toBe(observed)
  })

  it.each([
    // with notify-degraded: false, degraded reads as up in mail
    ['up, now degraded: not mailed', 'up', 'degraded', null],
    ['degraded, now up: not mailed', 'degraded', 'up', null],
    ['degraded, now down: mailed', 'degraded', 'down', 'DOWN'],
    ['down, now degraded: mailed as recovered', 'down', 'degraded', 'RECOVERED']
  ] as const)('notify-degraded false: %s', (_, before, observed, mail) => {
    const policy = policyOf({ notifyDegraded: false })
    const decision = pass(settled(before, policy), observed, 0, policy)
    expect(decision.change?.to).toBe(observed)
    expect(decision.mail?.kind ?? null).toBe(mail)
  })

  it('gives a recovery the downtime, from the first failure to the first success', () => {
    const down = stored(pass(settled('up'), 'down', 0))
    const { change, mail } = pass(down, 'up', 72)
    expect(change).toMatchObject({
      from: 'down',
      to: 'up',
      since: iso(72),
      previousSince: iso(0),
      duration: 72 * 60
    })
    expect(mail).toMatchObject({ kind: 'RECOVERED', duration: 72 * 60, previousSince: iso(0) })
  })

  it('keeps the reason and start of an outage while it lasts, whatever the later reasons', () => {
    const down = stored(pass(settled('up'), 'down', 0))
    const decision = reconcile(
      down,
      {
        name: 'api',
        url: 'https://api.example',
        health: 'down',
        reason: 'timeout after 10s',
        checkedAt: iso(5)
      },
      policyOf(),
      { now: iso(5), runId: 'run', leaseMs: 3 * MIN }
    )
    expect(decision.next).toMatchObject({ since: iso(0), reason: REASONS.down })
    expect(decision.write).toBe(false)
  })

  it('writes an item the legacy Lambda made once, to give it every attribute, and mails nothing', () => {
    const legacy: StoredState = { state: 'down', failures: 0, successes: 0, pending: {}, announced: 'down' }
    const decision = pass(legacy, 'down', 0)
    expect([decision.write, decision.mail]).toEqual([true, undefined])
  })
})

describe('first sight', () => {
  it('has nothing before it: no from, no duration, in the change and in the mail', () => {
    const decision = pass(undefined, 'down', 0)
    expect(decision.change).toMatchObject({ from: null, duration: null, previousSince: undefined })
    expect(decision.mail).toMatchObject({ from: null, duration: null, previousSince: undefined })
  })

  it('is still the first check when a threshold makes it wait: a target down from the start', () => {
    const policy = policyOf({ failureThreshold: 2 })
    const first = pass(undefined, 'down', 0, policy)
    expect([first.change, first.mail, first.next.assumed, first.next.since]).toEqual([
      undefined,
      undefined,
      true,
      undefined
    ])
    const second = pass(stored(first), 'down', 5, policy)
    expect(second.change).toMatchObject({ from: null, to: 'down', since: iso(0), duration: null })
    expect(second.mail).toMatchObject({ kind: 'DOWN', from: null, since: iso(0), duration: null })
    expect(second.next.assumed).toBeUndefined()
  })

  it('confirms an assumed up when a pass sees it up', () => {
    const policy = policyOf({ failureThreshold: 2 })
    const first = pass(undefined, 'down', 0, policy)
    const second = pass(stored(first), 'up', 5, policy)
    expect([second.change, second.mail, second.write]).toEqual([undefined, undefined, true])
    expect(second.next).toMatchObject({ state: 'up', since: iso(5), failures: 0 })
    expect(second.next.assumed).toBeUndefined()
    const down = pass(stored(second), 'down', 10, policyOf())
    expect(down.change).toMatchObject({ from: 'up', duration: 5 * 60 })
  })
})

describe('thresholds', () => {
  it('goes down after failure-threshold failed runs in a row, dated from the first', () => {
    const policy = policyOf({ failureThreshold: 3 })
    const steps = sequence(
      [
        ['up', 0],
        ['down', 5],
        ['down', 10],
        ['down', 15],
        ['down', 20]
      ],
      policy
    )
    expect(steps.map(step => [step.change, step.mail, step.state])).toEqual([
      [null, null, 'up'],
      [null, null, 'up'],
      [null, null, 'up'],
      ['up>down', 'DOWN', 'down'],
      [null, null, 'down']
    ])
    const third = pass(
      stored(pass(stored(pass(settled('up', policy), 'down', 5, policy)), 'down', 10, policy)),
      'down',
      15,
      policy
    )
    expect(third.mail).toMatchObject({ kind: 'DOWN', since: iso(5) })
  })

  it('starts counting again after a good run in between', () => {
    const steps = sequence(
      [
        ['up', 0],
        ['down', 5],
        ['up', 10],
        ['down', 15],
        ['down', 20]
      ],
      policyOf({ failureThreshold: 2 })
    )
    expect(steps.map(step => step.mail)).toEqual([null, null, null, null, 'DOWN'])
  })

  it('recovers after success-threshold good runs in a row', () => {
    const steps = sequence(
      [
        ['down', 0],
        ['up', 5],
        ['down', 10],
        ['up', 15],
        ['up', 20]
      ],
      policyOf({ successThreshold: 2 })
    )
    expect(steps.map(step => [step.mail, step.state])).toEqual([
      ['DOWN', 'down'],
      [null, 'down'],
      [null, 'down'],
      [null, 'down'],
      ['RECOVERED', 'up']
    ])
  })

  it('counts degraded then down as one run of failures, and lands on the latest', () => {
    const steps = sequence(
      [
        ['up', 0],
        ['degraded', 5],
        ['down', 10]
      ],
      policyOf({ failureThreshold: 2 })
    )
    expect(steps.map(step => step.change)).toEqual([null, null, 'up>down'])
  })

  it('writes the counters only when they change', () => {
    const steps = sequence(
      [
        ['down', 0],
        ['down', 5],
        ['down', 10]
      ],
      policyOf({ failureThreshold: 1 })
    )
    expect(steps.map(step => step.write)).toEqual([true, false, false])
  })
})

describe('reminders', () => {
  const policy = policyOf({ remindEveryMs: 6 * 60 * MIN })

  it('mails one reminder per interval while the target stays down, with the time down so far', () => {
    const minutes = [0, 359, 360, 365, 719, 720]
    let state = settled('up', policy)
    const mails = minutes.map(at => {
      const decision = pass(state, 'down', at, policy)
      state = stored(decision)
      return decision.mail && [decision.mail.kind, decision.mail.duration]
    })
    expect(mails).toEqual([
      ['DOWN', 60 * 60],
      undefined,
      ['REMINDER', 360 * 60],
      undefined,
      undefined,
      ['REMINDER', 720 * 60]
    ])
  })

  it('sends no reminder for degraded, and none after the recovery', () => {
    const steps = sequence(
      [
        ['degraded', 0],
        ['degraded', 400],
        ['down', 500],
        ['up', 600],
        ['up', 1200]
      ],
      policy
    )
    expect(steps.map(step => step.mail)).toEqual(['DEGRADED', null, 'DOWN', 'RECOVERED', null])
  })

  it('gives the reminder to one run only: both compute it from the same item, and one write wins', () => {
    const down = stored(pass(settled('up', policy), 'down', 0, policy))
    const [a, b] = [pass(down, 'down', 360, policy, 'run-a'), pass(down, 'down', 361, policy, 'run-b')]
    expect([a.mail?.kind, b.mail?.kind]).toEqual(['REMINDER', 'REMINDER'])
    // The store takes the first conditional write; the second was made from the same version and loses.
    expect(a.next.version).toBe(b.next.version)
    const after = stored(a)
    expect(pass(after, 'down', 362, policy).mail).toBeUndefined()
  })
})

describe('maintenance windows', () => {
  const window: Window = { kind: 'once', from: T0 + 10 * MIN, to: T0 + 70 * MIN }
  const policy = policyOf({ maintenance: [window] })

  it('mails nothing inside a window; a target still down when it ends is mailed then, dated from the outage', () => {
    let state = settled('up', policy)
    const log = [
      ['down', 10],
      ['down', 40],
      ['down', 69],
      ['down', 70],
      ['down', 75]
    ].map(([health, at]) => {
      const decision = pass(state, health as Health, at as number, policy)
      state = stored(decision)
      return [decision.change?.to ?? null, decision.mail?.kind ?? null, decision.mail?.since ?? null]
    })
    expect(log).toEqual([
      ['down', null, null],
      [null, null, null],
      [null, null, null],
      [null, 'DOWN', iso(10)],
      [null, null, null]
    ])
  })

  it('mails nothing for an outage that begins and ends inside a window', () => {
    const steps = sequence(
      [
        ['up', 0],
        ['down', 10],
        ['up', 40],
        ['up', 70]
      ],
      policy
    )
    expect(steps.map(step => [step.change, step.mail])).toEqual([
      [null, null],
      ['up>down', null],
      ['down>up', null],
      [null, null]
    ])
  })

  it('mails the recovery after the window of an outage mailed before it, with the whole downtime', () => {
    let state = settled('up', policy)
    const mails = [
      ['down', 5],
      ['up', 30],
      ['up', 70]
    ].map(([health, at]) => {
      const decision = pass(state, health as Health, at as number, policy)
      state = stored(decision)
      return decision.mail && [decision.mail.kind, decision.mail.duration]
    })
    expect(mails).toEqual([['DOWN', 65 * 60], undefined, ['RECOVERED', 25 * 60]])
  })

  it('holds reminders inside a window', () => {
    const reminding = policyOf({ remindEveryMs: 30 * MIN, maintenance: [window] })
    const steps = sequence(
      [
        ['down', 0],
        ['down', 40],
        ['down', 70]
      ],
      reminding
    )
    expect(steps.map(step => step.mail)).toEqual(['DOWN', null, 'REMINDER'])
  })
})

describe('the outbox', () => {
  it('stores the mail as pending, claimed by this run for the lease', () => {
    const { mail, next } = pass(settled('up'), 'down', 0)
    expect(next.pending[mail!.id]).toEqual({ change: mail, claim: 'run', leaseUntil: iso(3) })
    expect(claimedBy(next, 'run')).toEqual([mail])
  })

  it('leaves a pending mail alone while another run holds its lease, and takes it over once it has run out', () => {
    const first = pass(settled('up'), 'down', 0, policyOf(), 'run-a')
    const held = pass(first.next, 'down', 1, policyOf(), 'run-b')
    expect([held.write, claimedBy(held.next, 'run-b')]).toEqual([false, []])
    const expired = pass(first.next, 'down', 4, policyOf(), 'run-b')
    expect([expired.write, claimedBy(expired.next, 'run-b')]).toEqual([true, [first.mail]])
  })

  it('leaves a recovery to the next run while another run holds the outage, so that DOWN is mailed first', () => {
    // Run A stored the DOWN and is about to send it; run B, a minute later, sees the target back.
    const down = pass(settled('up'), 'down', 0, policyOf(), 'run-a')
    const back = pass(down.next, 'up', 1, policyOf(), 'run-b')
    expect([back.write, back.mail?.kind, claimedBy(back.next, 'run-b')]).toEqual([true, 'RECOVERED', []])
    expect(back.next.pending[back.mail!.id]).toEqual({
      change: back.mail,
      claim: UNCLAIMED,
      leaseUntil: iso(1)
    })
    // Before A's lease runs out the next run takes neither; A sent its DOWN and settled it, and C sends the rest.
    expect(claimedBy(pass(back.next, 'up', 2, policyOf(), 'run-c').next, 'run-c')).toEqual([])
    const sent = { ...back.next, pending: { [back.mail!.id]: back.next.pending[back.mail!.id] } }
    expect(claimedBy(pass(sent, 'up', 2, policyOf(), 'run-c').next, 'run-c')).toEqual([back.mail])
    // A never sent it: once its lease is out, one run sends both, in the order they happened.
    const both = pass(back.next, 'up', 4, policyOf(), 'run-c')
    expect(claimedBy(both.next, 'run-c').map(change => change.kind)).toEqual(['DOWN', 'RECOVERED'])
  })

  it('takes over no change that comes after one another run still holds', () => {
    const down = pass(settled('up'), 'down', 0, policyOf(), 'run-a')
    // A's DOWN again held by a fresh lease (run-x took it over after a release), behind it an expired recovery.
    const recovered = pass(down.next, 'up', 10, policyOf(), 'run-b')
    const pending = Object.fromEntries(
      Object.entries(recovered.next.pending).map(([id, entry]) => [
        id,
        entry.change.kind === 'DOWN'
          ? { ...entry, claim: 'run-x', leaseUntil: iso(13) }
          : { ...entry, leaseUntil: iso(10) }
      ])
    )
    const later = pass({ ...recovered.next, pending }, 'up', 11, policyOf(), 'run-c')
    expect([later.write, claimedBy(later.next, 'run-c')]).toEqual([false, []])
  })

  it('takes over an unclaimed change whatever the clock of the run that stored it (found by a review)', () => {
    const down = pass(settled('up'), 'down', 0, policyOf(), 'run-a')
    const back = pass(down.next, 'up', 1, policyOf(), 'run-b')
    // A sent its DOWN. B's pass time came after its check, or its runner's clock ran an hour fast.
    const recovery = back.next.pending[back.mail!.id]
    for (const storedAt of [2, 61]) {
      const pending = { [back.mail!.id]: { ...recovery, leaseUntil: iso(storedAt) } }
      const next = pass({ ...back.next, pending }, 'up', 1.5, policyOf(), 'run-c')
      expect([next.write, claimedBy(next.next, 'run-c')]).toEqual([true, [back.mail]])
    }
  })

  it('keeps an unsent outage beside the recovery that follows it, so both are mailed in order', () => {
    const down = pass(settled('up'), 'down', 0, policyOf(), 'run-a')
    const decision = pass(down.next, 'up', 10, policyOf(), 'run-b')
    expect(claimedBy(decision.next, 'run-b').map(change => change.kind)).toEqual(['DOWN', 'RECOVERED'])
  })
})
