/**
 * The connectivity guard: a pass whose failures may be the runner's own network is inconclusive, and changes
 * nothing. Pure, over the pass's results.
 */

import { type ProbeResult } from './probes/model.js'

/**
 * Why the pass cannot be trusted, or undefined when it can. With a canary, its failure alone decides.
 * Without one, every target failing without an answer (no HTTP status) on two or more hosts is taken as the
 * runner's network failing, not all of them at once.
 */
export function connectivityDoubt(results: ProbeResult[], canary?: ProbeResult): string | undefined {
  if (canary)
    return canary.health === 'down' ? `the canary ${canary.target.url} failed (${canary.reason})` : undefined
  const hosts = new Set(results.map(result => new URL(result.target.address).host))
  const silent = results.every(result => result.health === 'down' && result.status === null)
  if (results.length === 0 || hosts.size < 2 || !silent) return undefined
  const reasons = [...new Set(results.map(result => result.reason))].slice(0, 3).join('; ')
  return `all ${results.length} targets on ${hosts.size} hosts failed without an answer (${reasons})`
}
