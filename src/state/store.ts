import { hash } from '../hash.js'
import { type TargetKey } from '../targets/model.js'
import { type Shard } from '../targets/shard.js'
import { type StoredState } from './model.js'

/** One item to write: what was read, and what it becomes. */
export interface Write {
  key: TargetKey
  /** The item as read; undefined when the target had no item. */
  previous?: StoredState
  next: StoredState
}

/**
 * A target never seen whose first state mails nothing: no outbox to carry, so it may be written in a batch,
 * and while the pass goes on.
 */
export function quietFirstSight({ previous, next }: Write): boolean {
  return previous === undefined && Object.keys(next.pending).length === 0
}

/**
 * Where target states live. Writes are conditional on what was read, so that of two overlapping runs
 * only one records a change; the other learns it lost and drops its copy.
 */
export interface StateStore {
  /**
   * Whether `commit` may be called more than once a pass, each time for other targets, while the pass goes
   * on (state/ahead.ts): the table, where each write is its own; not the file, which is written whole.
   */
  readonly writesAhead?: boolean
  /** What is stored for these targets, and what of it cannot be understood. */
  read(keys: TargetKey[], options?: ReadOptions): Promise<Reading>
  /**
   * Writes each item if it is still as read; returns the keys (keyOf) whose write lost to another run. An item
   * read as first seen because it could not be understood is replaced, on the same condition.
   */
  commit(writes: Write[]): Promise<Set<string>>
  /**
   * After a publish: removes the sent pending changes, or, when the publish failed, ends this run's lease on
   * them so that the next run sends them. Only entries this run still holds the claim to are touched.
   */
  settle(entries: Settlement[], runId: string, sent: boolean, now: string): Promise<void>
  /**
   * Claims the week's digest for `claim.claim`, if `digestClaimable` holds for what is stored at `now` (ISO):
   * checked and written in one conditional write, so that of overlapping runs only one gets true.
   */
  claimDigest(key: TargetKey, claim: DigestRecord, now: string): Promise<boolean>
  /**
   * After the digest's publish: records it sent, or, when the publish failed, ends this run's lease so that the
   * next run sends it. Only while this run still holds the claim to that week.
   */
  settleDigest(key: TargetKey, week: string, runId: string, sent: boolean, now: string): Promise<void>
  /**
   * Makes `record` the workflow's digest's record where it has none yet, in one conditional write: the week the
   * table's record of earlier releases says was sent becomes the workflow's own, which then stands alone.
   */
  adoptDigest(key: TargetKey, record: DigestRecord): Promise<void>
  /**
   * Writes what `record` gives of the runs' record (RUN_URL). A start is written only over an earlier one, so
   * that a run that ends after a later one has started does not put the gap back; when a later start is stored,
   * nothing is written and the answer is false.
   */
  recordRun(key: TargetKey, record: RunRecord): Promise<boolean>
  /**
   * The targets the last pass of this key (slowKey) found slow (probes/order.ts), slowest first; none when there
   * is no such item or it cannot be understood. A store read whole at once (the file) has none to read ahead.
   */
  readSlow?(key: TargetKey): Promise<string[]>
  /** Replaces that list: whichever run writes last, since it only orders the next pass. */
  writeSlow?(key: TargetKey, ids: string[]): Promise<void>
}

export interface ReadOptions {
  /**
   * Told of the states of each part of the read as it comes, before the whole has (the table reads 100 keys a
   * call).
   */
  onPart?: (states: Map<string, StoredState>) => void
  /**
   * Read the digest's record of this key (digestKey) too, with the targets: no read of its own. Where there is
   * none yet, the table's record from before records were named by workflow (LEGACY_DIGEST_KEY) stands for it.
   */
  digest?: TargetKey
  /** Read the runs' record of this key (runKey) too, with the targets. */
  run?: TargetKey
}

/** What a read found. */
export interface Reading {
  /**
   * The state of each target by keyOf(key); targets never seen are absent, and a target whose item cannot be
   * understood is there as first seen, so that its next state replaces the item.
   */
  states: Map<string, StoredState>
  /** A warning for each stored item that cannot be understood, saying which and what is wrong with it. */
  problems: string[]
  /** The digest's record, when it was asked for and there is one that can be understood. */
  digest?: DigestRecord
  /**
   * Where the workflow has no digest's record yet: the table's from earlier releases (LEGACY_DIGEST_KEY), which
   * stands for it until it has one.
   */
  inheritedDigest?: DigestRecord
  /** The runs' record, when it was asked for and there is one; what cannot be understood of it is left out. */
  run?: RunRecord
}

/** Pending changes of one target that a publish was about. */
export interface Settlement {
  key: TargetKey
  changeIds: string[]
}

/** The lease that ends a claim at once: the next run may take it over. */
export const RELEASED = new Date(0).toISOString()

/** The url of the weekly digest's items, in the targets' table or file: no http(s) or tcp URL, no target's. */
export const DIGEST_URL = 'upwatch:digest'

/**
 * The item of the weekly digest of a workflow (`weekly acme/web upwatch.yml`): two repositories, or two workflows
 * of one, may share a table, and each mails its own digest of its own targets. `weekly` alone outside GitHub
 * Actions, where neither is known.
 */
export function digestKey(workflow?: string, repository?: string): TargetKey {
  return { url: DIGEST_URL, name: ['weekly', repository, workflow].filter(Boolean).join(' ') }
}

/**
 * The item of the weekly digest before it was named by its workflow, one for the whole table: read beside the
 * workflow's own while that one does not exist yet, so that the week an upgrade falls in is not mailed twice.
 * Written only outside GitHub Actions, where it is the digest's own.
 */
export const LEGACY_DIGEST_KEY: TargetKey = digestKey()

/** The last week whose digest a run claimed, as stored: the outbox's claim and lease, for one mail a week. */
export interface DigestRecord {
  /** When the week ended (ISO): the week's identity. */
  week: string
  /** The run that holds the right to send it. */
  claim: string
  /** After this time (ISO) another run may take the claim over, unless the digest was sent. */
  leaseUntil: string
  /** When it was sent (ISO); absent until then. */
  sentAt?: string
}

/**
 * Whether a run may claim the digest of the week that ended at `week` (ISO) at `now` (ISO): no digest of this
 * week or a later one was claimed, or this week's was claimed by a run that can no longer be sending it and was
 * not sent. ISO times of one form compare as their text does, as the table's condition compares them.
 */
export function digestClaimable(stored: DigestRecord | undefined, week: string, now: string): boolean {
  if (stored === undefined || stored.week < week) return true
  return stored.week === week && stored.sentAt === undefined && stored.leaseUntil <= now
}

/** The url of the items of a workflow's runs: no http(s) or tcp URL, so no target's key is the same. */
export const RUN_URL = 'upwatch:run'

/**
 * The item of the runs of a workflow (its file name: `upwatch.yml`), one per shard, since the shards of a matrix
 * run side by side and each has its own gaps; named by its repository too (`acme/web upwatch.yml 2/4`), since
 * two repositories may share a table and a workflow's file name, and each has its own runs and its own
 * keepalive. Outside GitHub Actions, where no repository is known, the workflow's name alone.
 */
export function runKey(workflow: string, shard?: Shard, repository?: string): TargetKey {
  const name = shard ? `${workflow} ${shard.index}/${shard.count}` : workflow
  return { url: RUN_URL, name: repository ? `${repository} ${name}` : name }
}

/** The url of the items that name the targets a pass starts first (probes/order.ts): no target's. */
export const SLOW_URL = 'upwatch:slow'

/** Whose list of slow targets an item is: what tells two passes over other targets apart. */
export interface SlowOwner {
  /** GITHUB_REPOSITORY: two repositories may share a table and a workflow's file name. */
  repository?: string
  /** The workflow's file name. */
  workflow?: string
  /** GITHUB_JOB: two jobs of a workflow may check other targets. */
  job?: string
  /** The targets input as written (a path in the workspace, or an S3 URL): so may two steps of a job. */
  targets: string
  shard?: Shard
}

/**
 * The longest item name kept as it reads, in UTF-8 bytes (a sort key takes 1,024); a longer one is cut to a third
 * as many characters, which no character makes longer, and ends in a hash of the whole.
 */
const MAX_SLOW_NAME = 512

/**
 * The item of the slow targets of one owner, such as `acme/web upwatch.yml watch upwatch.yml 2/4`: each pass of
 * the same targets reads the list its last pass left, and no other's.
 */
export function slowKey({ repository, workflow, job, targets, shard }: SlowOwner): TargetKey {
  const parts = [repository || '-', workflow || '-', job || '-', targets]
  if (shard) parts.push(`${shard.index}/${shard.count}`)
  const name = parts.join(' ')
  if (Buffer.byteLength(name) <= MAX_SLOW_NAME) return { url: SLOW_URL, name }
  // Not cut inside a character that takes two code units.
  const kept = name.slice(0, Math.floor((MAX_SLOW_NAME - 8) / 3)).replace(/[\uD800-\uDBFF]$/, '')
  return { url: SLOW_URL, name: `${kept} ${hash(name).toString(36)}` }
}

/** What the store keeps of a workflow's runs, for the punctuality of the next and for keepalive (schedule/). */
export interface RunRecord {
  /** When the latest run that a schedule or a dispatch started began (ISO). */
  startedAt?: string
  /** When the workflow was last enabled through the API to keep its schedule alive (ISO). */
  keptAliveAt?: string
}
