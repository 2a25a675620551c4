import * as core from '@actions/core'
import { Outputs } from '../constants.js'
import { changesWorstFirst } from '../state/model.js'
import { countByState, type Report } from './model.js'

/** The action's outputs: counts per state, this run's changes, and every target's result, as JSON. */
export function outputsOf(report: Report): Record<Outputs, string> {
  const counts = countByState(report.targets)
  return {
    [Outputs.Up]: String(counts.up),
    [Outputs.Down]: String(counts.down),
    [Outputs.Degraded]: String(counts.degraded),
    [Outputs.Inconclusive]: String(report.inconclusive !== undefined),
    [Outputs.Changes]: JSON.stringify(
      changesWorstFirst(report.changes).map(({ name, url, from, to, reason, since, duration }) => ({
        name,
        url,
        from,
        to,
        reason,
        since,
        duration
      }))
    ),
    [Outputs.Results]: JSON.stringify(
      report.targets.map(({ name, url, state, observed, status, latencyMs, reason, timings }) => ({
        name,
        url,
        state,
        observed,
        status,
        latencyMs,
        reason,
        timings
      }))
    )
  }
}

export function setOutputs(report: Report): void {
  for (const [name, value] of Object.entries(outputsOf(report))) core.setOutput(name, value)
}
