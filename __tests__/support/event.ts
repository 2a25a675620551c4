// The event of a run as the runner gives it: GITHUB_EVENT_NAME, the payload in the file GITHUB_EVENT_PATH
// names, and GITHUB_WORKFLOW_REF, for runInProcess's environment.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Env } from './action.js'

const folder = mkdtempSync(path.join(tmpdir(), 'upwatch-event-'))
let events = 0

/** The environment of a run that `name` started with `payload`, in acme/monitor's workflow `workflow`. */
export function eventEnv(name: string, payload: object, workflow = 'upwatch.yml'): Env {
  const file = path.join(folder, `event-${++events}.json`)
  writeFileSync(file, JSON.stringify(payload))
  return {
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: file,
    GITHUB_WORKFLOW_REF: `acme/monitor/.github/workflows/${workflow}@refs/heads/main`
  }
}

/** A schedule event's payload, as GitHub sends it since 2022: the cron, and the repository with its last push. */
export function schedulePayload(cron: string, pushedAt?: number): object {
  return {
    schedule: cron,
    ...(pushedAt !== undefined && {
      repository: { full_name: 'acme/monitor', pushed_at: new Date(pushedAt).toISOString() }
    })
  }
}
