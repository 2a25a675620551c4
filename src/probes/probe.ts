import { type Target } from '../targets/model.js'
import { type Front, mapLimit } from '../limit.js'
import { logRetries, retry } from '../retry.js'
import { Connections, passConnectors, type Pass } from './connections.js'
import { Deadline, LoopClock } from './deadline.js'
import { type Redact } from './expect.js'
import { probeHttp } from './http.js'
import { type Attempt, type Network, type ProbeResult } from './model.js'
import { failureReason, isSilent, ProbeTimeout } from './reason.js'
import { hostOf, passResolver, systemNames } from './resolve.js'
import { probeTcp } from './tcp.js'

/** Thrown inside the retry loop so that a failed attempt is tried again; carries what it found. */
class FailedAttempt extends Error {
  // How the retry log names it: `api: attempt 1 failed (down: connection refused); ...`.
  override name = 'down'

  constructor(readonly attempt: Attempt) {
    super(attempt.reason)
  }
}

/**
 * Checks started per turn of the event loop as a pass begins. Each takes about 0.3 ms of CPU to start (its
 * client, its connect): 1,000 in one turn held the loop for 300 ms or more, and every connection made meanwhile
 * waited that long to send its request, time a check's deadline then credits back (probes/deadline.ts): at
 * 1,000 targets, those that never answer took 2.5-2.8 s with a 2 s timeout, 2.1-2.3 s started 64 a turn.
 */
const RAMP_PER_TURN = 64

/**
 * Checks under way before the pass is told so (onUnderWay), and reads the list of the targets to start first:
 * loading the AWS client takes the CPU for a moment, which the first checks need not wait for, but with 4,096
 * in flight the whole ramp takes 1.5 to 2.5 s at 10,000 targets, too late for that list.
 */
const UNDER_WAY_AT = 1024

/** The backoff between the attempts at a target: short, since a pass waits for its slowest target. */
export const BACKOFF = { baseDelayMs: 250, maxDelayMs: 1000 }

/** How a pass runs, besides its network. */
export interface PassOptions {
  /** Targets to start before the others: those that were down, likely to run into their timeout. */
  first?: Front<Target>
  /** Hides secrets in text a server sent, before a reason quotes or cuts it. */
  redact?: Redact
  /** Where a line about each retried attempt goes (log.debug). */
  log?: (message: string) => void
  /** Told of each target's result as soon as it is final, while the rest of the pass goes on. */
  onResult?: (result: ProbeResult) => void
  /** Told once the first checks are under way: as many as the concurrency allows, or all. */
  onStarted?: () => void
  /** Told once the first 1,024 checks are under way (or all of the first wave, when fewer): before onStarted. */
  onUnderWay?: () => void
  /** The time a check ends at, its result's checkedAt (ms since the epoch): the system's unless a test moves it. */
  now?: () => number
}

/**
 * Probes every target, at most `concurrency` at once, with one resolver for the pass (probes/resolve.ts).
 * Each target gets 1 + retries attempts with a short full-jitter backoff between them; only a down result is
 * tried again. Results come back in target order.
 */
export async function probeAll(
  targets: Target[],
  concurrency: number,
  network: Network = {},
  {
    first,
    redact = text => text,
    log = () => undefined,
    onResult,
    onStarted,
    onUnderWay,
    now = Date.now
  }: PassOptions = {}
): Promise<ProbeResult[]> {
  const resolver = passResolver(network.names ?? (await systemNames()))
  const pass: Pass = {
    resolver,
    connectors: passConnectors(resolver, network.ca),
    redact,
    clock: new LoopClock()
  }
  try {
    const results = mapLimit(
      targets,
      concurrency,
      async target => {
        const result = await probe(target, pass, log, now)
        onResult?.(result)
        return result
      },
      {
        front: first,
        rampPerTurn: RAMP_PER_TURN,
        onRamped: onStarted,
        onUnderWay,
        underWayAt: UNDER_WAY_AT
      }
    )
    return await results
  } finally {
    // Lookups still in flight (a DNS server that never answers) must not hold the process.
    pass.resolver.close()
    pass.clock.close()
  }
}

async function probe(
  target: Target,
  pass: Pass,
  log: (message: string) => void,
  now: () => number
): Promise<ProbeResult> {
  let attempts = 0
  let found: Attempt
  try {
    found = await retry(
      async () => {
        attempts++
        const attempt = await attemptOnce(target, pass).catch((error: unknown) => broken(error, pass.redact))
        if (attempt.health === 'down') throw new FailedAttempt(attempt)
        return attempt
      },
      { attempts: target.retries + 1, ...BACKOFF, onRetry: logRetries(target.name, log) }
    )
  } catch (error) {
    found = error instanceof FailedAttempt ? error.attempt : broken(error, pass.redact)
  }
  return { ...found, target, attempts, checkedAt: new Date(now()).toISOString() }
}

/**
 * An attempt that threw where no network failure does (a check, input nothing foresaw): the target's reason,
 * so that one target's check never ends the pass for the others.
 */
function broken(error: unknown, redact: Redact): Attempt {
  const timings = { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0 }
  return {
    health: 'down',
    status: null,
    latencyMs: 0,
    reason: failureReason(error, redact),
    silent: false,
    timings
  }
}

/**
 * One attempt, timed from the moment its host's lookup is under way (probes/resolve.ts), and ended by the
 * target's timeout (on the target's time: probes/deadline.ts) in whatever phase it is: destroying the
 * attempt's sockets with the timeout ends what waits on them (a lookup, a connect, a TLS handshake, an answer
 * or its body, a TCP reply), with the timeout as the error. A network failure is a down attempt with its
 * reason and the timings of the phases that happened.
 */
async function attemptOnce(target: Target, pass: Pass): Promise<Attempt> {
  await pass.resolver.begin(hostOf(target.address))
  let timeUp: ProbeTimeout | undefined
  const deadline = new Deadline(target.timeoutMs, pass.clock, () => {
    timeUp = new ProbeTimeout(target.timeoutMs, connections.phase())
    connections.close(timeUp)
  })
  const connections = new Connections(pass, target.expect.certificateMs !== undefined, () => deadline.step())
  try {
    return target.protocol === 'tcp'
      ? await probeTcp(target, connections)
      : await probeHttp(target, connections, pass.redact)
  } catch (error) {
    // Once the time is up, whatever failed did so because of it.
    const cause: unknown = timeUp ?? error
    const timings = connections.timings()
    return {
      health: 'down',
      status: null,
      latencyMs: timings.totalMs,
      reason: failureReason(cause, pass.redact),
      silent: isSilent(cause, connections.connected()),
      timings
    }
  } finally {
    deadline.cancel()
    connections.close()
  }
}
