import { type ProbeResult } from '../probes/model.js'
import { type Decided } from '../reconcile.js'
import { type StoredState } from '../state/model.js'
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
    targets: decisions.map(({ result, next }) => targetReport(result, next, redactor))
  }
}

/**
 * The report of an inconclusive pass: what the probes saw, but each target in the state it keeps, since
 * nothing was changed.
 */
export function inconclusiveReport(
  results: ProbeResult[],
  stored: (result: ProbeResult) => StoredState | undefined,
  doubt: string,
  dryRun: boolean,
  redactor: Redactor
): Report {
  return {
    dryRun,
    inconclusive: redactor.redact(doubt),
    changes: [],
    targets: results.map(result => targetReport(result, stored(result), redactor))
  }
}

/** A target's line: in its stored state, or, for one never seen, as it was found. */
function targetReport(result: ProbeResult, state: StoredState | undefined, redactor: Redactor) {
  return {
    name: result.target.name,
    url: redactor.redact(result.target.url),
    state: state?.state ?? result.health,
    status: result.status,
    latencyMs: result.latencyMs,
    timings: result.timings,
    reason: redactor.redact(result.reason),
    since: state?.since
  }
}
