import { Agent, type Dispatcher } from 'undici'
import { type Target } from '../targets/model.js'
import { retry } from '../retry.js'
import { probeHttp } from './http.js'
import { failureReason } from './reason.js'
import { probeTcp } from './tcp.js'

/** What one attempt at a target found. */
export interface Attempt {
  ok: boolean
  /** HTTP status code; null for TCP and for failures before a response. */
  status: number | null
  latencyMs: number
  /** `HTTP 200`, `HTTP 503, expected 200-299`, `timeout after 10s`, `connection refused`… */
  reason: string
}

/** What a pass found for a target: its last attempt, and when. */
export interface ProbeResult extends Attempt {
  target: Target
  attempts: number
  checkedAt: string
}

/** Thrown inside the retry loop so that a failed attempt is tried again; carries what it found. */
class FailedAttempt extends Error {
  constructor(readonly attempt: Attempt) {
    super(attempt.reason)
  }
}

/**
 * Probes every target, at most `concurrency` at once, through one shared dispatcher. Each target gets
 * 1 + retries attempts with a short full-jitter backoff between them; results come back in target order.
 */
export async function probeAll(targets: Target[], concurrency: number): Promise<ProbeResult[]> {
  const dispatcher = new Agent({ keepAliveTimeout: 1000 })
  try {
    return await mapLimit(targets, concurrency, target => probe(target, dispatcher))
  } finally {
    // The pass is over: sockets left open by endless bodies or silent servers must not hold the process.
    await dispatcher.destroy()
  }
}

export async function probe(target: Target, dispatcher: Dispatcher): Promise<ProbeResult> {
  let attempts = 0
  let found: Attempt
  try {
    found = await retry(
      async () => {
        attempts++
        const attempt = await attemptOnce(target, dispatcher)
        if (!attempt.ok) throw new FailedAttempt(attempt)
        return attempt
      },
      { attempts: target.retries + 1, baseDelayMs: 250, maxDelayMs: 1000 }
    )
  } catch (error) {
    found = (error as FailedAttempt).attempt
  }
  return { ...found, target, attempts, checkedAt: new Date().toISOString() }
}

async function attemptOnce(target: Target, dispatcher: Dispatcher): Promise<Attempt> {
  const started = performance.now()
  try {
    return await (target.protocol === 'tcp' ? probeTcp(target) : probeHttp(target, dispatcher))
  } catch (error) {
    return {
      ok: false,
      status: null,
      latencyMs: Math.round(performance.now() - started),
      reason: failureReason(error)
    }
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
