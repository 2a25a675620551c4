import * as core from '@actions/core'
import { Outputs } from '../constants.js'
import { changesWorstFirst, type Change } from '../state/model.js'
import { byAttention, countByState, type Report, type TargetReport } from './model.js'
import { OUTPUT_BUDGET, Room } from './size.js'

/** One object of the `changes` output. */
export type ChangeOutput = Pick<Change, 'name' | 'url' | 'from' | 'to' | 'reason' | 'since' | 'duration'>

/** One object of the `results` output; `group` only for a target that has one. */
export type ResultOutput = Pick<
  TargetReport,
  | 'name'
  | 'group'
  | 'url'
  | 'state'
  | 'observed'
  | 'status'
  | 'latencyMs'
  | 'reason'
  | 'places'
  | 'timings'
  | 'uptime'
>

/** What the file that `results-file` names holds: every result and every change, complete. */
export interface ResultsFile {
  results: ResultOutput[]
  changes: ChangeOutput[]
}

/**
 * Every result and every change, in the order of the outputs: the targets that need attention first (down,
 * degraded, held back by a threshold, changed), then the steady ones, each part worst first; changes worst first.
 */
export function resultsFileOf(report: Report): ResultsFile {
  const { attention, steady } = byAttention(report)
  return {
    results: [...attention, ...steady].map(
      ({
        name,
        group,
        url,
        state,
        observed,
        status,
        latencyMs,
        reason,
        places,
        timings,
        uptime
      }): ResultOutput => ({
        name,
        ...(group !== undefined && { group }),
        url,
        state,
        observed,
        status,
        latencyMs,
        reason,
        ...(places !== undefined && { places }),
        timings,
        uptime
      })
    ),
    changes: changesWorstFirst(report.changes).map(
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
  }
}

/**
 * The action's outputs: counts per state, and this run's changes and every target's result as JSON, each
 * within OUTPUT_BUDGET bytes: as many as fit from the first, in the order of `file`, with a count of those
 * left out. `resultsFile` is where `file` was written, complete.
 */
export function outputsOf(report: Report, file: ResultsFile, resultsFile: string): Record<Outputs, string> {
  const counts = countByState(report.targets)
  const changes = fitting(file.changes)
  const results = fitting(file.results)
  return {
    [Outputs.Up]: String(counts.up),
    [Outputs.Down]: String(counts.down),
    [Outputs.Degraded]: String(counts.degraded),
    [Outputs.Inconclusive]: String(report.inconclusive !== undefined),
    [Outputs.Changes]: changes.json,
    [Outputs.ChangesOmitted]: String(changes.omitted),
    [Outputs.Results]: results.json,
    [Outputs.ResultsOmitted]: String(results.omitted),
    [Outputs.ResultsFile]: resultsFile,
    [Outputs.Lateness]: String(report.punctuality?.schedule?.lateSeconds ?? '')
  }
}

/**
 * A JSON array of the first items that fit in OUTPUT_BUDGET bytes, and how many did not. Items are made text
 * only until one does not fit: at 10,000 targets most of them never are.
 */
function fitting(items: object[]): { json: string; omitted: number } {
  const room = new Room(OUTPUT_BUDGET - '[]'.length)
  const texts: string[] = []
  // Each item is counted with a comma after it: one byte more than the array holds, after the last.
  for (const item of items) {
    const text = JSON.stringify(item)
    if (!room.take(text + ',')) break
    texts.push(text)
  }
  return { json: `[${texts.join(',')}]`, omitted: items.length - texts.length }
}

export function setOutputs(outputs: Record<Outputs, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}
