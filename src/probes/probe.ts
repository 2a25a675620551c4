import { Agent } from 'undici'
import { type Target } from '../targets/model.js'
import { mapLimit } from '../limit.js'
import { retry } from '../retry.js'
import { probeHttp } from './http.js'
import { type Attempt, type Network, type ProbeResult } from './model.js'
import { failureReason, isSilent } from './reason.js'
import { probeTcp } from './tcp.js'
import { timedConnector } from './timing.js'

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
      silent: isSilent(error),
      timings: { connectMs: null, tlsMs: null, firstByteMs: null, totalMs }
    }
  }
}
