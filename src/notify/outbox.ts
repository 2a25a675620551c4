import { describeError, UserError } from '../errors.js'
import * as log from '../log.js'
import { claimedBy, type Decided } from '../reconcile.js'
import { type Change } from '../state/model.js'
import { type Settlement, type StateStore } from '../state/store.js'
import { keyOf, type TargetKey } from '../targets/model.js'

/** How long a run holds the right to send a change it stored: longer than any publish takes. */
export const LEASE_MS = 3 * 60_000

/** A change this run stored as pending and holds the claim to send. */
export interface OutboxEntry {
  key: TargetKey
  change: Change
}

/** The changes this run must send: pending in the items it wrote (and did not lose), claimed by it. */
export function outboxOf(written: Decided[], lost: Set<string>, runId: string): OutboxEntry[] {
  return written
    .filter(({ key }) => !lost.has(keyOf(key)))
    .flatMap(({ key, next }) => claimedBy(next, runId).map(change => ({ key, change })))
}

/**
 * Publishes, then settles the outbox in the store: sent changes are removed; after a failed publish this
 * run's leases end, so that the next run sends the changes, and the publish error is thrown on.
 */
export async function deliver(
  outbox: OutboxEntry[],
  publish: () => Promise<void>,
  store: StateStore,
  runId: string
): Promise<void> {
  const byKey = new Map<string, Settlement>()
  for (const { key, change } of outbox) {
    const entry = byKey.get(keyOf(key)) ?? { key, changeIds: [] }
    entry.changeIds.push(change.id)
    byKey.set(keyOf(key), entry)
  }
  const settlements = [...byKey.values()]
  await publishThenSettle(
    publish,
    sent => store.settle(settlements, runId, sent, new Date().toISOString()),
    `${outbox.length} unsent change(s)`,
    'them'
  )
}

/**
 * Publishes what this run holds the claim to send, then settles it: `settle(true)` records it sent, and a
 * failure to record says that the mail went out; after a failed publish `settle(false)` ends the lease, so that
 * the next run sends it, and the publish error is thrown on. `what` and `pronoun` name what is sent, for the
 * warning when the lease cannot be ended.
 */
export async function publishThenSettle(
  publish: () => Promise<void>,
  settle: (sent: boolean) => Promise<void>,
  what: string,
  pronoun: 'it' | 'them'
): Promise<void> {
  // Wrapped, so that whatever the publish threw counts as a failure, undefined too.
  let failed: { error: unknown } | undefined
  try {
    await publish()
  } catch (error) {
    failed = { error }
  }
  if (failed === undefined) {
    try {
      return await settle(true)
    } catch (error) {
      // The claim still holds the change as unsent: once it runs out, the next run sends it again.
      throw new UserError(
        `The mail went out, but this run could not record that it did: ${describeError(error).replace(/\.$/, '')}. ` +
          `The next run sends ${pronoun} again once this run's claim runs out, within ${LEASE_MS / 60_000} ` +
          'minutes, so the mail may arrive twice.'
      )
    }
  }
  // The publish error is what the user must see; if the release fails too, the lease simply runs out.
  await settle(false).catch((error: unknown) =>
    log.warning(
      `Could not release this run's claim on ${what} after the failed publish (${describeError(error)}): the ` +
        `next run sends ${pronoun} once the claim runs out, within ${LEASE_MS / 60_000} minutes.`
    )
  )
  throw failed.error
}
