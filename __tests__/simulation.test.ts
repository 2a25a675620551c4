// 100 passes of the policy (guard, thresholds, state machine) for the scenarios that make monitors noisy or
// silent, counting the mails a person would get with thresholds 1/1 and 2/2.
import { describe, expect, it } from '@jest/globals'
import { connectivityDoubt } from '../src/connectivity.js'
import { type ProbeResult } from '../src/probes/model.js'
import { reconcile } from '../src/reconcile.js'
import { type Health, type StoredState } from '../src/state/model.js'
import { targetOf } from './support/targets.js'

const PASSES = 100
const T0 = Date.parse('2026-11-28T00:00:00Z')
const FIVE_MINUTES = 5 * 60_000

/** What a target answered in a pass: a health, and whether there was an HTTP answer at all. */
type Answer = { health: Health; status: number | null; reason: string; silent: boolean }
const UP: Answer = { health: 'up', status: 200, reason: 'HTTP 200', silent: false }
const ERROR: Answer = { health: 'down', status: 503, reason: 'HTTP 503, expected 200-299', silent: false }
const NO_NETWORK: Answer = { health: 'down', status: null, reason: 'DNS lookup failed', silent: true }

/** Runs the passes and returns how many mails went out (one per pass that had anything to say). */
function simulate(subject: (pass: number) => Answer, others: (pass: number) => Answer, threshold: number) {
  const policy = `failure-threshold: ${threshold}, success-threshold: ${threshold}`
  const targets = ['subject', 'web', 'docs'].map(name =>
    targetOf(`  - { name: ${name}, url: "https://${name}.example", ${policy} }`)
  )
  const states = new Map<string, StoredState>()
  let mails = 0
  for (let pass = 0; pass < PASSES; pass++) {
    const now = new Date(T0 + pass * FIVE_MINUTES).toISOString()
    const results: ProbeResult[] = targets.map(target => {
      const answer = target.name === 'subject' ? subject(pass) : others(pass)
      return {
        ...answer,
        target,
        latencyMs: 50,
        timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 50 },
        attempts: 1,
        checkedAt: now
      }
    })
    if (connectivityDoubt(results)) continue
    let mailed = false
    for (const result of results) {
      const { name, url, policy: targetPolicy } = result.target
      const decision = reconcile(states.get(name), { name, url, ...result }, targetPolicy, {
        now,
        runId: `run-${pass}`,
        leaseMs: 180_000
      })
      // The mail is sent and the outbox emptied, as deliver() does.
      states.set(name, { ...decision.next, pending: {}, version: (decision.next.version ?? 0) + 1 })
      mailed ||= decision.mail !== undefined
    }
    if (mailed) mails++
  }
  return mails
}

/** Latency that creeps up over the passes, with a little deterministic noise: degraded, then timing out. */
function degrading(pass: number): Answer {
  const latency = 100 + 10 * pass + (((pass * 37) % 11) - 5) * 10
  if (latency > 1000) return { health: 'down', status: null, reason: 'timeout after 1s', silent: false }
  if (latency > 800)
    return {
      health: 'degraded',
      status: 200,
      reason: `HTTP 200, slow: ${latency}ms, max-latency 800ms`,
      silent: false
    }
  return UP
}

const SCENARIOS: [string, (pass: number) => Answer, (pass: number) => Answer][] = [
  ['a target flapping every pass', pass => (pass % 2 === 1 ? ERROR : UP), () => UP],
  ['a 3-pass outage', pass => (pass >= 50 && pass < 53 ? ERROR : UP), () => UP],
  ['a slow degradation', degrading, () => UP],
  [
    'a runner-network outage',
    pass => (pass >= 30 && pass < 35 ? NO_NETWORK : UP),
    pass => (pass >= 30 && pass < 35 ? NO_NETWORK : UP)
  ]
]

describe('100 passes', () => {
  const counts = SCENARIOS.map(
    ([name, subject, others]) => [name, simulate(subject, others, 1), simulate(subject, others, 2)] as const
  )

  it.each([
    ['a target flapping every pass', 99, 0],
    ['a 3-pass outage', 2, 2],
    ['a slow degradation', 8, 2],
    ['a runner-network outage', 0, 0]
  ])('%s: %d mails with thresholds 1/1, %d with 2/2', (name, oneOne, twoTwo) => {
    expect(counts.find(([scenario]) => scenario === name)?.slice(1)).toEqual([oneOne, twoTwo])
  })

  it('never mails more with 2/2 than with 1/1, and still mails a real outage', () => {
    for (const [, oneOne, twoTwo] of counts) expect(twoTwo).toBeLessThanOrEqual(oneOne)
    expect(counts.find(([name]) => name === 'a 3-pass outage')?.[2]).toBe(2)
  })
})
