import { type LookupFunction } from 'node:net'
import { Agent } from 'undici'
import { type Health } from '../state/model.js'
import { type Target } from '../targets/model.js'
import { retry } from '../retry.js'
import { probeHttp } from './http.js'
import { failureReason } from './reason.js'
import { probeTcp } from './tcp.js'
import { timedConnector } from './timing.js'

/** Where the time of an attempt went, in ms; null where it does not apply (no TLS, no answer). */
export interface Timings {
  connectMs: number | null
  tlsMs: number | null
  firstByteMs: number | null
  totalMs: number
}

/** What one attempt at a target found. */
export interface Attempt {
  health: Health
  /** HTTP status code; null for TCP and for failures before a response. */
  status: number | null
  latencyMs: number
  /** `HTTP 200`, `HTTP 503, expected 200-299`, `timeout after 10s`, `connection refused`… */
  reason: string
  timings: Timings
}

/** What a pass found for a target: its last attempt, and when. */
export interface ProbeResult extends Attempt {
  target: Target
  attempts: number
  checkedAt: string
}

/** How probes reach the network: the system's resolver and trusted CAs, unless a test passes its own. */
export interface Network {
  lookup?: LookupFunction
  /** Certificates to trust instead of the system's (PEM). */
  ca?: string[]
}

/** Thrown inside the retry loop so that a failed attempt is tried again; carries what it found. */
class FailedAttempt extends Error {
  constructor(readonly attempt: Attempt) {
    super(attempt.reason)
  }
}

/**
 * Probes every target, at most `concurrency` at once, through one shared dispatcher (and one more for
 * targets that skip TLS verification). Each target gets 1 + retries attempts with a short full-jitter
 * backoff between them; only a down result is tried again. Results come back in target order.
 */
export async function probeAll(
  targets: Target[],
  concurrency: number,
  network: Network = {},
  first?: (target: Target) => boolean
): Promise<ProbeResult[]> {
  const dispatchers = new Map<boolean, Agent>()
  const dispatcher = (insecure: boolean) => {
    let agent = dispatchers.get(insecure)
    if (!agent) {
      agent = new Agent({ connect: timedConnector({ ...network, rejectUnauthorized: !insecure }) })
      dispatchers.set(insecure, agent)
    }
    return agent
  }
  try {
    return await mapLimit(
      targets,
      concurrency,
      target =>
        probe(target, () =>
          target.protocol === 'tcp'
            ? probeTcp(target, network.lookup)
            : probeHttp(target, dispatcher(target.insecure))
        ),
      first
    )
  } finally {
    // The pass is over: sockets left open by endless bodies or silent servers must not hold the process.
    await Promise.all([...dispatchers.values()].map(agent => agent.destroy()))
  }
}

async function probe(target: Target, attemptOnce: () => Promise<Attempt>): Promise<ProbeResult> {
  let attempts = 0
  let found: Attempt
  try {
    found = await retry(
      async () => {
        attempts++
        const attempt = await failureAsAttempt(attemptOnce)
        if (attempt.health === 'down') throw new FailedAttempt(attempt)
        return attempt
      },
      { attempts: target.retries + 1, baseDelayMs: 250, maxDelayMs: 1000 }
    )
  } catch (error) {
    found = (error as FailedAttempt).attempt
  }
  return { ...found, target, attempts, checkedAt: new Date().toISOString() }
}

/** A network failure as a down attempt with its reason. */
async function failureAsAttempt(attemptOnce: () => Promise<Attempt>): Promise<Attempt> {
  const started = performance.now()
  try {
    return await attemptOnce()
  } catch (error) {
    const totalMs = Math.round(performance.now() - started)
    return {
      health: 'down',
      status: null,
      latencyMs: totalMs,
      reason: failureReason(error),
      timings: { connectMs: null, tlsMs: null, firstByteMs: null, totalMs }
    }
  }
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. Items that
 * `first` picks start before the others: probes of targets that were down (the slow ones, ending at their
 * timeout) start early instead of holding up the end of the pass.
 */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  first: (item: T) => boolean = () => false
): Promise<R[]> {
  const results = new Array<R>(items.length)
  const order = items.map((_, index) => index)
  const queue = [
    ...order.filter(index => first(items[index])),
    ...order.filter(index => !first(items[index]))
  ]
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      results[index] = await fn(items[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
