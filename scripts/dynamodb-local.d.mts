// Types of dynamodb-local.mjs, for the tests written in TypeScript.
import { type ChildProcess } from 'node:child_process'

export function installDynamoDbLocal(): string
export function startDynamoDbLocal(): Promise<{ endpoint: string; child: ChildProcess }>
export function createStateTable(
  endpoint: string,
  name: string,
  credentials: { accessKeyId: string; secretAccessKey: string }
): Promise<void>

/**
 * What befalls one call. `throttle`: it is answered 400 ProvisionedThroughputExceededException and not sent on.
 * `unprocessed`: its first so many items (BatchGetItem keys, BatchWriteItem requests, BatchExecuteStatement
 * statements) are not sent on, and come back as DynamoDB returns what it did not process: in UnprocessedKeys,
 * in UnprocessedItems, or as an error with `code` (ProvisionedThroughputExceeded unless given) per statement.
 */
export type Fault = 'throttle' | { unprocessed: number; code?: string }

export interface CountingProxy {
  endpoint: string
  /** Calls by DynamoDB operation (BatchGetItem, UpdateItem…) since the last reset, disturbed ones too. */
  calls(): Record<string, number>
  /** Each call's operation, the access key that signed it, and its JSON body as the client sent it, in order. */
  requests(): { operation: string; signedBy?: string; body: Record<string, unknown> }[]
  /** Faults for the next calls of an operation, one call each, in order; calls after them pass untouched. */
  inject(operation: string, ...faults: Fault[]): void
  /** Forgets the counts, the requests and the faults not met yet. */
  reset(): void
  close(): Promise<void>
}
export function countingProxy(upstreamEndpoint: string): Promise<CountingProxy>
