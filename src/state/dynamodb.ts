import * as core from '@actions/core'
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { BatchGetCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { explainAwsError } from '../aws.js'
import { UserError } from '../errors.js'
import { mapLimit } from '../limit.js'
import { logRetries, retry } from '../retry.js'
import { keyOf, type TargetKey } from '../targets/model.js'
import { type Health, type Pending, type StoredState } from './model.js'
import { RELEASED, type Settlement, type StateStore, type Write } from './store.js'

/** BatchGetItem takes at most 100 keys a call. */
const BATCH = 100
/** Conditional writes in flight at once. */
const WRITE_CONCURRENCY = 16

/**
 * State in a DynamoDB table keyed by `url` (partition) and `name` (sort), as the legacy Lambda's table is.
 * `status` (BOOL, true when up) is kept for it; upwatch's own attributes sit beside it.
 */
export class DynamoDbStateStore implements StateStore {
  private readonly documents: DynamoDBDocumentClient

  constructor(
    client: DynamoDBClient,
    private readonly table: string
  ) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } })
  }

  async read(keys: TargetKey[]): Promise<Map<string, StoredState>> {
    const batches: TargetKey[][] = []
    for (let start = 0; start < keys.length; start += BATCH) batches.push(keys.slice(start, start + BATCH))
    const found = new Map<string, StoredState>()
    await Promise.all(
      batches.map(async batch => {
        for (const item of await this.readBatch(batch))
          found.set(keyOf({ url: String(item.url), name: String(item.name) }), fromItem(item))
      })
    )
    return found
  }

  /**
   * One BatchGetItem, then the unprocessed keys again with backoff until none are left. Failed calls are
   * retried by the SDK itself; what is left after that is a real failure.
   */
  private async readBatch(keys: TargetKey[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = []
    let remaining: Record<string, unknown>[] = keys.map(({ url, name }) => ({ url, name }))
    try {
      await retry(
        async () => {
          const response = await this.documents.send(
            new BatchGetCommand({ RequestItems: { [this.table]: { Keys: remaining, ConsistentRead: true } } })
          )
          items.push(...(response.Responses?.[this.table] ?? []))
          remaining = response.UnprocessedKeys?.[this.table]?.Keys ?? []
          if (remaining.length > 0) throw new UnprocessedKeys(remaining.length)
        },
        {
          attempts: 8,
          baseDelayMs: 100,
          maxDelayMs: 5000,
          retryable: error => error instanceof UnprocessedKeys,
          onRetry: logRetries(`BatchGetItem on ${this.table}`, core.debug)
        }
      )
    } catch (error) {
      throw this.failure('read the state of the targets from', error)
    }
    return items
  }

  async commit(writes: Write[]): Promise<Set<string>> {
    const lost = new Set<string>()
    await mapLimit(writes, WRITE_CONCURRENCY, async write => {
      try {
        await this.documents.send(new UpdateCommand(this.updateOf(write)))
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) lost.add(keyOf(write.key))
        else throw this.failure(`write the state of ${write.key.name} to`, error)
      }
    })
    return lost
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

  /**
   * The update that turns the item as read into `next`, built from the two states themselves, so that no
   * attribute is forgotten: what differs is set, what `next` no longer has is removed, and attributes upwatch
   * does not know (other tools' own) are left as they are. Conditional on the item being as read.
   */
  private updateOf({ key, previous, next }: Write) {
    const before = (previous ?? {}) as Record<string, unknown>
    const after: Record<string, unknown> = {
      ...next,
      // Kept for the legacy Lambda, which reads only this: true when up.
      status: next.state !== 'down',
      version: (previous?.version ?? 0) + 1
    }
    const firstWrite = previous?.version === undefined
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
    } else if (previous.version === undefined) {
      condition = 'attribute_exists(#url) AND attribute_not_exists(#version)'
      names['#url'] = 'url'
      names['#version'] = 'version'
    } else {
      condition = '#version = :expected'
      names['#version'] = 'version'
      values[':expected'] = previous.version
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
      error instanceof Error && error.name === 'ResourceNotFoundException'
        ? `the table does not exist in this region. Create it (partition key url, sort key name, both strings; see the README) or fix the input dynamodb-table`
        : explainAwsError(error)
    return new UserError(`Could not ${action} the DynamoDB table ${this.table}: ${hint}.`)
  }
}

class UnprocessedKeys extends Error {
  constructor(count: number) {
    super(`${count} keys were left unprocessed after every retry (the table is throttled)`)
  }
}

/**
 * An item as upwatch sees it: every attribute but the key, with defaults for what older items lack. An item
 * the legacy Lambda wrote has only `status`.
 */
function fromItem(item: Record<string, unknown>): StoredState {
  const { url: _, name: __, status, ...attributes } = item
  const state = (attributes.state as Health | undefined) ?? (status === false ? 'down' : 'up')
  return {
    ...attributes,
    state,
    failures: Number(attributes.failures ?? 0),
    successes: Number(attributes.successes ?? 0),
    pending: (attributes.pending as Record<string, Pending> | undefined) ?? {},
    // Items written before announcements were kept, and the legacy Lambda's: their state was mailed.
    announced: (attributes.announced as Health | undefined) ?? state,
    announcedSince: (attributes.announcedSince ?? attributes.since) as string | undefined,
    version: attributes.version === undefined ? undefined : Number(attributes.version)
  }
}

/** Attribute values compared as DynamoDB stores them. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
