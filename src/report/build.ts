import { type Decided } from '../reconcile.js'
import { type Redactor } from '../redact.js'
import { type Report } from './model.js'
import { keyOf } from '../targets/model.js'

/**
 * The report of a pass from its decisions, every text redacted. Changes whose write was lost to an
 * overlapping run are left out: that run reports them.
 */
export function buildReport(
  decisions: Decided[],
  lost: Set<string>,
  dryRun: boolean,
  redactor: Redactor
): Report {
  return {
    dryRun,
    changes: decisions.flatMap(({ change, key }) =>
      change && !lost.has(keyOf(key))
        ? [{ ...change, url: redactor.redact(change.url), reason: redactor.redact(change.reason) }]
        : []
    ),
    targets: decisions.map(({ result, next }) => ({
      name: result.target.name,
      url: redactor.redact(result.target.url),
      state: next.state,
      status: result.status,
      latencyMs: result.latencyMs,
      timings: result.timings,
      reason: redactor.redact(result.reason),
      since: next.since
    }))
  }
}
