/**
 * What started this run, from the runner's environment: the event, the cron of a scheduled run, when the
 * repository was last pushed to, and the workflow's file. The payload is read here, not through
 * @actions/github's context: importing that package takes some 200 ms, which a run that calls no GitHub API
 * should not spend.
 */

import { readFileSync } from 'node:fs'
import { describeError } from '../errors.js'
import * as log from '../log.js'
import { isMap } from '../state/decode.js'

export interface RunEvent {
  /** GITHUB_EVENT_NAME: `schedule`, `workflow_dispatch`, `push`…; absent outside GitHub Actions. */
  name?: string
  /** The cron that started a scheduled run, as the workflow writes it. */
  schedule?: string
  /** When the repository was last pushed to (ms), where the payload says: schedule and dispatch payloads do. */
  pushedAt?: number
  /** The workflow's file name (`upwatch.yml`), from GITHUB_WORKFLOW_REF. */
  workflow?: string
  /** GITHUB_REPOSITORY (`acme/web`): two repositories may share a table and a workflow's file name. */
  repository?: string
}

/** The runs that keep the monitor's timetable, whose start and gap are recorded: not a push's or a PR's check. */
export const TIMETABLE_EVENTS = new Set(['schedule', 'workflow_dispatch'])

/** This run's event, from the environment; a payload that cannot be read counts as empty, with a debug line. */
export function runEvent(env: NodeJS.ProcessEnv = process.env): RunEvent {
  let payload: unknown = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'))
    } catch (error) {
      log.debug(`The event payload ${env.GITHUB_EVENT_PATH} could not be read: ${describeError(error)}`)
    }
  }
  const event = eventOf(env.GITHUB_EVENT_NAME, payload, env.GITHUB_WORKFLOW_REF)
  return env.GITHUB_REPOSITORY ? { ...event, repository: env.GITHUB_REPOSITORY } : event
}

/**
 * The event from its parts. `workflowRef` is `owner/repo/.github/workflows/upwatch.yml@refs/heads/main`; the
 * payload's `repository.pushed_at` is an ISO time in most events and seconds since the epoch in a push's.
 */
export function eventOf(
  name: string | undefined,
  payload: unknown,
  workflowRef: string | undefined
): RunEvent {
  const fields = isMap(payload) ? payload : {}
  const repository = isMap(fields.repository) ? fields.repository : {}
  const pushed = repository.pushed_at
  const pushedAt =
    typeof pushed === 'number' ? pushed * 1000 : typeof pushed === 'string' ? Date.parse(pushed) : NaN
  // The ref may hold an @ (refs/heads/fix@home); a workflow's file name does not.
  const workflow = /\/\.github\/workflows\/([^/@]+)@/.exec(workflowRef ?? '')?.[1]
  return {
    ...(name && { name }),
    ...(typeof fields.schedule === 'string' && { schedule: fields.schedule }),
    ...(Number.isFinite(pushedAt) && { pushedAt }),
    ...(workflow && { workflow })
  }
}
