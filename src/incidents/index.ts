/**
 * Incidents as GitHub issues (input incident-issues), after the pass's mail is out: an issue per outage that
 * was mailed DOWN (one for all when more than `incident-issues-group-above` targets went down in the run),
 * a comment per reminder, and on recovery a comment and the close, by the last target of the issue to recover.
 *
 * Exactly once: opening an issue is claimed with a conditional write to the target's item, and the number is
 * recorded the same way; a run that died in between leaves its claim (its run id) to run out, and the next run
 * finds the issue by the marker in its body, which names that run, before it would open another. upwatch
 * touches only issues with its marker, never deletes, locks or reopens one, and a person's close stands. A
 * GitHub call that fails is a warning, and the target's state still asks for the work, so the next run does it:
 * GitHub never holds up a mail.
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
import { type ProbeResult } from '../probes/model.js'
import { commitDecided } from '../state/commit.js'
import { type IssueRecord, type StoredState } from '../state/model.js'
import { type StateStore, type Write } from '../state/store.js'
import { keyOf, type Target } from '../targets/model.js'
import { ISSUE_LEASE_MS, issueWork, type IssueWork } from './plan.js'
import {
  issueBody,
  issueTitle,
  LABELS,
  marks,
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
  /** The pass's time; the issues' own clock runs on from it. */
  now: number
  /** For tests: how long rate limits are waited out. */
  patience?: Patience
}

/** One target with the work its state asks for. */
interface Job {
  target: Target
  state: StoredState
  work: IssueWork
}

type Open = Job & { work: Extract<IssueWork, { kind: 'open' }> }
type Remind = Job & { work: Extract<IssueWork, { kind: 'remind' }> }
type Recover = Job & { work: Extract<IssueWork, { kind: 'recover' }> }

/** Before it opens an issue, a run must still hold its claim this long: a create waited out twice fits in it. */
const CREATE_MARGIN_MS = 5 * 60_000

/** The issues of a pass's outages, opened, told and closed as the targets' states ask. Returns the calls made. */
export async function syncIncidents(pass: IncidentPass): Promise<number> {
  if (jobsOf(pass, pass.states).length === 0) return 0
  const repository = currentRepository()
  if (!repository) {
    log.warning(
      'incident-issues needs the repository the workflow runs in (GITHUB_REPOSITORY): no issue was touched.'
    )
    return 0
  }
  // Read again: an overlapping run may have done some of it meanwhile.
  const { states } = await pass.store.read(jobsOf(pass, pass.states).map(job => job.target))
  const jobs = jobsOf(pass, states)
  if (jobs.length === 0) return 0
  const github = openGitHub(pass.token, pass.patience)
  let calls = 0
  github.hook.before('request', () => void calls++)
  const issues = new Issues(github, repository, pass)
  await issues.open(jobs.filter((job): job is Open => job.work.kind === 'open'))
  await issues.remind(jobs.filter((job): job is Remind => job.work.kind === 'remind'))
  await issues.recover(jobs.filter((job): job is Recover => job.work.kind === 'recover'))
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
  private readonly started = performance.now()
  private labelled = false

  constructor(
    private readonly github: GitHub,
    private readonly repository: Repository,
    private readonly pass: IncidentPass
  ) {}

  /** The pass's clock, run on by the time the issues have taken: what leases are counted in. */
  private clock(): number {
    return this.pass.now + (performance.now() - this.started)
  }

  /**
   * Ends an earlier outage's issue still open, claims each outage's issue, finds the one a run that died
   * opened or opens it, and records its number.
   */
  async open(jobs: Open[]): Promise<void> {
    if (jobs.length === 0) return
    // An earlier issue is ended before the record that names it is replaced: else nothing would close it.
    const ready: Open[] = []
    const earlier = jobs.filter(job => job.work.earlier !== undefined)
    const lost = await this.search(
      earlier.filter(job => job.work.earlier?.number === undefined && job.work.earlier?.claim !== undefined),
      job => job.work.earlier!.claim!
    )
    for (const job of jobs) {
      const number = job.work.earlier?.number ?? lost.get(keyOf(job.target))
      if (number === undefined || (await this.endEarlier(job, number))) ready.push(job)
    }
    if (ready.length === 0) return

    const leaseUntil = new Date(this.clock() + ISSUE_LEASE_MS).toISOString()
    const claims = ready.map(job =>
      this.write(job, { outage: job.work.outage, claim: this.pass.runId, leaseUntil })
    )
    const beaten = await this.pass.store.commit(claims)
    const claimed = claims.flatMap((write, index) =>
      beaten.has(keyOf(write.key)) ? [] : [{ ...ready[index], state: written(write) }]
    )

    // The run whose claim ran out, as the item named it before this run's claim replaced it.
    const dead = new Map(ready.map(job => [keyOf(job.target), job.state.issue?.claim ?? '']))
    const found = await this.search(
      claimed.filter(job => job.work.search),
      job => dead.get(keyOf(job.target)) ?? ''
    )
    const opened = new Map(found)
    const toOpen = claimed.filter(job => !found.has(keyOf(job.target)))
    if (toOpen.length > 0 && (await this.labels())) {
      const groups = toOpen.length > this.pass.groupAbove ? [toOpen] : toOpen.map(job => [job])
      for (const group of groups) {
        const held = await this.renew(group, leaseUntil)
        if (held.length === 0) continue
        const number = await this.create(held)
        if (number !== undefined) for (const job of held) opened.set(keyOf(job.target), number)
      }
    }
    await this.record(
      claimed.filter(job => opened.has(keyOf(job.target))),
      (job, stored) =>
        // Still this run's claim on this outage: nobody recorded another issue meanwhile.
        stored?.issue?.outage === job.work.outage && stored.issue.claim === this.pass.runId
          ? { outage: job.work.outage, number: opened.get(keyOf(job.target)) }
          : false
    )
  }

  /**
   * The jobs whose claim this run still holds, renewed right before their issue is opened: a run slowed down
   * (rate limits waited out) whose claim another run took over meanwhile opens nothing, and one whose claim is
   * nearly out leaves the opening to the next run.
   */
  private async renew(jobs: Open[], leaseUntil: string): Promise<Open[]> {
    if (this.clock() > Date.parse(leaseUntil) - CREATE_MARGIN_MS) {
      log.warning('The GitHub issues took too long to open this run; the next run opens what is left.')
      return []
    }
    const until = new Date(this.clock() + ISSUE_LEASE_MS).toISOString()
    const renewals = jobs.map(job => this.write(job, { ...job.state.issue!, leaseUntil: until }))
    let lost: Set<string>
    try {
      lost = await this.pass.store.commit(renewals)
    } catch (error) {
      log.warning(
        `Could not renew the claims on the issues (${describeError(error)}); the next run tries again.`
      )
      return []
    }
    return jobs.flatMap((job, index) => {
      if (lost.has(keyOf(job.target))) return []
      job.state = written(renewals[index])
      return [job]
    })
  }

  /**
   * Tells each issue of the reminders mailed since its last one, in one comment for all its targets, unless a
   * person closed it.
   */
  async remind(jobs: Remind[]): Promise<void> {
    const told: Remind[] = []
    for (const [number, reminding] of byIssue(jobs, job => job.work.number)) {
      const done = await this.attempt(`tell issue #${number} of a reminder`, async () => {
        const issue = await this.ours(number)
        if (issue?.state === 'open')
          await this.comment(
            number,
            reminding.map(job => reminderComment(this.down(job), this.clock(), this.pass.redact))
          )
      })
      if (done) told.push(...reminding)
    }
    await this.record(told, (job, stored) =>
      stored?.issue?.number === job.work.number ? { ...stored.issue, reminded: job.work.reminded } : false
    )
  }

  /**
   * Tells each issue of its targets' recoveries, in one comment, and closes it when none of its targets is down
   * any more, unless a person closed it already; then forgets the issue in the targets' items.
   */
  async recover(jobs: Recover[]): Promise<void> {
    const unknown = jobs.filter(job => job.work.record.number === undefined)
    const found = await this.search(unknown, job => job.work.record.claim ?? '')
    const numberOf = (job: Recover) => job.work.record.number ?? found.get(keyOf(job.target))
    // A claim whose issue is nowhere: nothing to tell, only the record to end.
    const done: Recover[] = unknown.filter(job => numberOf(job) === undefined)
    const known = jobs.filter(job => numberOf(job) !== undefined)
    for (const [number, recovering] of byIssue(known, job => numberOf(job)!)) {
      const ok = await this.attempt(`tell issue #${number} of a recovery`, async () => {
        const issue = await this.ours(number)
        if (!issue) return
        const back = (job: Job) => (job.state.announced === 'down' ? undefined : job.state.announcedSince)
        const lines = recovering.map(job =>
          recoveryComment(job.target.name, job.work.record.outage, back(job))
        )
        const closing = issue.state === 'open' && !this.stillDown(number, recovering)
        const many = markersIn(issue.body).some(mark => mark.targets === undefined || mark.targets.length > 1)
        if (closing && many) lines.push('Every target of this issue is back.')
        await this.comment(number, lines)
        if (closing) await this.close(number)
      })
      if (ok) done.push(...recovering)
    }
    await this.record(done, (job, stored) =>
      // Only the record of the outage that ended: a new outage's claim or issue stays.
      stored?.issue?.outage === job.work.record.outage ? undefined : false
    )
  }

  /**
   * The issue of an earlier outage of a target that went down again before it was closed: told, and closed
   * unless another of its targets is still down. Whether it is done.
   */
  private endEarlier(job: Open, number: number): Promise<boolean> {
    const outage = job.work.earlier!.outage
    return this.attempt(`close issue #${number} of an earlier outage of ${job.target.name}`, async () => {
      const issue = await this.ours(number)
      if (!issue) return
      await this.comment(number, [recoveryComment(job.target.name, outage, undefined)])
      if (issue.state === 'open' && !this.stillDown(number, [job])) await this.close(number)
    })
  }

  /** Whether a target of issue `number` other than `leaving` is still down after the pass. */
  private stillDown(number: number, leaving: Job[]): boolean {
    const keys = new Set(leaving.map(job => keyOf(job.target)))
    return [...this.pass.states].some(
      ([key, state]) => !keys.has(key) && state.issue?.number === number && state.announced === 'down'
    )
  }

  /**
   * The issues that runs which died opened for these jobs and could not record, by the marker naming the run
   * (`runOf`, the claim it left) among the issues with upwatch's label, newest first, a few pages at most.
   */
  private async search<J extends Job>(jobs: J[], runOf: (job: J) => string): Promise<Map<string, number>> {
    const found = new Map<string, number>()
    if (jobs.length === 0) return found
    await this.attempt('look for the issues of runs that died', async () => {
      for (let page = 1; page <= SEARCH_PAGES && found.size < jobs.length; page++) {
        const { data } = await this.github.rest.issues.listForRepo({
          ...this.repository,
          labels: LABELS[0].name,
          state: 'all',
          sort: 'created',
          direction: 'desc',
          per_page: 100,
          page
        })
        for (const issue of data)
          for (const mark of markersIn(issue.body))
            for (const job of jobs)
              if (!found.has(keyOf(job.target)) && marks(mark, runOf(job), job.target))
                found.set(keyOf(job.target), issue.number)
        if (data.length < 100) break
      }
    })
    return found
  }

  /**
   * The issue, if it carries upwatch's marker: no other issue is touched, whatever its labels. One that was
   * deleted or moved is gone: there is nothing to tell it, and the target's record of it ends.
   */
  private async ours(number: number) {
    try {
      const { data } = await this.github.rest.issues.get({ ...this.repository, issue_number: number })
      if (markersIn(data.body).length > 0) return data
      log.warning(`Issue #${number} has no upwatch marker in its body any more, so upwatch leaves it alone.`)
    } catch (error) {
      if (statusOf(error) !== 404 && statusOf(error) !== 410) throw error
      log.warning(`Issue #${number} is gone (deleted or moved), so upwatch forgets it.`)
    }
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
          if (statusOf(error) !== 404) throw error
          await this.github.rest.issues.createLabel({ ...this.repository, ...label })
        }
      }
    })
    return this.labelled
  }

  /**
   * Opens the issue of `jobs`' outage, assigned to their targets' assignees (GitHub takes ten; one it refuses
   * leaves the issue unassigned, with a warning); its number, or undefined.
   */
  private async create(jobs: Open[]): Promise<number | undefined> {
    const downs = jobs.map(job => this.down(job))
    const assignees = [...new Set(jobs.flatMap(job => job.target.assignees ?? []))].slice(0, 10)
    const what = jobs.length === 1 ? jobs[0].target.name : `${jobs.length} targets`
    let number: number | undefined
    await this.attempt(`open the issue of ${what}`, async () => {
      const issue = {
        ...this.repository,
        title: issueTitle(downs),
        body: issueBody(downs, this.pass.runId, jobs[0].work.outage, this.link, this.pass.redact),
        labels: LABELS.map(label => label.name)
      }
      try {
        number = (
          await this.github.rest.issues.create({ ...issue, ...(assignees.length > 0 && { assignees }) })
        ).data.number
      } catch (error) {
        if (statusOf(error) !== 422 || assignees.length === 0) throw error
        log.warning(
          `GitHub refused the assignees ${assignees.join(', ')} of ${what}: the issue is unassigned.`
        )
        number = (await this.github.rest.issues.create(issue)).data.number
      }
      log.info(`Opened issue #${number}: ${issueTitle(downs)}`)
    })
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

  /** One comment: `lines` (the first ones, when many targets change at once), and the link to this run. */
  private async comment(number: number, lines: string[]): Promise<void> {
    const shown = lines.length > COMMENT_LINES ? lines.slice(0, COMMENT_LINES - 1) : lines
    const more = lines.length - shown.length
    const rest =
      more > 0 ? [`... and ${more} more: the job summary and the results of the run list them all.`] : []
    const run = this.link ? ['', `[upwatch run](${this.link})`] : []
    await this.github.rest.issues.createComment({
      ...this.repository,
      issue_number: number,
      body: [...shown, ...rest, ...run].join('\n')
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

  /** The write that gives `job`'s item `issue`, over the item as this run knows it. */
  private write(job: Job, issue: IssueRecord | undefined): Write {
    return { key: job.target, previous: job.state, next: { ...job.state, issue } }
  }

  /**
   * Records in the jobs' items what `next` makes of the record stored (false: nothing, another run has it),
   * conditionally, deciding again from the item read again when a write loses. A failure is a warning.
   */
  private async record<J extends Job>(
    jobs: J[],
    next: (job: J, stored: StoredState | undefined) => IssueRecord | undefined | false
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

/** The HTTP status of a failed GitHub call (Octokit's RequestError), if it has one. */
const statusOf = (error: unknown) => (error as { status?: number }).status

/** Jobs by the issue `numberOf` gives, in the order of the jobs. */
function byIssue<J extends Job>(jobs: J[], numberOf: (job: J) => number): Map<number, J[]> {
  const by = new Map<number, J[]>()
  for (const job of jobs) by.set(numberOf(job), [...(by.get(numberOf(job)) ?? []), job])
  return by
}

/** Pages of upwatch's issues looked through for a marker: the 300 it opened last. */
const SEARCH_PAGES = 3

/** Lines of a comment at most: one per target, when many change at once. */
const COMMENT_LINES = 50

/** The item as `write` left it: its version counted up, as the store does. */
function written(write: Write): StoredState {
  return { ...write.next, version: (write.previous?.version ?? 0) + 1 }
}
