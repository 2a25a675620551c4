import * as core from '@actions/core'
import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { clientConfig } from './aws.js'
import { assumeRole } from './credentials.js'
import { sendDigest } from './digest/index.js'
import { type DigestSource } from './digest/model.js'
import { describeError } from './errors.js'
import * as log from './log.js'
import { composeMail } from './notify/mail.js'
import { openNotifier } from './notify/index.js'
import { deliver, LEASE_MS, outboxOf } from './notify/outbox.js'
import { autoConcurrency, systemLimits } from './concurrency.js'
import { allSilent, connectivityDoubt, referenceTarget } from './connectivity.js'
import { type ProbeResult } from './probes/model.js'
import { sameTargets, slowOf, slowTargets } from './probes/order.js'
import { probeAll } from './probes/probe.js'
import { claimedBy, type Decided, reconcileAll, reconcileResult } from './reconcile.js'
import { MIN_MASKED_LENGTH, Redactor } from './redact.js'
import { buildReport, inconclusiveReport } from './report/build.js'
import { writeResultsFile } from './report/file.js'
import { type Report } from './report/model.js'
import { publishMetrics } from './report/metrics.js'
import { outputsOf, resultsFileOf, setOutputs } from './report/outputs.js'
import { renderLog, renderSummary } from './report/summary.js'
import { readSettings, requireRegion, type Settings } from './settings.js'
import { Front } from './limit.js'
import { WriteAhead } from './state/ahead.js'
import { commitDecided } from './state/commit.js'
import { openStateStore } from './state/index.js'
import { digestKey, slowKey } from './state/store.js'
import { type StoredState } from './state/model.js'
import { loadTargets } from './targets/load.js'
import { runEvent } from './schedule/event.js'
import { keepTimetable, recordKey } from './schedule/index.js'
import { type Punctuality } from './schedule/punctuality.js'
import { markup } from './escape.js'
import { writeStatusPage } from './page/index.js'
import { keyOf, type Target } from './targets/model.js'

/**
 * One pass: settings -> targets -> probes -> reconcile -> state store -> notifier -> state store -> report, and
 * the status page and the weekly digest after the mail.
 * The one place where an error becomes the step's failure.
 *
 * @param now the time (ms since the epoch) that checks end at and the pass decides at: the system's, unless a
 * test moves it
 * @param startedAt when the run started (ms since the epoch), for its punctuality: the process's start, which is
 * as close to the job's start as the action can see (the steps before it, such as the checkout, come first)
 */
export async function run(
  now: () => number = Date.now,
  startedAt: number = performance.timeOrigin
): Promise<void> {
  const redactor = new Redactor({
    mask: secret => core.setSecret(secret),
    tooShort: source =>
      log.warning(
        `${source} is shorter than ${MIN_MASKED_LENGTH} characters, too short to be hidden in reasons and error ` +
          'messages without hiding ordinary text with it, so there it is not masked. It is never shown where it ' +
          'is substituted (URLs and headers are shown as written). A longer secret is safer.'
      )
  })
  let report: Report | undefined
  let settings: Settings | undefined
  let credentials: AwsCredentialIdentity | undefined
  let timetable: Promise<Punctuality> | undefined
  try {
    const config = (settings = readSettings())
    // The token is masked by the runner, and left out here all the same.
    log.debug(`Settings: ${redactor.redact(JSON.stringify({ ...config, githubToken: undefined }))}`)
    if (config.statusPageOnly) return await statusPageOnly(config, redactor, now())
    if (config.inActions && !config.dynamodbTable && !config.dryRun) {
      log.warning(
        'State is kept in a file, which does not outlive this job: every run starts afresh and mails again about ' +
          'targets that are down. Give the input dynamodb-table to keep state between runs.'
      )
    }

    // Probing starts as soon as the targets are known. Credentials and the state come meanwhile; when the
    // state has come, the targets that were down (likely to run into their timeout) move to the front of
    // what has not started, so that their wait overlaps the rest of the pass.
    const assuming = assumeRole(config)
    assuming.catch(() => undefined) // awaited below; a failure must not count as unhandled meanwhile
    const { targets, canary } = await loadTargets(config, redactor, () => assuming)
    const count = `${targets.length} target${targets.length === 1 ? '' : 's'}`
    log.debug(`${count}${canary ? ' and a canary' : ''} from ${config.targets}`)
    // Targets seen for the first time that mail nothing are written while the others are still probed.
    const ahead = config.dryRun ? undefined : new WriteAhead(config.runId, config.history, canary)
    // The runs' record comes with the targets' states, in the same read (schedule/index.ts).
    const event = runEvent()
    const runKey = recordKey(config, event)
    const digestRecordKey = digestKey(event.workflow, event.repository)
    // Free text from servers is redacted where it enters, before a reason quotes or cuts it: the state store,
    // the mail, the summary and the log all get it that way.
    const redact = (text: string) => redactor.redact(text)
    // Without a state (its read failed, which fails the run below), no target goes first.
    const wasDown = new Front<Target>()
    const slowList = slowKey({
      repository: event.repository,
      workflow: event.workflow,
      job: process.env.GITHUB_JOB,
      targets: config.targets.startsWith('s3://')
        ? config.targets
        : path.relative(config.workspace, config.targets),
      shard: config.shard
    })
    // The list of the targets the last pass found slow (probes/order.ts) is read once the first checks are
    // under way: loading the AWS client takes the CPU for a moment, and the checks need not wait for it. Those
    // targets then go first, whenever it comes. The state is read once the first wave has started, whether the
    // list has come or not: its read and decoding take the CPU for longer, and the checks come first.
    let underWay = () => {}
    const checksUnderWay = new Promise<void>(resolve => (underWay = resolve))
    let checking = () => {}
    const checksStarted = new Promise<void>(resolve => (checking = resolve))
    const reading = (async () => {
      credentials = await assuming
      await checksUnderWay
      const store = await openStateStore(config, credentials)
      const listing: Promise<string[]> = store.readSlow
        ? store.readSlow(slowList).then(
            ids => {
              wasDown.promote(slowTargets(targets, ids))
              log.debug(`${ids.length} slow targets to start first at ${elapsed()}`)
              return ids
            },
            (error: unknown) => {
              log.debug(`No list of slow targets: ${redact(describeError(error))}`)
              return []
            }
          )
        : Promise.resolve([])
      await checksStarted
      // As each part of the state comes, the targets in it that were down and have not started yet go first.
      const byKey = new Map(targets.map(target => [keyOf(target), target]))
      const promote = (states: Map<string, StoredState>) =>
        wasDown.promote(
          [...states].flatMap(([key, state]) => (state.state === 'down' ? (byKey.get(key) ?? []) : []))
        )
      const digest = config.digest !== undefined ? digestRecordKey : undefined
      const read = await store.read(targets, { onPart: promote, digest, run: runKey })
      ahead?.read(store, read.states)
      return { store, ...read, slow: await listing }
    })()
    reading.catch(() => undefined) // awaited below, as above
    const concurrency =
      config.concurrency === 'auto'
        ? autoConcurrency(
            targets.length + (canary ? 1 : 0),
            await systemLimits(),
            targets.filter(target => /^https:/i.test(target.url)).length
          )
        : config.concurrency
    log.debug(`Concurrency: ${concurrency}${config.concurrency === 'auto' ? ' (auto)' : ''}`)
    const probing = probeAll(
      canary ? [canary, ...targets] : targets,
      concurrency,
      {},
      {
        first: wasDown,
        redact,
        log: log.debug,
        onResult: result => ahead?.result(result),
        onStarted: checking,
        onUnderWay: underWay,
        now
      }
    )
    // A pass that fails before any check starts must not leave the read waiting.
    probing.then(checking, checking)
    probing.then(underWay, underWay)
    const {
      store,
      states: previous,
      problems,
      digest: digestStored,
      inheritedDigest,
      run: runRecord,
      slow: slowBefore
    } = await reading
    log.debug(`State of ${previous.size} targets read at ${elapsed()}`)
    const pass = {
      settings: config,
      store,
      event,
      key: runKey,
      record: runRecord,
      startedAt,
      now: now(),
      redact
    }
    timetable = keepTimetable(pass)
    // An item that cannot be understood is taken as first seen, and the others proceed: the user learns which.
    for (const problem of problems) log.warning(redactor.redact(problem))
    const probed = await probing
    log.debug(`Every target checked at ${elapsed()}`)
    const results = canary ? probed.slice(1) : probed

    const reference =
      !canary && config.referenceUrl && allSilent(results)
        ? (await probeAll([referenceTarget(config.referenceUrl)], 1, {}, { redact }))[0]
        : undefined
    const doubt = connectivityDoubt(results, canary ? probed[0] : undefined, reference)
    if (doubt) {
      log.warning(
        `Inconclusive run: ${doubt}. The runner's own network is in doubt, so nothing was changed and no mail ` +
          'was sent; the next run checks again.'
      )
      const stored = (result: ProbeResult) => previous.get(keyOf(result.target))
      report = inconclusiveReport(results, stored, doubt, config.dryRun)
      printLog(report)
      // The page shows the state as stored, which this run left as it was.
      if (pageAllowed(config)) await writeStatusPage(config, credentials, targets, previous, now())
      return
    }
    if (reference) {
      log.info(
        `Every target failed without an answer, but ${reference.target.url} answered (${reference.reason}): ` +
          "the runner's network works, so these failures are the targets' own."
      )
    }

    const context = {
      now: new Date(now()).toISOString(),
      runId: config.runId,
      leaseMs: LEASE_MS,
      history: config.history,
      runnerOnlyAfterMs: config.runnerOnlyAfterMs
    }
    let decisions = reconcileAll(results, previous, context)
    // A target that would go down is checked again from the vantages first, and goes down only when they agree.
    const suspects = decisions.filter(decision => decision.change?.to === 'down').map(({ result }) => result)
    if (config.vantages.length > 0 && suspects.length > 0) {
      const { askVantages } = await import('./vantages/index.js')
      const opinions = await askVantages(suspects, {
        vantages: config.vantages,
        quorum: config.quorum,
        deadlineMs: config.vantageDeadlineMs,
        credentials,
        redact,
        now: Date.parse(context.now),
        log: log.debug,
        warn: log.warning
      })
      // The suspects decided again with what the places saw; the others stand as decided.
      decisions = decisions.map(decision => {
        const opinion = opinions.get(decision.result)
        if (!opinion) return decision
        return reconcileResult({ ...decision.result, opinion }, previous.get(keyOf(decision.key)), context)
      })
    }
    // Shown even when a later stage fails.
    report = buildReport(decisions, new Set(), config.dryRun)

    // A dry run writes nothing at all, not even an unchanged state file.
    const decided = config.dryRun ? [] : decisions.filter(decision => decision.write)
    const lostAhead = new Set<string>()
    const rest = ahead ? await ahead.finish(decided, lostAhead) : decided
    if (rest.length < decided.length)
      log.debug(
        `${decided.length - rest.length} targets seen for the first time written while the pass probed`
      )
    // A write that lost to an overlapping run is decided again from what that run stored (state/commit.ts).
    const { redecided, lost } = await commitDecided(
      store,
      [...rest, ...decided.filter(decision => lostAhead.has(keyOf(decision.key)))],
      // A DOWN the vantages were not asked about waits for the next pass to ask them.
      (decision, stored) =>
        reconcileResult(decision.result, stored, { ...context, holdUnasked: config.vantages.length > 0 }),
      // A change stored with this run's claim was stored by this run: no other run holds its id.
      (_, stored) => stored !== undefined && claimedBy(stored, config.runId).length > 0
    )
    const latest = <D extends Decided>(decision: D) => redecided.get(keyOf(decision.key)) ?? decision
    decisions = decisions.map(latest)
    const writes = decided.map(latest).filter(decision => decision.write)
    if (redecided.size > 0)
      log.debug(`${redecided.size} targets decided again, an overlapping run having written them meanwhile`)
    if (writes.length > 0) log.debug(`State of ${writes.length} targets written at ${elapsed()}`)
    // A write that lost every round drops this run's copy of the change: the other runs have the target.
    if (lost.size > 0 || redecided.size > 0) report = buildReport(decisions, lost, config.dryRun)
    printLog(report)

    const outbox = outboxOf(writes, lost, config.runId)
    const after = new Map(decisions.map(decision => [keyOf(decision.key), decision.next]))
    try {
      if (outbox.length > 0) {
        const changes = outbox.map(entry => entry.change)
        // The run's link from @actions/github's context, loaded only for a run that mails.
        const { runLink } = await import('./github/client.js')
        const mail = composeMail(changes, runLink(), text => redactor.redact(text))
        await deliver(
          outbox,
          async () => (await openNotifier(config, credentials)).publish(mail),
          store,
          config.runId
        )
      }
    } finally {
      // After the mail, which a page that cannot be written must not hold up; and when the mail failed too, so
      // that the page does not show a target that went down as up while its mail waits for the next run.
      if (pageAllowed(config))
        await writeStatusPage(config, credentials, targets, after, Date.parse(context.now))
    }
    if (config.digest) {
      await sendDigest({
        settings: config,
        credentials,
        store,
        key: digestRecordKey,
        stored: digestStored,
        inherited: inheritedDigest,
        redact,
        sources: sourcesOf(targets, after),
        now: Date.parse(context.now)
      })
    }
    // After the mail: GitHub never holds it up, and an issue is opened only for an outage that was mailed.
    if (config.incidentIssues && config.githubToken && !config.dryRun) {
      const { syncIncidents } = await import('./incidents/index.js')
      await syncIncidents({
        store,
        runId: config.runId,
        token: config.githubToken,
        groupAbove: config.incidentGroupAbove,
        targets,
        states: after,
        results: new Map(results.map(result => [keyOf(result.target), result])),
        redact,
        // The time now, after the mail and the page: the claims' leases are counted from it.
        now: now()
      }).catch((error: unknown) =>
        log.warning(`The incident issues were left for the next run: ${redact(describeError(error))}`)
      )
    }

    // Last, since it only orders the next pass; only when other targets were slow than the list says.
    const slow = slowOf(results)
    if (!config.dryRun && store.writeSlow && !sameTargets(slow, slowBefore)) {
      await store
        .writeSlow(slowList, slow)
        .catch((error: unknown) =>
          log.warning(
            'The list of slow targets was not updated, so the next pass may start them late: ' +
              redact(describeError(error))
          )
        )
    }

    const down = report.targets.filter(target => target.state === 'down').map(target => target.name)
    if (config.failOnDown && down.length > 0) {
      // A few names: the summary and the log name them all.
      const more = down.length > FAIL_NAMES ? ` and ${down.length - FAIL_NAMES} more` : ''
      log.fail(
        `${down.length} target(s) down: ${down.slice(0, FAIL_NAMES).join(', ')}${more} (fail-on-down is set).`
      )
    }
  } catch (error) {
    log.fail(redactor.redact(describeError(error)))
  } finally {
    // Never rejects: what goes wrong with the timetable is a warning.
    if (report && timetable) report = { ...report, punctuality: await timetable }
    if (report) await writeReport(report)
    // A dry run is a trial, not the monitor: its heartbeat would hide a monitor that stopped.
    if (report && settings?.cloudwatchNamespace && !settings.dryRun)
      await sendMetrics(settings, credentials, report)
  }
}

/** A dry run writes the page to a directory, to look at, but puts nothing in a bucket. */
function pageAllowed(settings: Settings): boolean {
  return settings.statusPage !== undefined && !(settings.dryRun && settings.statusPage.kind === 's3')
}

/**
 * The job after a matrix of shards: the page of every target from the stored state, read once, and the weekly
 * digest when it is due. Nothing is checked, no target's state is written, no change is mailed.
 */
async function statusPageOnly(config: Settings, redactor: Redactor, now: number): Promise<void> {
  const assuming = assumeRole(config)
  assuming.catch(() => undefined) // awaited below, as in run()
  const { targets } = await loadTargets(config, redactor, () => assuming)
  const credentials = await assuming
  const store = await openStateStore(config, credentials)
  const event = runEvent()
  const key = digestKey(event.workflow, event.repository)
  const { states, problems, digest, inheritedDigest } = await store.read(targets, {
    digest: config.digest !== undefined ? key : undefined
  })
  for (const problem of problems) log.warning(redactor.redact(problem))
  if (config.statusPage && !pageAllowed(config))
    log.info('A dry run puts nothing in a bucket: the status page is not written.')
  else if (config.statusPage) {
    const line = await writeStatusPage(config, credentials, targets, states, now)
    if (line === undefined) log.fail('The status page could not be written (see the warning above).')
    else if (process.env.GITHUB_STEP_SUMMARY)
      await core.summary
        .addHeading('upwatch status page', 2)
        .addRaw(`${markup(line)}\n`)
        .write()
  }
  if (config.digest) {
    const redact = (text: string) => redactor.redact(text)
    await sendDigest({
      settings: config,
      credentials,
      store,
      key,
      stored: digest,
      inherited: inheritedDigest,
      redact,
      sources: sourcesOf(targets, states),
      now
    })
  }
}

/** The targets with their states, for the digest. */
function sourcesOf(targets: Target[], states: Map<string, StoredState>): DigestSource[] {
  return targets.map(target => ({ target, state: states.get(keyOf(target)) }))
}

/**
 * The heartbeat and per-target metrics. A failure here is a warning: the mail and state are what matter, and
 * the heartbeat alarm notices when metrics stop.
 */
async function sendMetrics(
  settings: Settings,
  credentials: AwsCredentialIdentity | undefined,
  report: Report
) {
  try {
    const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch')
    const client = new CloudWatchClient(
      clientConfig(requireRegion(settings, 'CloudWatch metrics'), credentials)
    )
    await publishMetrics(client, settings.cloudwatchNamespace!, report)
  } catch (error) {
    log.warning(describeError(error))
  }
}

/** Time since the process started, for the debug lines that say when each stage ended. */
function elapsed(): string {
  return `${Math.round(performance.now())} ms`
}

/** The most names of targets down that the failure of fail-on-down gives. */
const FAIL_NAMES = 20

/** The targets that need attention, a line each, then the others folded away. */
function printLog(report: Report): void {
  const { lines, folded } = renderLog(report)
  for (const line of lines) log.info(line)
  if (folded) log.group(folded.title, folded.lines)
}

/**
 * The results file, the outputs and the job summary, written once at the end whatever happened; a failure here
 * fails the step, plainly. Without the file, the outputs are still set, `results-file` empty.
 */
async function writeReport(report: Report): Promise<void> {
  const file = resultsFileOf(report)
  let written = ''
  try {
    // RUNNER_TEMP is the job's own folder, emptied after it; outside GitHub Actions, the system's.
    written = await writeResultsFile(file, process.env.RUNNER_TEMP || tmpdir())
  } catch (error) {
    log.fail(`Could not write the results file: ${describeError(error)}`)
  }
  try {
    setOutputs(outputsOf(report, file, written))
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderSummary(report)).write()
  } catch (error) {
    log.fail(`Could not write the outputs or the job summary: ${describeError(error)}`)
  }
}
