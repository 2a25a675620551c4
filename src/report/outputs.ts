import * as core from '@actions/core'
import { Outputs } from '../constants.js'
import { changesWorstFirst, type Change } from '../state/model.js'
import { countByState, type Report, type TargetReport } from './model.js'

/** One object of the `changes` output. */
export type ChangeOutput = Pick<Change, 'name' | 'url' | 'from' | 'to' | 'reason' | 'since' | 'duration'>

/** One object of the `results` output. */
export type ResultOutput = Pick<
  TargetReport,
  'name' | 'url' | 'state' | 'observed' | 'status' | 'latencyMs' | 'reason' | 'timings'
>

/** The action's outputs: counts per state, this run's changes, and every target's result, as JSON. */
export function outputsOf(report: Report): Record<Outputs, string> {
  const counts = countByState(report.targets)
  return {
    [Outputs.Up]: String(counts.up),
    [Outputs.Down]: String(counts.down),
    [Outputs.Degraded]: String(counts.degraded),
    [Outputs.Inconclusive]: String(report.inconclusive !== undefined),
    [Outputs.Changes]: JSON.stringify(
      changesWorstFirst(report.changes).map(
        ({ name, url, from, to, reason, since, duration }): ChangeOutput => ({
          name,
          url,
          from,
          to,
          reason,
          since,
          duration
        })
      )
    ),
    [Outputs.Results]: JSON.stringify(
      report.targets.map(
        ({ name, url, state, observed, status, latencyMs, reason, timings }): ResultOutput => ({
          name,
          url,
          state,
          observed,
          status,
          latencyMs,
          reason,
          timings
        })
      )
    )
  }
}

export function setOutputs(report: Report): void {
  for (const [name, value] of Object.entries(outputsOf(report))) core.setOutput(name, value)
}
