/**
 * The run's own timetable, beside the pass, the edge that does its I/O: how late this run started and how long
 * after the previous one (punctuality.ts), the workflow kept enabled when the repository has been quiet
 * (keepalive.ts), and this run's record for the next, written in the targets' table or file. It runs while the
 * targets are checked, and never fails the run: what goes wrong is a warning, and the next run tries again.
 *
 * In a steady run it calls no GitHub API: the last push comes from the event's payload, and the workflow is
 * enabled at most once a week, once the repository has been quiet for 50 days.
 */

import { describeError } from '../errors.js'
import type { GitHub, Repository } from '../github/client.js'
import * as log from '../log.js'
import { type Settings } from '../settings.js'
import { type RunRecord, runKey, type StateStore } from '../state/store.js'
import { type TargetKey } from '../targets/model.js'
import { type RunEvent, TIMETABLE_EVENTS } from './event.js'
import { KEEPALIVE_EVERY_DAYS, keepaliveAllowed, QUIET_DAYS, quietDays } from './keepalive.js'
import { gapOf, latenessOf, type Punctuality, punctualityLine } from './punctuality.js'

export interface TimetablePass {
  settings: Settings
  store: StateStore
  event: RunEvent
  /** The key of the runs' record (recordKey), which the pass read; absent: nothing is read or recorded. */
  key?: TargetKey
  /** The runs' record as the pass read it. */
  record?: RunRecord
  /** When this run started (ms): the process's start. */
  startedAt: number
  /** The pass's time (ms). */
  now: number
  redact: (text: string) => string
}

/**
 * The runs' record this run reads: for a run that keeps the timetable (its gap, and its start for the next), or
 * for keepalive (when it last called); none otherwise, and no read.
 */
export function recordKey(settings: Settings, event: RunEvent): TargetKey | undefined {
  if (!TIMETABLE_EVENTS.has(event.name ?? '') && !settings.keepalive) return undefined
  return runKey(event.workflow ?? 'workflow', settings.shard, event.repository)
}

/** This run's punctuality, after keeping the schedule alive if due and recording the run (not in a dry run). */
export async function keepTimetable(pass: TimetablePass): Promise<Punctuality> {
  const { settings, event, startedAt } = pass
  const timetable = TIMETABLE_EVENTS.has(event.name ?? '')
  const punctuality: Punctuality = { startedAt }
  if (event.name === 'schedule' && event.schedule !== undefined) {
    const lateness = latenessOf(event.schedule, startedAt)
    if (typeof lateness === 'string') log.debug(`${lateness} This run has no lateness.`)
    else punctuality.schedule = lateness
  }
  const gapSeconds = timetable ? gapOf(pass.record?.startedAt, startedAt) : undefined
  if (gapSeconds !== undefined) punctuality.gapSeconds = gapSeconds
  const line = punctualityLine(punctuality)
  if (line) log.info(line)

  // One call for the workflow, not one per shard: the first shard (or the only job) makes it.
  const keeper = settings.shard === undefined || settings.shard.index === 1
  const keptAliveAt = settings.keepalive && keeper ? await keepAlive(pass) : undefined
  const record: RunRecord = {
    ...(timetable && { startedAt: new Date(startedAt).toISOString() }),
    ...(keptAliveAt && { keptAliveAt })
  }
  if (pass.key && !settings.dryRun && Object.keys(record).length > 0) {
    try {
      if (!(await pass.store.recordRun(pass.key, record)))
        log.debug('A run that started later has recorded its start already; this one leaves it.')
    } catch (error) {
      log.warning(
        `${pass.redact(describeError(error))} This run is not recorded: the next run counts its gap from an ` +
          'earlier run, and calls the keepalive again if this one did.'
      )
    }
  }
  return punctuality
}

/**
 * Enables the workflow when the repository has been quiet for QUIET_DAYS and the last call is a week old; the
 * time of the call (ISO) when one succeeded.
 */
async function keepAlive(pass: TimetablePass): Promise<string | undefined> {
  const { settings, event, now } = pass
  if (!keepaliveAllowed(pass.record?.keptAliveAt, now)) return undefined
  const { workflow } = event
  if (workflow === undefined) {
    const note = (line: string) => (settings.inActions ? log.warning(line) : log.debug(line))
    note('keepalive is on, and GITHUB_WORKFLOW_REF does not say which workflow this is: none was kept alive.')
    return undefined
  }
  const connected = once(() => connect(settings))
  let pushedAt = event.pushedAt
  if (pushedAt === undefined) {
    if (settings.dryRun) {
      log.info(
        'keepalive: the event does not say when the repository was last pushed to; a dry run does not ask.'
      )
      return undefined
    }
    const connection = await connected()
    pushedAt = connection && (await lastPush(connection, pass.redact))
    if (pushedAt === undefined) return undefined
  }
  const quiet = quietDays(pushedAt, now)
  if (quiet < QUIET_DAYS) {
    log.debug(
      `keepalive: the last push was ${quiet} days ago; the workflow is enabled from ${QUIET_DAYS} days on.`
    )
    return undefined
  }
  const quietLine = `The repository has had no push for ${quiet} days`
  if (settings.dryRun) {
    log.info(`${quietLine}: keepalive would enable the workflow ${workflow}; a dry run calls nothing.`)
    return undefined
  }
  const connection = await connected()
  if (connection === undefined) return undefined
  const { owner, repo } = connection.repository
  const call = `PUT /repos/${owner}/${repo}/actions/workflows/${workflow}/enable`
  try {
    await connection.github.rest.actions.enableWorkflow({ owner, repo, workflow_id: workflow })
  } catch (error) {
    log.warning(failed('keep the schedule alive', call, error, pass.redact))
    return undefined
  }
  log.info(
    `${quietLine}: the workflow ${workflow} was enabled through the GitHub API (${call}), so that GitHub does ` +
      `not disable its schedule at 60 days. Again in ${KEEPALIVE_EVERY_DAYS} days while the repository stays quiet.`
  )
  return new Date(now).toISOString()
}

interface Connection {
  github: GitHub
  repository: Repository
}

/**
 * The GitHub client and the run's repository, loaded for the first call only: @actions/github takes some 200 ms
 * to load, which a run that calls nothing does not spend.
 */
async function connect(settings: Settings): Promise<Connection | undefined> {
  const { currentRepository, openGitHub } = await import('../github/client.js')
  const repository = currentRepository()
  if (repository === undefined) {
    log.debug('keepalive is on, and GITHUB_REPOSITORY is not set: no workflow was kept alive.')
    return undefined
  }
  return { github: openGitHub(settings.githubToken!), repository }
}

/** `make`'s promise, made at the first call and kept for the next. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}

/** When the repository was last pushed to (ms), asked of GitHub: for an event whose payload does not say. */
async function lastPush(
  { github, repository }: Connection,
  redact: (text: string) => string
): Promise<number | undefined> {
  const call = `GET /repos/${repository.owner}/${repository.repo}`
  try {
    const { data } = await github.rest.repos.get({ owner: repository.owner, repo: repository.repo })
    const pushedAt = data.pushed_at === null ? NaN : Date.parse(data.pushed_at)
    if (Number.isFinite(pushedAt)) return pushedAt
    log.warning(`keepalive: ${call} gave no time of the last push; the next run asks again.`)
  } catch (error) {
    log.warning(failed('learn when the repository was last pushed to', call, error, redact))
  }
  return undefined
}

/** The warning for a failed call: what it was for, what GitHub answered, and what to do. */
function failed(purpose: string, call: string, error: unknown, redact: (text: string) => string): string {
  const status = (error as { status?: unknown }).status
  const answer =
    typeof status === 'number' && status > 0
      ? `answered ${status} (${error instanceof Error ? error.message : String(error)})`
      : `failed (${describeError(error)})`
  const fix =
    status === 401 || status === 403
      ? 'Give the job permissions actions: write (or github-token a token that has it); the next run tries again.'
      : status === 404
        ? 'GitHub does not know the workflow, or the token cannot see the repository; the next run tries again.'
        : 'The next run tries again.'
  return redact(`keepalive: could not ${purpose}: ${call} ${answer}. ${fix}`)
}
