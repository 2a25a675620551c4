/**
 * The weekly digest at the end of a pass, the edge that does its I/O. When a week's digest is due and no run has
 * sent it, this run claims it in the store (a conditional write with a lease, as the outbox's changes are
 * claimed), publishes it, and records it sent. A run that dies between the claim and the record leaves a lease
 * that runs out, after which the next run sends the digest; two live runs never both send it.
 */

import { type AwsCredentialIdentity } from '@aws-sdk/types'
import * as log from '../log.js'
import { composeDigest } from '../notify/digest.js'
import { openNotifier } from '../notify/index.js'
import { LEASE_MS, publishThenSettle } from '../notify/outbox.js'
import { type Settings } from '../settings.js'
import { type DigestRecord, digestClaimable, type StateStore } from '../state/store.js'
import { type TargetKey } from '../targets/model.js'
import { type DigestSource, digestOf } from './model.js'
import { dueWeek } from './schedule.js'

export interface DigestPass {
  settings: Settings
  credentials?: AwsCredentialIdentity
  store: StateStore
  /** The digest's record's key (digestKey): the workflow's. */
  key: TargetKey
  /** The digest's record as the pass read it. */
  stored?: DigestRecord
  /** Where the workflow has none yet, the table's record from earlier releases, which stands for it. */
  inherited?: DigestRecord
  /** Every target the run knows, with its state as the pass leaves it. */
  sources: DigestSource[]
  /** The pass's time (ms since the epoch). */
  now: number
  redact: (text: string) => string
}

/** Sends the week's digest if it is due and no other run has it; a dry run only says so. */
export async function sendDigest(pass: DigestPass): Promise<void> {
  const { settings, store, now } = pass
  const schedule = settings.digest!
  const week = dueWeek(schedule, now)
  const weekEnd = new Date(week.to).toISOString()
  const at = new Date(now).toISOString()
  const stored = pass.stored ?? pass.inherited
  if (!digestClaimable(stored, weekEnd, at)) {
    // The week was sent under the table's record of earlier releases (this workflow's before an upgrade, or
    // another's that shared the table): it becomes this workflow's own, so that the next week is its own too.
    if (!pass.stored && stored?.sentAt !== undefined && !settings.dryRun)
      await store.adoptDigest(pass.key, stored)
    return
  }
  const digest = digestOf(week, pass.sources, now)
  // A table that knew nothing of the week (the digest just turned on, over new targets) has nothing to tell.
  if (digest.targets.every(target => target.week.knownSeconds === 0)) return
  if (settings.dryRun) {
    log.info(`The weekly digest of week ${week.number} is due; a dry run sends none.`)
    return
  }
  const claim = { week: weekEnd, claim: settings.runId, leaseUntil: new Date(now + LEASE_MS).toISOString() }
  if (!(await store.claimDigest(pass.key, claim, at))) {
    log.debug(`The weekly digest of week ${week.number} was claimed by an overlapping run, which sends it.`)
    return
  }
  const { runLink } = await import('../github/client.js')
  const mail = composeDigest(digest, schedule.timeZone, runLink(), pass.redact)
  await publishThenSettle(
    async () => (await openNotifier(settings, pass.credentials)).publish(mail),
    sent => store.settleDigest(pass.key, weekEnd, settings.runId, sent, at),
    `the weekly digest of week ${week.number}`,
    'it'
  )
}
