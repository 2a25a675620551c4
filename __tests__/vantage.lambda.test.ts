// The Lambda stand-in of support/lambda.ts, through the SDK the action uses: what @aws-sdk/client-lambda
// makes of its answers is what it makes of real Lambda's, so that tests of the action against it hold in AWS.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda'
import http from 'node:http'
import { type VantageRequest } from '../src/vantages/model.js'
import { functionArn, LAMBDA_CREDENTIALS, startLambda, type LambdaStandIn } from './support/lambda.js'
import { listen } from './support/servers.js'

const EU = functionArn('eu-west-1')
const TOKYO = functionArn('ap-northeast-1')
const FROM_LOCALHOST = functionArn('eu-west-1', 'from-localhost')
const SLOW = functionArn('eu-west-1', 'slow')
const LATE = functionArn('eu-west-1', 'late')
const FAILING = functionArn('eu-west-1', 'failing')
const GONE = functionArn('eu-west-1', 'gone')
const THROTTLED = functionArn('eu-west-1', 'throttled')
const BROKEN = functionArn('eu-west-1', 'broken')

let lambda: LambdaStandIn
/** Answers 200 to 127.0.0.2, the vantages' address, and 403 to anyone else. */
let target: http.Server
let targetUrl: string
const clients = new Map<string, LambdaClient>()
const endpointBefore = process.env.AWS_ENDPOINT_URL_LAMBDA

beforeAll(async () => {
  target = http.createServer((request, response) => {
    const caller = request.socket.remoteAddress
    response.writeHead(caller === '127.0.0.2' ? 200 : 403).end(`you are ${caller}`)
  })
  targetUrl = `http://127.0.0.1:${await listen(target)}/`
  lambda = await startLambda({
    [EU]: {},
    [TOKYO]: {},
    [FROM_LOCALHOST]: { env: {} },
    [SLOW]: { delayMs: 20 },
    [LATE]: { delayMs: 60_000 },
    [FAILING]: { error: 'Unhandled' },
    [GONE]: { status: 404 },
    [THROTTLED]: { status: 429 },
    [BROKEN]: { status: 500 }
  })
  // As the action is pointed at it: the SDK's own setting, no endpoint in the code.
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint
})

afterAll(async () => {
  for (const client of clients.values()) client.destroy()
  if (endpointBefore === undefined) delete process.env.AWS_ENDPOINT_URL_LAMBDA
  else process.env.AWS_ENDPOINT_URL_LAMBDA = endpointBefore
  target.closeAllConnections()
  await Promise.all([lambda.close(), new Promise(resolve => target.close(resolve))])
})

/** One client per region, as the action needs; one attempt, since the SDK retries 429 and 500. */
function client(region: string): LambdaClient {
  const found =
    clients.get(region) ?? new LambdaClient({ region, credentials: LAMBDA_CREDENTIALS, maxAttempts: 1 })
  clients.set(region, found)
  return found
}

const regionOf = (arn: string) => arn.split(':')[3]

const request = (): VantageRequest => ({ checks: [{ id: 'home', url: targetUrl, timeoutMs: 2000 }] })

function invoke(arn: string, payload: unknown = request(), options: { abortSignal?: AbortSignal } = {}) {
  const command = new InvokeCommand({ FunctionName: arn, Payload: JSON.stringify(payload) })
  return client(regionOf(arn)).send(command, options)
}

const payloadOf = (output: InvokeCommandOutput): unknown =>
  JSON.parse(new TextDecoder().decode(output.Payload))

/** Waits for the stand-in to have done something, a turn of the event loop at a time. */
async function until(done: () => boolean) {
  while (!done()) await new Promise(resolve => setImmediate(resolve))
}

/** What send() rejected with. */
async function failure(sent: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await sent.then(
    () => undefined,
    (error: unknown) => error
  )
  expect(error).toBeInstanceOf(Error)
  return error as Record<string, unknown>
}

describe('the Lambda stand-in, through the SDK', () => {
  it('runs the real vantage in each region, probing from 127.0.0.2, and records each call with its region', async () => {
    const before = Date.now()
    const [eu, tokyo] = await Promise.all([invoke(EU), invoke(TOKYO)])
    for (const output of [eu, tokyo]) {
      expect(output).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' })
      expect(output.FunctionError).toBeUndefined()
      expect(payloadOf(output)).toMatchObject({
        results: [{ id: 'home', status: 200, body: 'you are 127.0.0.2' }]
      })
    }
    expect(lambda.count(EU)).toBe(1)
    expect(lambda.count(TOKYO)).toBe(1)
    const calls = lambda.calls.filter(call => call.arn === EU || call.arn === TOKYO)
    expect(calls.map(call => [call.arn, call.region]).sort()).toEqual([
      [TOKYO, 'ap-northeast-1'],
      [EU, 'eu-west-1']
    ])
    for (const call of calls) {
      expect(call).toMatchObject({ invocationType: 'RequestResponse', payload: request() })
      expect(call.qualifier).toBeUndefined()
      expect(call.receivedAt).toBeGreaterThanOrEqual(before)
    }
  })

  it('gives a vantage the environment it is configured with: without the address, it probes from 127.0.0.1', async () => {
    const output = await invoke(FROM_LOCALHOST)
    expect(payloadOf(output)).toMatchObject({ results: [{ status: 403, body: 'you are 127.0.0.1' }] })
  })

  it('answers a delayed vantage after its delay, with its results', async () => {
    const output = await invoke(SLOW)
    expect(payloadOf(output)).toMatchObject({ results: [{ status: 200 }] })
  })

  it("keeps a late vantage's answer past the caller's deadline, which the SDK reports as an abort", async () => {
    const deadline = new AbortController()
    const sent = failure(invoke(LATE, request(), { abortSignal: deadline.signal }))
    await until(() => lambda.count(LATE) === 1)
    deadline.abort()
    expect((await sent).name).toBe('AbortError')
  })

  it('reads ?Qualifier= and answers with the version it ran', async () => {
    const command = new InvokeCommand({
      FunctionName: EU,
      Qualifier: '7',
      Payload: JSON.stringify(request())
    })
    const output = await client('eu-west-1').send(command)
    expect(output.ExecutedVersion).toBe('7')
    expect(lambda.calls.at(-1)).toMatchObject({ arn: EU, qualifier: '7' })
  })

  it('runs nothing for a DryRun, and says so with 204', async () => {
    const command = new InvokeCommand({ FunctionName: EU, InvocationType: 'DryRun', Payload: '{}' })
    const output = await client('eu-west-1').send(command)
    expect(output.StatusCode).toBe(204)
    expect(lambda.calls.at(-1)).toMatchObject({ arn: EU, invocationType: 'DryRun' })
  })
})

describe('the Lambda stand-in, failing as Lambda does', () => {
  it('answers a function error as a 200 with X-Amz-Function-Error and the error as the payload', async () => {
    const output = await invoke(FAILING)
    expect(output).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' })
    expect(payloadOf(output)).toMatchObject({ errorType: 'Error', errorMessage: 'the function failed' })
  })

  it('turns what the real handler throws into a function error: a request without checks', async () => {
    const output = await invoke(EU, { deadlineMs: 1000 })
    expect(output.FunctionError).toBe('Unhandled')
    expect(payloadOf(output)).toMatchObject({ errorMessage: 'expected { checks: [...], deadlineMs? }' })
  })

  it('answers an unknown function, or one configured as gone, with ResourceNotFoundException', async () => {
    const unknown = functionArn('eu-west-1', 'nobody')
    for (const arn of [unknown, GONE]) {
      const error = await failure(invoke(arn))
      expect(error).toMatchObject({
        name: 'ResourceNotFoundException',
        message: `Function not found: ${arn}`,
        $fault: 'client',
        $metadata: { httpStatusCode: 404 }
      })
    }
    expect(lambda.count(unknown)).toBe(1)
  })

  it('refuses a function of another region than the request was signed for, as Lambda does', async () => {
    const command = new InvokeCommand({ FunctionName: TOKYO, Payload: JSON.stringify(request()) })
    const error = await failure(client('eu-west-1').send(command))
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Functions from 'ap-northeast-1' are not reachable in this region ('eu-west-1')"
    })
  })

  it('throttles with TooManyRequestsException, its Retry-After and reason', async () => {
    const error = await failure(invoke(THROTTLED))
    expect(error).toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Rate Exceeded.',
      retryAfterSeconds: '1',
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      $metadata: { httpStatusCode: 429 }
    })
    expect(lambda.count(THROTTLED)).toBe(1)
  })

  it('fails on its side with ServiceException, a server fault', async () => {
    const error = await failure(invoke(BROKEN))
    expect(error).toMatchObject({
      name: 'ServiceException',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 }
    })
  })

  it('answers 403 to a request without a SigV4 signature, and records no call', async () => {
    const calls = lambda.count()
    const response = await fetch(
      `${lambda.endpoint}/2015-03-31/functions/${encodeURIComponent(EU)}/invocations`,
      {
        method: 'POST',
        body: JSON.stringify(request())
      }
    )
    expect(response.status).toBe(403)
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' })
    expect(lambda.count()).toBe(calls)
  })
})

describe('closing the Lambda stand-in', () => {
  it('ends the requests it holds, hanging or delayed', async () => {
    const hanging = functionArn('eu-west-1', 'hanging')
    const own = await startLambda({ [hanging]: { hang: true }, [LATE]: { delayMs: 60_000 } })
    const local = new LambdaClient({
      region: 'eu-west-1',
      endpoint: own.endpoint,
      credentials: LAMBDA_CREDENTIALS,
      maxAttempts: 1
    })
    const sent = [hanging, LATE].map(arn =>
      failure(local.send(new InvokeCommand({ FunctionName: arn, Payload: JSON.stringify(request()) })))
    )
    await until(() => own.count() === 2)
    await own.close()
    for (const error of await Promise.all(sent)) expect(error.message).toMatch(/socket hang up/)
    local.destroy()
  })
})
