/**
 * The connectivity guard: a pass whose failures may be the runner's own network is inconclusive, and changes
 * nothing. Pure, over the pass's results; the one check it may ask for (an address the runner must reach
 * anyway) is made by the caller.
 *
 * Only silent failures count against the runner (a DNS failure, a connect timeout, a network or host
 * unreachable): a refused or reset connection, a TLS error, an HTTP answer or a timeout after connecting
 * each prove that the path to that host works, so they are the target's own, and are mailed.
 */

import { type ProbeResult } from './probes/model.js'
import { type Target } from './targets/model.js'

/** Every target failed without a sign from its host: only then may the runner's network be to blame. */
export function allSilent(results: ProbeResult[]): boolean {
  return results.length > 0 && results.every(result => result.silent)
}

/**
 * Why the pass cannot be trusted, or undefined when it can.
 * - With a canary, it alone decides: the pass is in doubt when the canary failed silently. A canary that
 *   answered, even with an unexpected status (a 429 from a busy public site), shows the network works.
 * - Else, when every target failed silently, `reference` (the runner's own lifeline, the GitHub API) decides:
 *   if it answered, the runner's network works and the outage is real.
 * - Outside GitHub Actions there is no reference: silent failures on two or more hosts are taken as the
 *   runner's network failing, not all of those hosts at once.
 */
export function connectivityDoubt(
  results: ProbeResult[],
  canary?: ProbeResult,
  reference?: ProbeResult
): string | undefined {
  if (canary)
    return canary.silent
      ? `the canary ${canary.target.url} failed without an answer (${canary.reason})`
      : undefined
  if (!allSilent(results)) return undefined
  const reasons = [...new Set(results.map(result => result.reason))].slice(0, 3).join('; ')
  const all = results.length === 1 ? 'the one target' : `all ${results.length} targets`
  if (reference) {
    if (reference.status !== null) return undefined
    return (
      `${all} failed without an answer (${reasons}), and so did ${reference.target.url} ` +
      `(${reference.reason}), which the runner must reach`
    )
  }
  const hosts = new Set(results.map(result => new URL(result.target.address).hostname))
  if (hosts.size < 2) return undefined
  return `${all} on ${hosts.size} hosts failed without an answer (${reasons})`
}

/** How long the reference check may take: it comes after a pass that already waited for its timeouts. */
const REFERENCE_TIMEOUT_MS = 5000

/** The reference check as a target: any HTTP answer at all shows that the runner's network works. */
export function referenceTarget(url: string): Target {
  return {
    name: 'GitHub API',
    url,
    address: url,
    protocol: 'http',
    method: 'GET',
    headers: {},
    expect: { status: [{ min: 100, max: 599 }], json: [], headers: [] },
    followRedirects: 0,
    insecure: false,
    timeoutMs: REFERENCE_TIMEOUT_MS,
    retries: 1,
    policy: { failureThreshold: 1, successThreshold: 1, notifyDegraded: true, maintenance: [] }
  }
}
