// Types of dynamodb-local.mjs, for the tests written in TypeScript.
import { type ChildProcess } from 'node:child_process'

export function installDynamoDbLocal(): string
export function startDynamoDbLocal(): Promise<{ endpoint: string; child: ChildProcess }>
export function createStateTable(
  endpoint: string,
  name: string,
  credentials: { accessKeyId: string; secretAccessKey: string }
): Promise<void>

export interface CountingProxy {
  endpoint: string
  /** Calls by DynamoDB operation (BatchGetItem, UpdateItem…) since the last reset. */
  calls(): Record<string, number>
  /** Each call's operation, the access key that signed it, and its JSON body, in order. */
  requests(): { operation: string; signedBy?: string; body: Record<string, unknown> }[]
  reset(): void
  close(): Promise<void>
}
export function countingProxy(upstreamEndpoint: string): Promise<CountingProxy>
