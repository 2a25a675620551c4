/**
 * Incidents as GitHub issues (input incident-issues), after the pass's mail is out: an issue per outage that
 * was mailed DOWN (one for all when more than `incident-issues-group-above` targets went down in the run),
 * a comment per reminder, and on recovery a comment and the close, by the last target of the issue to recover.
 *
 * Exactly once: opening an issue is claimed with a conditional write to the target's item, and the number is
 * recorded the same way; a run that died in between leaves its claim to run out, and the next run finds the
 * issue by the marker in its body before it would open another. upwatch touches only issues with its marker,
 * never deletes, locks or reopens one, and a person's close stands. A GitHub call that fails is a warning, and
 * the target's state still asks for the work, so the next run does it: GitHub never holds up a mail.
 */

import { describeError } from '../errors.js'
import {
  currentRepository,
  openGitHub,
  runLink,
  type GitHub,
  type Patience,
  type Repository
} from '../github/client.js'
import * as log from '../log.js'
import { LEASE_MS } from '../notify/outbox.js'
import { type ProbeResult } from '../probes/model.js'
import { commitDecided } from '../state/commit.js'
import { type IssueRecord, type StoredState } from '../state/model.js'
import { type StateStore, type Write } from '../state/store.js'
import { keyOf, type Target } from '../targets/model.js'
import { issueWork, type IssueWork } from './plan.js'
import {
  issueBody,
  issueTitle,
  keyDigest,
  LABELS,
  markersIn,
  recoveryComment,
  reminderComment,
  type Down
} from './text.js'

export interface IncidentPass {
  store: StateStore
  runId: string
  token: string
  /** More targets than this going down in one run share one issue. */
  groupAbove: number
  targets: Target[]
  /** Every target's state after the pass, by keyOf. */
  states: Map<string, StoredState>
  /** This pass's results, by keyOf: what failed, and the timings. */
  results: Map<string, ProbeResult>
  redact: (text: string) => string
  now: number
  /** For tests: how long rate limits are waited out. */
  patience?: Patience
  retryAfterBaseMs?: number
}

/** One target with the work its state asks for. */
interface Job {
  target: Target
  state: StoredState
  work: IssueWork
}

/** The issues of a pass's outages, opened, told and closed as the targets' states ask. Returns the calls made. */
export async function syncIncidents(pass: IncidentPass): Promise<number> {
  const wanted = jobsOf(pass, pass.states)
  if (wanted.length === 0) return 0
  const repository = currentRepository()
  if (!repository) {
    log.warning(
      'incident-issues needs the repository the workflow runs in (GITHUB_REPOSITORY): no issue was touched.'
    )
    return 0
  }
  // Read again: an overlapping run may have done some of it meanwhile.
  const { states } = await pass.store.read(wanted.map(job => job.target))
  const jobs = jobsOf(pass, states)
  if (jobs.length === 0) return 0
  const github = openGitHub(pass.token, pass.patience, { retryAfterBaseMs: pass.retryAfterBaseMs })
  let calls = 0
  github.hook.before('request', () => void calls++)
  const issues = new Issues(github, repository, pass)
  await issues.open(jobs.filter(job => job.work.kind === 'open'))
  await issues.remind(jobs.filter(job => job.work.kind === 'remind'))
  await issues.recover(jobs.filter(job => job.work.kind === 'recover'))
  log.debug(`GitHub API: ${calls} calls for the issues of ${jobs.length} targets`)
  return calls
}

function jobsOf(pass: IncidentPass, states: Map<string, StoredState>): Job[] {
  return pass.targets.flatMap(target => {
    const state = states.get(keyOf(target))
    const work = issueWork(state, pass.runId, pass.now)
    return state && work ? [{ target, state, work }] : []
  })
}

/** The calls of one pass, and what it records of them in the targets' items. */
class Issues {
  private readonly link = runLink()
  private labelled = false

  constructor(
    private readonly github: GitHub,
    private readonly repository: Repository,
    private readonly pass: IncidentPass
  ) {}

  /** Claims each outage's issue, finds or opens it, and records its number. */
  async open(jobs: Job[]): Promise<void> {
    if (jobs.length === 0) return
    const leaseUntil = new Date(this.pass.now + LEASE_MS).toISOString()
    const claims = jobs.map(job => {
      const { outage } = job.work as Extract<IssueWork, { kind: 'open' }>
      return this.write(job, { outage, claim: this.pass.runId, leaseUntil })
    })
    const lost = await this.pass.store.commit(claims)
    const claimed = claims.flatMap((write, index) =>
      lost.has(keyOf(write.key)) ? [] : [{ ...jobs[index], state: written(write) }]
    )
    for (const job of claimed) {
      const work = job.work as Extract<IssueWork, { kind: 'open' }>
      if (work.earlier?.number !== undefined) await this.endEarlier(job, work.earlier)
    }

    const found = await this.search(claimed.filter(job => (job.work as { search: boolean }).search))
    const toOpen = claimed.filter(job => !found.has(keyOf(job.target)))
    const opened = new Map(found)
    if (toOpen.length > 0 && (await this.labels())) {
      const groups = toOpen.length > this.pass.groupAbove ? [toOpen] : toOpen.map(job => [job])
      for (const group of groups) {
        const number = await this.create(group)
        if (number !== undefined) for (const job of group) opened.set(keyOf(job.target), number)
      }
    }
    await this.record(
      claimed.filter(job => opened.has(keyOf(job.target))),
      (job, stored) => {
        const { outage } = job.work as Extract<IssueWork, { kind: 'open' }>
        // Still this run's claim on this outage: nobody recorded another issue meanwhile.
        return stored?.issue?.outage === outage && stored.issue.claim === this.pass.runId
          ? { outage, number: opened.get(keyOf(job.target)) }
          : false
      }
    )
  }

  /**
   * Tells each issue of the reminders mailed since its last one, in one comment for all its targets, unless a
   * person closed it.
   */
  async remind(jobs: Job[]): Promise<void> {
    const told: Job[] = []
    for (const [number, reminding] of byIssue(jobs, job => (job.work as { number: number }).number)) {
      const done = await this.attempt(`tell issue #${number} of a reminder`, async () => {
        const issue = await this.ours(number)
        if (issue?.state === 'open')
          await this.comment(
            number,
            reminding.map(job => reminderComment(this.down(job), this.pass.now, this.pass.redact))
          )
      })
      if (done) told.push(...reminding)
    }
    await this.record(told, (job, stored) => {
      const work = job.work as Extract<IssueWork, { kind: 'remind' }>
      return stored?.issue?.number === work.number ? { ...stored.issue, reminded: work.reminded } : false
    })
  }

  /**
   * Tells each issue of its targets' recoveries, in one comment, and closes it when none of its targets is down
   * any more, unless a person closed it already; then forgets the issue in the targets' items.
   */
  async recover(jobs: Job[]): Promise<void> {
    const recordOf = (job: Job) => (job.work as Extract<IssueWork, { kind: 'recover' }>).record
    const unknown = jobs.filter(job => recordOf(job).number === undefined)
    const found = await this.search(unknown, true)
    // A claim whose issue is nowhere: nothing to tell, only the record to end.
    const done: Job[] = unknown.filter(job => !found.has(keyOf(job.target)))
    const known = jobs.filter(job => recordOf(job).number !== undefined || found.has(keyOf(job.target)))
    for (const [number, recovering] of byIssue(
      known,
      job => recordOf(job).number ?? found.get(keyOf(job.target))!
    )) {
      const ok = await this.attempt(`tell issue #${number} of a recovery`, async () => {
        const issue = await this.ours(number)
        if (!issue) return
        const back = (job: Job) => (job.state.announced === 'down' ? undefined : job.state.announcedSince)
        const lines = recovering.map(job => recoveryComment(job.target.name, recordOf(job).outage, back(job)))
        const closing = issue.state === 'open' && !this.stillDown(number, recovering)
        const many = markersIn(issue.body).some(mark => mark.targets.length > 1)
        if (closing && many) lines.push('Every target of this issue is back.')
        await this.comment(number, lines)
        if (closing) await this.close(number)
      })
      if (ok) done.push(...recovering)
    }
    await this.record(done, (job, stored) =>
      // Only the record of the outage that ended: a new outage's claim or issue stays.
      stored?.issue?.outage === recordOf(job).outage ? undefined : false
    )
  }

  /** Whether a target of issue `number` other than `leaving` is still down after the pass. */
  private stillDown(number: number, leaving: Job[]): boolean {
    const keys = new Set(leaving.map(job => keyOf(job.target)))
    return [...this.pass.states].some(
      ([key, state]) => !keys.has(key) && state.issue?.number === number && state.announced === 'down'
    )
  }

  /** One comment: `lines`, and the link to this run. */
  private async comment(number: number, lines: string[]): Promise<void> {
    const run = this.link ? ['', `[upwatch run](${this.link})`] : []
    await this.github.rest.issues.createComment({
      ...this.repository,
      issue_number: number,
      body: [...lines, ...run].join('\n')
    })
  }

  private async close(number: number): Promise<void> {
    await this.github.rest.issues.update({
      ...this.repository,
      issue_number: number,
      state: 'closed',
      state_reason: 'completed'
    })
    log.info(`Closed issue #${number}: its outage is over.`)
  }

  /** The earlier outage of a target that went down again before its issue was closed: told, and closed. */
  private async endEarlier(job: Job, earlier: IssueRecord): Promise<void> {
    const number = earlier.number!
    await this.attempt(`close issue #${number} of an earlier outage of ${job.target.name}`, async () => {
      const issue = await this.ours(number)
      if (!issue) return
      await this.comment(number, [recoveryComment(job.target.name, earlier.outage, undefined)])
      if (issue.state === 'open' && !this.stillDown(number, [job])) await this.close(number)
    })
  }

  /**
   * The issues that runs before opened for these jobs' outages and could not record: by the markers of the
   * issues with upwatch's label updated since the earliest outage, newest first, a few pages at most.
   */
  private async search(jobs: Job[], anyOutage = false): Promise<Map<string, number>> {
    const found = new Map<string, number>()
    if (jobs.length === 0) return found
    const outageOf = (job: Job) =>
      job.work.kind === 'recover' ? job.work.record.outage : (job.work as { outage: string }).outage
    const since = new Date(Math.min(...jobs.map(job => Date.parse(outageOf(job))))).toISOString()
    await this.attempt('look for the issues of earlier runs', async () => {
      for (let page = 1; page <= SEARCH_PAGES && found.size < jobs.length; page++) {
        const { data } = await this.github.rest.issues.listForRepo({
          ...this.repository,
          labels: LABELS[0].name,
          state: 'all',
          since,
          sort: 'created',
          direction: 'desc',
          per_page: 100,
          page
        })
        for (const issue of data)
          for (const mark of markersIn(issue.body))
            for (const job of jobs)
              if (
                mark.targets.includes(keyDigest(job.target)) &&
                (anyOutage || mark.outage === outageOf(job))
              )
                if (!found.has(keyOf(job.target))) found.set(keyOf(job.target), issue.number)
        if (data.length < 100) break
      }
    })
    return found
  }

  /** The issue, if it carries upwatch's marker: no other issue is touched, whatever its labels. */
  private async ours(number: number) {
    const { data } = await this.github.rest.issues.get({ ...this.repository, issue_number: number })
    if (markersIn(data.body).length > 0) return data
    log.warning(`Issue #${number} has no upwatch marker in its body any more, so upwatch leaves it alone.`)
    return undefined
  }

  /** The labels of upwatch's issues, made once when the repository lacks them. */
  private async labels(): Promise<boolean> {
    if (this.labelled) return true
    this.labelled = await this.attempt('make the labels upwatch and incident', async () => {
      for (const label of LABELS) {
        try {
          await this.github.rest.issues.getLabel({ ...this.repository, name: label.name })
        } catch (error) {
          if ((error as { status?: number }).status !== 404) throw error
          await this.github.rest.issues.createLabel({ ...this.repository, ...label })
        }
      }
    })
    return this.labelled
  }

  /** Opens the issue of `jobs`' outage, assigned to their targets' assignees; its number, or undefined. */
  private async create(jobs: Job[]): Promise<number | undefined> {
    const downs = jobs.map(job => this.down(job))
    const outage = (jobs[0].work as { outage: string }).outage
    const assignees = [...new Set(jobs.flatMap(job => job.target.assignees ?? []))]
    let number: number | undefined
    await this.attempt(
      `open the issue of ${jobs.length === 1 ? jobs[0].target.name : `${jobs.length} targets`}`,
      async () => {
        const { data } = await this.github.rest.issues.create({
          ...this.repository,
          title: issueTitle(downs),
          body: issueBody(downs, outage, this.link, this.pass.redact),
          labels: LABELS.map(label => label.name),
          ...(assignees.length > 0 && { assignees })
        })
        number = data.number
        log.info(`Opened issue #${number}: ${issueTitle(downs)}`)
      }
    )
    return number
  }

  /** A target as its issue tells of it: this pass's result where it has one, else the state. */
  private down(job: Job): Down {
    const result = this.pass.results.get(keyOf(job.target))
    return {
      key: job.target,
      name: job.target.name,
      url: job.target.url,
      reason: job.state.reason ?? result?.reason ?? 'unknown',
      since: job.state.announcedSince ?? job.state.since ?? new Date(this.pass.now).toISOString(),
      timings: result?.health === 'down' ? result.timings : undefined
    }
  }

  /** The write that gives `job`'s item `issue`, over the item as this run knows it. */
  private write(job: Job, issue: IssueRecord | undefined): Write {
    return { key: job.target, previous: job.state, next: { ...job.state, issue } }
  }

  /**
   * Records in the jobs' items what `next` makes of the record stored (false: nothing, another run has it),
   * conditionally, deciding again from the item read again when a write loses. A failure is a warning.
   */
  private async record(
    jobs: Job[],
    next: (job: Job, stored: StoredState | undefined) => IssueRecord | undefined | false
  ): Promise<void> {
    const writes = jobs.flatMap(job => {
      const issue = next(job, job.state)
      return issue === false ? [] : [{ ...this.write(job, issue), job }]
    })
    if (writes.length === 0) return
    await this.attempt('record the issues in the state', async () => {
      await commitDecided(this.pass.store, writes, (write, stored) => {
        const issue = next(write.job, stored)
        return issue === false || stored === undefined
          ? { ...write, write: false }
          : { ...write, previous: stored, next: { ...stored, issue }, write: true }
      })
    })
  }

  /** Runs `call`; a failure is a warning that says what was left for the next run. Whether it worked. */
  private async attempt(what: string, call: () => Promise<void>): Promise<boolean> {
    try {
      await call()
      return true
    } catch (error) {
      log.warning(
        `Could not ${what} on GitHub (${this.pass.redact(describeError(error))}); the next run tries again.`
      )
      return false
    }
  }
}

/** Jobs by the issue `numberOf` gives, in the order of the jobs. */
function byIssue(jobs: Job[], numberOf: (job: Job) => number): Map<number, Job[]> {
  const by = new Map<number, Job[]>()
  for (const job of jobs) by.set(numberOf(job), [...(by.get(numberOf(job)) ?? []), job])
  return by
}

/** Pages of upwatch's issues looked through for a marker: 300 issues updated since the outage began. */
const SEARCH_PAGES = 3

/** The item as `write` left it: its version counted up, as the store does. */
function written(write: Write): StoredState {
  return { ...write.next, version: (write.previous?.version ?? 0) + 1 }
}
