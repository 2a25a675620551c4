// What the end-to-end tests of vantages share: the real parts (useParts), the Lambda stand-in with a vantage in
// eu-west-1 and one in ap-northeast-1, a table and a mailbox per test, and targets that answer by the caller's
// address, as a firewall does: 127.0.0.1 is the runner, 127.0.0.2 the vantages.
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import http from 'node:http'
import { type StoredState } from '../../src/state/model.js'
import { targetsFile, type Env, type Inputs } from './action.js'
import { createTable, dynamoClient, type Mailbox, type ReceivedMail } from './aws.js'
import { functionArn, startLambda, type LambdaFunction, type LambdaStandIn } from './lambda.js'
import { listen } from './servers.js'
import { useParts, type Parts } from './parts.js'

/** The address the runner's own checks leave from. */
export const RUNNER_ADDRESS = '127.0.0.1'
export const EU = functionArn('eu-west-1')
export const TOKYO = functionArn('ap-northeast-1')

/**
 * What a target does with a request: answer with a status, reset the connection (as a firewall that rejects),
 * or never answer (as one that drops what comes after the handshake).
 */
export type Answer = number | 'reset' | 'silent'

/** A target server whose answer to each target depends on who asks. */
export interface Gate {
  url(name: string): string
  /** What `name` does from now on (200 until set): to everyone, or to the callers from `addresses` only. */
  answer(name: string, answer: Answer, ...addresses: string[]): void
  /** Requests for `name` from `address`. */
  requests(name: string, address: string): number
  /** Every target answers 200 again, and no request is counted. */
  reset(): void
  close(): Promise<void>
}

export async function startGate(): Promise<Gate> {
  const answers = new Map<string, Map<string, Answer>>()
  const counts = new Map<string, number>()
  const server = http.createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://gate').pathname.slice(1))
    const caller = request.socket.remoteAddress ?? ''
    counts.set(`${name} ${caller}`, (counts.get(`${name} ${caller}`) ?? 0) + 1)
    const byCaller = answers.get(name)
    const answer = byCaller?.get(caller) ?? byCaller?.get('*') ?? 200
    if (answer === 'reset') request.socket.resetAndDestroy()
    else if (answer !== 'silent')
      response.writeHead(answer, { 'content-type': 'text/plain' }).end(`${answer} for ${caller}\n`)
  })
  const port = await listen(server)
  return {
    url: name => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    answer: (name, answer, ...addresses) => {
      if (addresses.length === 0) answers.set(name, new Map([['*', answer]]))
      else {
        const byCaller = answers.get(name) ?? new Map<string, Answer>()
        for (const address of addresses) byCaller.set(address, answer)
        answers.set(name, byCaller)
      }
    },
    requests: (name, address) => counts.get(`${name} ${address}`) ?? 0,
    reset: () => {
      answers.clear()
      counts.clear()
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  }
}

export interface PlacesParts {
  parts: Parts
  lambda: LambdaStandIn
  gate: Gate
  /** The parts' environment, with AWS_ENDPOINT_URL_LAMBDA at the stand-in. */
  env: Env
  /** This test's table. */
  table: string
  /**
   * Targets on the gate, or at the URLs of `urls`, with the inputs of a run that asks both vantages;
   * `defaults` is added to the file's defaults, `entries` to the entries of the targets it names, `inputs` to
   * the run's.
   */
  watch: (
    names: string[],
    options?: {
      defaults?: string
      entries?: Record<string, string>
      urls?: Record<string, string>
      inputs?: Inputs
    }
  ) => Inputs
  /** A target's item as the table holds it. */
  stored: (name: string) => Promise<StoredState>
  /** Every mail published since the last call. */
  mails: () => Promise<ReceivedMail[]>
}

/** The vantages as deployed: both answer, probing from VANTAGE_ADDRESS. */
const DEPLOYED: Record<string, LambdaFunction> = { [EU]: {}, [TOKYO]: {} }

/**
 * Starts the parts, the stand-in and the gate before a file's tests; before each, a table, a mailbox, the
 * vantages as deployed with no calls recorded, and every target answering 200. Read the fields in tests and
 * hooks.
 */
export function usePlaces(): PlacesParts {
  const parts = useParts()
  const documents = DynamoDBDocumentClient.from(dynamoClient())
  const shared = { parts } as PlacesParts
  let mailbox: Mailbox
  shared.mails = () => mailbox.take()
  shared.stored = async name => {
    const Key = { url: shared.gate.url(name), name }
    const { Item } = await documents.send(new GetCommand({ TableName: shared.table, Key }))
    return Item as StoredState
  }
  shared.watch = (names, { defaults = '', entries = {}, urls = {}, inputs = {} } = {}) => {
    const lines = names.map(
      name => `  - { name: ${name}, url: "${urls[name] ?? shared.gate.url(name)}"${entries[name] ?? ''} }`
    )
    return {
      targets: targetsFile(`defaults: { retries: 0${defaults} }\ntargets:\n${lines.join('\n')}\n`),
      'dynamodb-table': shared.table,
      'sns-topic-arn': mailbox.topicArn,
      vantages: `${EU}\n${TOKYO}`,
      ...inputs
    }
  }
  beforeAll(async () => {
    shared.lambda = await startLambda(DEPLOYED)
    shared.gate = await startGate()
  })
  afterAll(async () => {
    documents.destroy()
    await Promise.all([shared.lambda.close(), shared.gate.close()])
  })
  beforeEach(async () => {
    shared.lambda.functions.clear()
    for (const [arn, fn] of Object.entries(DEPLOYED)) shared.lambda.functions.set(arn, fn)
    shared.lambda.calls.length = 0
    shared.gate.reset()
    shared.table = await createTable()
    mailbox = await parts.fauxqs.mailbox()
    shared.env = { ...parts.env, AWS_ENDPOINT_URL_LAMBDA: shared.lambda.endpoint }
  })
  return shared
}
