import { usableHistory } from '../history/usable.js'
import { SPANS, type Span, uptimes } from '../history/uptime.js'
import { type ProbeResult } from '../probes/model.js'
import { type Decided } from '../reconcile.js'
import { type StoredState } from '../state/model.js'
import { keyOf } from '../targets/model.js'
import { describeOpinion } from '../vantages/judge.js'
import { type SecondOpinion } from '../vantages/model.js'
import { type Report, type TargetReport, type UptimePercents } from './model.js'

/**
 * The report of a pass from its decisions. Changes whose write was lost to an overlapping run are left out:
 * that run reports them. Reasons come redacted from the probes; names and URLs are shown as written.
 */
export function buildReport(decisions: Decided[], lost: Set<string>, dryRun: boolean): Report {
  return {
    dryRun,
    changes: decisions.flatMap(({ change, key }) => (change && !lost.has(keyOf(key)) ? [change] : [])),
    targets: decisions.map(({ result, next }) => targetReport(result, next))
  }
}

/**
 * The report of an inconclusive pass: each target in the state it keeps, since nothing was changed, beside
 * what this run's check found.
 */
export function inconclusiveReport(
  results: ProbeResult[],
  stored: (result: ProbeResult) => StoredState | undefined,
  doubt: string,
  dryRun: boolean
): Report {
  return {
    dryRun,
    inconclusive: doubt,
    changes: [],
    targets: results.map(result => targetReport(result, stored(result)))
  }
}

function targetReport(result: ProbeResult, state: StoredState | undefined): TargetReport {
  const { group } = result.target
  return {
    name: result.target.name,
    ...(group !== undefined && { group }),
    url: result.target.url,
    state: state?.state ?? null,
    observed: result.health,
    status: result.status,
    latencyMs: result.latencyMs,
    timings: result.timings,
    reason: result.reason,
    since: state?.since,
    ...(result.opinion && { places: placesOf(result.opinion, state) }),
    uptime: uptimeOf(state, result)
  }
}

/** The target's uptime at its check, from its history with the time since its last fold given to its state. */
function uptimeOf(state: StoredState | undefined, result: ProbeResult): UptimePercents {
  const spans = Object.keys(SPANS) as Span[]
  const now = Date.parse(result.checkedAt)
  const history = usableHistory(state?.history, state, now)
  if (state === undefined || history === undefined)
    return Object.fromEntries(spans.map(span => [span, null])) as UptimePercents
  const figures = uptimes(history, state, now, result.target.policy.maintenance)
  return Object.fromEntries(
    figures.map(({ span, percent }) => [
      span,
      percent === null ? null : Math.floor(percent * 100 + 1e-9) / 100
    ])
  ) as UptimePercents
}

/**
 * The places' sentence; for a dispute kept while no vantage gave a verdict (reconcile.ts), what it was kept as,
 * since the sentence alone would read as a DOWN.
 */
function placesOf(opinion: SecondOpinion, state: StoredState | undefined): string {
  const sentence = describeOpinion(opinion)
  const kept = opinion.unanswered && state?.runnerOnly !== undefined && state.state !== 'down'
  return kept ? `kept as failing only from the runner, as the vantages last said; ${sentence}` : sentence
}
