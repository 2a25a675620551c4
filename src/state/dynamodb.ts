import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  BatchExecuteStatementCommand,
  BatchGetCommand,
  DynamoDBDocumentClient,
  NumberValue,
  UpdateCommand
} from '@aws-sdk/lib-dynamodb'
import { explainAwsError } from '../aws.js'
import * as log from '../log.js'
import { UserError } from '../errors.js'
import { mapLimit } from '../limit.js'
import { logRetries, retry, type Sleep } from '../retry.js'
import { keyOf, type TargetKey } from '../targets/model.js'
import {
  decodeDigest,
  decodeRun,
  decodeSlow,
  decodeState,
  isMap,
  unreadableHistory,
  unreadableItem
} from './decode.js'
import { MAX_AHEAD_MS } from '../history/usable.js'
import { attributesOf, storedAttributes } from './item.js'
import { type StoredState } from './model.js'
import {
  LEGACY_DIGEST_KEY,
  type DigestRecord,
  quietFirstSight,
  type ReadOptions,
  RELEASED,
  type Reading,
  type RunRecord,
  type Settlement,
  type StateStore,
  type Write
} from './store.js'

/** BatchGetItem takes at most 100 keys a call. */
const READ_BATCH = 100
/** BatchExecuteStatement takes at most 25 statements a call. */
const INSERT_BATCH = 25
/** Calls that write in flight at once: conditional updates, and batches of inserts. */
const WRITE_CONCURRENCY = 16
/** Calls of a batch in all, while the table leaves part of it unprocessed. */
const BATCH_ATTEMPTS = 8
/** How long the list of slow targets may take to read: 10 to 50 ms from a runner, 0.1 to 0.3 s here under load. */
const SLOW_READ_MS = 1500
/** Errors of a statement in a batch that another attempt may not meet: the table was busy. */
const BUSY = new Set([
  'ProvisionedThroughputExceeded',
  'ThrottlingError',
  'RequestLimitExceeded',
  'InternalServerError',
  'TransactionConflict'
])
/** Errors of an INSERT that say the item exists: an overlapping run wrote it first. */
const EXISTS = new Set(['DuplicateItem', 'ConditionalCheckFailed'])

/**
 * State in a DynamoDB table keyed by `url` (partition) and `name` (sort), as the legacy Lambda's table is.
 * `status` (BOOL, true when up) is kept for it; upwatch's own attributes sit beside it.
 */
export class DynamoDbStateStore implements StateStore {
  readonly writesAhead = true
  private readonly documents: DynamoDBDocumentClient
  /**
   * The attributes, as stored, of the items read that could not be understood, by the first-seen state read
   * for them: the write of that state replaces the item, conditional on its version as stored.
   */
  private readonly unreadable = new WeakMap<StoredState, Record<string, unknown>>()

  /**
   * @param sleep how a batch waits before sending again what a call left unprocessed; tests pass one that does
   * not wait.
   */
  constructor(
    client: DynamoDBClient,
    private readonly table: string,
    private readonly sleep?: Sleep
  ) {
    this.documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
      unmarshallOptions: { wrapNumbers: readNumber }
    })
  }

  async read(
    keys: TargetKey[],
    { onPart, digest: digestKey, run: runKey }: ReadOptions = {}
  ): Promise<Reading> {
    const legacyDigest = digestKey && keyOf(digestKey) !== keyOf(LEGACY_DIGEST_KEY)
    const records = [
      ...(digestKey ? [digestKey] : []),
      ...(legacyDigest ? [LEGACY_DIGEST_KEY] : []),
      ...(runKey ? [runKey] : [])
    ]
    const batches = chunks([...keys, ...records], READ_BATCH)
    const states = new Map<string, StoredState>()
    const problems = new Map<string, string>()
    let digest: DigestRecord | undefined
    let legacy: DigestRecord | undefined
    let run: RunRecord | undefined
    await Promise.all(
      batches.map(async batch => {
        const part = new Map<string, StoredState>()
        for (const { url, name, ...attributes } of await this.readBatch(batch)) {
          const key = { url: String(url), name: String(name) }
          if (digestKey && keyOf(key) === keyOf(digestKey)) {
            digest = decodeDigest(attributes)
            continue
          }
          if (legacyDigest && keyOf(key) === keyOf(LEGACY_DIGEST_KEY)) {
            legacy = decodeDigest(attributes)
            continue
          }
          if (runKey && keyOf(key) === keyOf(runKey)) {
            run = decodeRun(attributes)
            continue
          }
          const { state, faults, historyFaults } = decodeState(attributes)
          const where = `the DynamoDB table ${this.table}`
          if (faults.length > 0) {
            this.unreadable.set(state, attributes)
            problems.set(keyOf(key), unreadableItem(key, where, faults))
          }
          if (historyFaults.length > 0) problems.set(keyOf(key), unreadableHistory(key, where, historyFaults))
          states.set(keyOf(key), state)
          part.set(keyOf(key), state)
        }
        onPart?.(part)
      })
    )
    // In the order of the targets, whatever order the batches came back in.
    return {
      states,
      problems: keys.flatMap(key => problems.get(keyOf(key)) ?? []),
      digest,
      inheritedDigest: digest ? undefined : legacy,
      run
    }
  }

  /** One BatchGetItem, and the keys it left unprocessed again until none are left. */
  private async readBatch(keys: TargetKey[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = []
    try {
      await this.untilProcessed(
        keys.map(({ url, name }): Record<string, unknown> => ({ url, name })),
        'BatchGetItem',
        async remaining => {
          const response = await this.documents.send(
            new BatchGetCommand({ RequestItems: { [this.table]: { Keys: remaining, ConsistentRead: true } } })
          )
          items.push(...(response.Responses?.[this.table] ?? []))
          return response.UnprocessedKeys?.[this.table]?.Keys ?? []
        }
      )
    } catch (error) {
      throw this.failure('read the state of the targets from', error)
    }
    return items
  }

  /**
   * A target seen for the first time with nothing to mail is inserted, in batches: a first sight of N targets
   * takes N/25 calls instead of N. An INSERT fails for an item that exists, as the update's condition does for a
   * target never seen, so of overlapping runs only one writes the item, whichever way. Every other write, and so
   * every change that is mailed, is a conditional update that carries its outbox.
   */
  async commit(writes: Write[]): Promise<Set<string>> {
    const lost = new Set<string>()
    const inserts = writes.filter(quietFirstSight)
    const updates = writes.filter(write => !quietFirstSight(write))
    await Promise.all([
      mapLimit(chunks(inserts, INSERT_BATCH), WRITE_CONCURRENCY, batch => this.insertBatch(batch, lost)),
      mapLimit(updates, WRITE_CONCURRENCY, write => this.update(write, lost))
    ])
    return lost
  }

  private async update(write: Write, lost: Set<string>): Promise<void> {
    try {
      await this.documents.send(new UpdateCommand(this.updateOf(write)))
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) lost.add(keyOf(write.key))
      else throw this.failure(`write the state of ${write.key.name} to`, error)
    }
  }

  /**
   * One BatchExecuteStatement of INSERTs, and the statements the table was too busy for again until none are
   * left. An item that exists was written by an overlapping run: the write is lost, as a failed condition is.
   */
  private async insertBatch(writes: Write[], lost: Set<string>): Promise<void> {
    try {
      await this.untilProcessed(writes, 'BatchExecuteStatement', async remaining => {
        const { Responses = [] } = await this.documents.send(
          new BatchExecuteStatementCommand({ Statements: remaining.map(write => this.insertOf(write)) })
        )
        if (Responses.length !== remaining.length)
          throw new Error(`${Responses.length} answers to ${remaining.length} statements`)
        return remaining.filter((write, index) => {
          const code = Responses[index].Error?.Code
          if (code === undefined) return false
          if (EXISTS.has(code)) {
            lost.add(keyOf(write.key))
            return false
          }
          if (BUSY.has(code)) return true
          throw new StatementError(write.key.name, code, Responses[index].Error?.Message)
        })
      })
    } catch (error) {
      if (error instanceof StatementError) throw this.failure(`write the state of ${error.target} to`, error)
      throw this.failure(`write the state of ${writes.length} targets seen for the first time to`, error)
    }
  }

  /**
   * Sends `items` with `call`, which answers what it left unprocessed, and that again with backoff until nothing
   * is left. A call that fails is retried by the SDK itself; what is left after that, or after every attempt
   * here, is a real failure.
   */
  private async untilProcessed<T>(
    items: T[],
    operation: string,
    call: (items: T[]) => Promise<T[]>
  ): Promise<void> {
    let remaining = items
    await retry(
      async index => {
        remaining = await call(remaining)
        if (remaining.length > 0)
          throw new Unprocessed(operation, remaining.length, index + 1 === BATCH_ATTEMPTS)
      },
      {
        attempts: BATCH_ATTEMPTS,
        baseDelayMs: 100,
        maxDelayMs: 5000,
        retryable: error => error instanceof Unprocessed,
        onRetry: logRetries(`${operation} on ${this.table}`, log.debug),
        sleep: this.sleep
      }
    )
  }

  async settle(entries: Settlement[], runId: string, sent: boolean, now: string): Promise<void> {
    const each = entries.flatMap(({ key, changeIds }) => changeIds.map(id => ({ key, id })))
    await mapLimit(each, WRITE_CONCURRENCY, async ({ key, id }) => {
      try {
        await this.documents.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { url: key.url, name: key.name },
            UpdateExpression: sent
              ? 'REMOVE #pending.#id SET #notifiedAt = :now, #version = #version + :one'
              : 'SET #pending.#id.#leaseUntil = :released, #version = #version + :one',
            ConditionExpression: '#pending.#id.#claim = :run',
            ExpressionAttributeNames: {
              '#pending': 'pending',
              '#id': id,
              '#version': 'version',
              '#claim': 'claim',
              ...(sent ? { '#notifiedAt': 'notifiedAt' } : { '#leaseUntil': 'leaseUntil' })
            },
            ExpressionAttributeValues: {
              ':run': runId,
              ':one': 1,
              ...(sent ? { ':now': now } : { ':released': RELEASED })
            }
          })
        )
      } catch (error) {
        // Another run took the claim over after our lease ran out: the entry is its to settle now.
        if (error instanceof ConditionalCheckFailedException) return
        throw this.failure(`record the mail about ${key.name} in`, error)
      }
    })
  }

  async claimDigest(key: TargetKey, claim: DigestRecord, now: string): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { url: key.url, name: key.name },
          UpdateExpression: 'SET #week = :week, #claim = :claim, #leaseUntil = :leaseUntil REMOVE #sentAt',
          // digestClaimable, as a condition; a week that is not a string is replaced, as no record would be.
          ConditionExpression:
            'attribute_not_exists(#week) OR NOT attribute_type(#week, :string) OR #week < :week OR ' +
            '(#week = :week AND attribute_not_exists(#sentAt) AND #leaseUntil <= :now)',
          ExpressionAttributeNames: {
            '#week': 'week',
            '#claim': 'claim',
            '#leaseUntil': 'leaseUntil',
            '#sentAt': 'sentAt'
          },
          ExpressionAttributeValues: {
            ':week': claim.week,
            ':claim': claim.claim,
            ':leaseUntil': claim.leaseUntil,
            ':now': now,
            ':string': 'S'
          }
        })
      )
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw this.failure('claim the weekly digest in', error)
    }
  }

  async adoptDigest(key: TargetKey, record: DigestRecord): Promise<void> {
    const fields = ['week', 'claim', 'leaseUntil', 'sentAt'] as const
    await this.setWhere(key, record, fields, 'record the weekly digest in', 'attribute_not_exists(#week)')
  }

  async settleDigest(key: TargetKey, week: string, runId: string, sent: boolean, now: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { url: key.url, name: key.name },
          UpdateExpression: sent ? 'SET #sentAt = :now' : 'SET #leaseUntil = :released',
          ConditionExpression: '#week = :week AND #claim = :run',
          ExpressionAttributeNames: {
            '#week': 'week',
            '#claim': 'claim',
            ...(sent ? { '#sentAt': 'sentAt' } : { '#leaseUntil': 'leaseUntil' })
          },
          ExpressionAttributeValues: {
            ':week': week,
            ':run': runId,
            ...(sent ? { ':now': now } : { ':released': RELEASED })
          }
        })
      )
    } catch (error) {
      // Another run took the claim over after our lease ran out: the digest is its to settle now.
      if (error instanceof ConditionalCheckFailedException) return
      throw this.failure('record the weekly digest in', error)
    }
  }

  async recordRun(key: TargetKey, record: RunRecord): Promise<boolean> {
    if (record.startedAt === undefined && record.keptAliveAt === undefined) return true
    const recorded = await this.recordRunOnce(key, record)
    // The keepalive's time is kept whatever the start: else a start recorded ahead would make every run call.
    if (!recorded && record.startedAt && record.keptAliveAt)
      await this.recordRunOnce(key, { keptAliveAt: record.keptAliveAt })
    return recorded
  }

  private recordRunOnce(key: TargetKey, record: RunRecord): Promise<boolean> {
    const fields = ['startedAt', 'keptAliveAt'] as const
    if (!record.startedAt) return this.setWhere(key, record, fields, 'record this run in')
    // A stored start further ahead than a clock may be (a runner's clock gone wrong, text that is no time,
    // which compares after every ISO time) orders nothing; a start that is not a string is replaced, as no
    // record would be.
    const ahead = new Date(Date.parse(record.startedAt) + MAX_AHEAD_MS).toISOString()
    return this.setWhere(
      key,
      record,
      fields,
      'record this run in',
      'attribute_not_exists(#startedAt) OR NOT attribute_type(#startedAt, :string) OR #startedAt < :startedAt OR #startedAt > :ahead',
      { ':string': 'S', ':ahead': ahead }
    )
  }

  /**
   * Sets the `fields` that `record` has on the item `key` where `condition` holds, which names them as `#field`
   * and `:field` besides its own `values`: false when it does not; a failure says it could not `what`.
   */
  private async setWhere<T extends object>(
    key: TargetKey,
    record: T,
    fields: readonly (keyof T & string)[],
    what: string,
    condition?: string,
    values: Record<string, unknown> = {}
  ): Promise<boolean> {
    const names = fields.filter(name => record[name] !== undefined)
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { url: key.url, name: key.name },
          UpdateExpression: `SET ${names.map(name => `#${name} = :${name}`).join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: Object.fromEntries(names.map(name => [`#${name}`, name])),
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map(name => [`:${name}`, record[name]])),
            ...values
          }
        })
      )
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false
      throw this.failure(what, error)
    }
  }

  /**
   * One read of the item, not consistent, tried once and given up after SLOW_READ_MS: it only orders the pass,
   * so that a table that does not answer costs the pass nothing more than the state's own read.
   */
  async readSlow(key: TargetKey): Promise<string[]> {
    try {
      const { Responses } = await this.documents.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: [{ url: key.url, name: key.name }] } } }),
        { abortSignal: AbortSignal.timeout(SLOW_READ_MS) }
      )
      return decodeSlow(Responses?.[this.table]?.[0]?.targets)
    } catch (error) {
      throw this.failure('read the list of slow targets from', error)
    }
  }

  async writeSlow(key: TargetKey, ids: string[]): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { url: key.url, name: key.name },
          UpdateExpression: 'SET #targets = :targets',
          ExpressionAttributeNames: { '#targets': 'targets' },
          ExpressionAttributeValues: { ':targets': ids.join(' ') }
        })
      )
    } catch (error) {
      throw this.failure('write the list of slow targets to', error)
    }
  }

  /**
   * The INSERT of a target's first item: every attribute of the state, as the first update would set them. The
   * names are quoted as PartiQL strings, the values passed as parameters.
   */
  private insertOf({ key, next }: Write) {
    const item: Record<string, unknown> = { ...attributesOf(next, undefined), url: key.url, name: key.name }
    const names = Object.keys(item).filter(name => item[name] !== undefined)
    const tuple = names.map(name => `'${name.replaceAll("'", "''")}': ?`).join(', ')
    return {
      Statement: `INSERT INTO "${this.table}" VALUE {${tuple}}`,
      Parameters: names.map(name => item[name])
    }
  }

  /**
   * The update that turns the item as read into `next`, built from the two states themselves, so that no
   * attribute is forgotten: what differs is set, what `next` no longer has is removed, and attributes upwatch
   * does not know (other tools' own) are left as they are. Conditional on the item being as read. An item
   * that could not be understood is compared as it is stored, not as the first sight read for it, so that
   * only what upwatch has to repair is written.
   */
  private updateOf({ key, previous, next }: Write) {
    const stored = previous && this.unreadable.get(previous)
    const before = stored ?? (previous ? storedAttributes(previous) : {})
    const after = attributesOf(next, previous)
    const expected = stored ? stored.version : previous?.version
    // The item as decoded holds defaults it may not have stored: the first write gives it every attribute.
    const firstWrite = stored === undefined && expected === undefined
    const set = Object.keys(after).filter(
      name => after[name] !== undefined && (firstWrite || !sameValue(before[name], after[name]))
    )
    const remove = Object.keys(before).filter(name => before[name] !== undefined && after[name] === undefined)

    // Placeholders by position: attribute names need not be valid placeholder names.
    const names: Record<string, string> = {}
    const values: Record<string, unknown> = {}
    const assignments = set.map((name, index) => {
      names[`#s${index}`] = name
      values[`:s${index}`] = after[name]
      return `#s${index} = :s${index}`
    })
    const removals = remove.map((name, index) => {
      names[`#r${index}`] = name
      return `#r${index}`
    })
    const expression = [`SET ${assignments.join(', ')}`]
    if (removals.length > 0) expression.push(`REMOVE ${removals.join(', ')}`)

    let condition: string
    if (previous === undefined) {
      condition = 'attribute_not_exists(#url)'
      names['#url'] = 'url'
    } else if (expected === undefined) {
      condition = 'attribute_exists(#url) AND attribute_not_exists(#version)'
      names['#url'] = 'url'
      names['#version'] = 'version'
    } else if (typeof expected === 'number' || expected instanceof NumberValue) {
      condition = '#version = :expected'
      names['#version'] = 'version'
      values[':expected'] = expected
    } else {
      // A version that is not a number, which a write replaces with one: whatever it holds (a map need not
      // read back exactly: a key __proto__ is lost), the item is as read while it is not a number.
      condition = 'attribute_exists(#url) AND NOT attribute_type(#version, :number)'
      names['#url'] = 'url'
      names['#version'] = 'version'
      values[':number'] = 'N'
    }
    return {
      TableName: this.table,
      Key: { url: key.url, name: key.name },
      UpdateExpression: expression.join(' '),
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values
    }
  }

  private failure(action: string, error: unknown): UserError {
    const hint =
      error instanceof Error && /^ResourceNotFound(Exception)?$/.test(error.name)
        ? `the table does not exist in this region. Create it (partition key url, sort key name, both strings; see the README) or fix the input dynamodb-table`
        : explainAwsError(error)
    return new UserError(`Could not ${action} the DynamoDB table ${this.table}: ${hint}.`)
  }
}

class Unprocessed extends Error {
  constructor(operation: string, count: number, last: boolean) {
    const after = last ? ` after ${BATCH_ATTEMPTS} attempts (the table is throttled)` : ''
    super(`${operation} left ${count} unprocessed${after}`)
  }
}

/** The error of one statement in a batch, named by its code as the SDK names errors. */
class StatementError extends Error {
  constructor(
    readonly target: string,
    code: string,
    message = ''
  ) {
    super(message)
    this.name = code
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const batches: T[][] = []
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size))
  return batches
}

/**
 * A stored number: as a number when JavaScript holds it exactly, else kept exact as a NumberValue (which the
 * SDK would otherwise make a BigInt of, or fail on, failing the whole read for one item with a huge number).
 */
function readNumber(text: string): number | NumberValue {
  const number = Number(text)
  return Number.isSafeInteger(number) || (Number.isFinite(number) && !Number.isInteger(number))
    ? number
    : NumberValue.from(text)
}

/**
 * Attribute values compared as DynamoDB stores them: of one type and with the same content. JSON would not
 * do: it writes a set, binary and a map alike, and an item read as stored may hold any of them.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof NumberValue && b instanceof NumberValue) return a.toString() === b.toString()
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(b)
  if (a instanceof Set && b instanceof Set)
    return a.size === b.size && [...a].every(item => [...b].some(other => sameValue(item, other)))
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]))
  if (isMap(a) && isMap(b)) {
    // Undefined values are not stored (removeUndefinedValues).
    const keys = (map: Record<string, unknown>) => Object.keys(map).filter(key => map[key] !== undefined)
    const [ours, theirs] = [keys(a), keys(b)]
    return (
      ours.length === theirs.length && ours.every(key => Object.hasOwn(b, key) && sameValue(a[key], b[key]))
    )
  }
  return a === b
}
