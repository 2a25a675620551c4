// Lambda's Invoke API on 127.0.0.1, as @aws-sdk/client-lambda speaks it (restJson1: the route, headers and
// error shapes of its schemas_0.js), for the vantages: each function ARN runs the real handler of
// infra/vantage.yml in this process, or answers as a failing function or service would. Point the action at
// it with AWS_ENDPOINT_URL_LAMBDA=endpoint: one endpoint serves every region, and the region a request is for
// is the one its SigV4 credential scope names, so a client of the wrong region is refused as Lambda refuses it.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { type VantageRequest } from '../../src/vantages/model.js'
import { listen } from './servers.js'
import { loadVantage, template, type Vantage } from './vantage.js'

/** Lambda credentials for the tests: letters and digits, so that no encoding hides a mistake. */
export const LAMBDA_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secrettest' }

/** The address the vantages' probes leave from unless a function's `env` says otherwise. */
export const VANTAGE_ADDRESS = '127.0.0.2'

/** An account's ARN for a function in `region`. */
export const functionArn = (region: string, name = 'upwatch-vantage') =>
  `arn:aws:lambda:${region}:123456789012:function:${name}`

/**
 * What invoking a function does. `{}` is the vantage as deployed; `delayMs` makes it answer that much later
 * (a vantage that misses the action's deadline), `env` replaces its environment. The others are faults: a
 * function error, a service error by status, or a request taken and never answered.
 */
export type LambdaFunction =
  | { env?: NodeJS.ProcessEnv; delayMs?: number }
  | { error: 'Unhandled' }
  | { status: 404 | 429 | 500 }
  | { hang: true }

/** One Invoke that was signed and held JSON, whatever the function then did. */
export interface LambdaCall {
  /** As the caller named the function, without a qualifier: the full ARN when it sent one. */
  arn: string
  /** The ARN's region; for a bare function name, the region the request was signed for. */
  region: string
  /** `?Qualifier=`, or the ARN's version or alias. */
  qualifier?: string
  /** X-Amz-Invocation-Type: RequestResponse unless sent. */
  invocationType: string
  payload: VantageRequest
  /** Date.now() when the request arrived. */
  receivedAt: number
}

export interface LambdaStandIn {
  /** http://127.0.0.1:port, for AWS_ENDPOINT_URL_LAMBDA or a client's `endpoint`. */
  endpoint: string
  /** The functions by unqualified ARN; change them between passes. Any other ARN is not found. */
  functions: Map<string, LambdaFunction>
  calls: LambdaCall[]
  /** Calls to `arn`, or to any function. */
  count(arn?: string): number
  /**
   * Ends pending requests (delayed, hanging) as well. Checks a vantage is running go on to their own timeout;
   * a delayed vantage that has not started never does.
   */
  close(): Promise<void>
}

const INVOCATIONS = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/
const ARN = /^(arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:function:[A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/
/** SigV4's credential scope: key/date/region/service/aws4_request. */
const SIGNED_REGION = /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/lambda\/aws4_request,/
/** The function's timeout in the template: the handler is told what is left of it. */
const TIMEOUT_MS = (template.Resources.Function.Properties.Timeout as number) * 1000

export async function startLambda(functions: Record<string, LambdaFunction>): Promise<LambdaStandIn> {
  const known = new Map(Object.entries(functions))
  const calls: LambdaCall[] = []
  const vantages = new WeakMap<LambdaFunction, Vantage>()
  const timers = new Set<NodeJS.Timeout>()
  const sleep = (ms: number) =>
    new Promise<void>(resolve => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })

  const run = async (fn: LambdaFunction, arn: string, payload: VantageRequest): Promise<Answer> => {
    if ('hang' in fn) return new Promise<never>(() => {})
    if ('status' in fn) return serviceError(fn.status, arn)
    if ('error' in fn) return functionError(new Error('the function failed'))
    if (fn.delayMs) await sleep(fn.delayMs)
    let vantage = vantages.get(fn)
    if (!vantage) {
      vantage = loadVantage(fn.env ?? { UPWATCH_VANTAGE_LOCAL_ADDRESS: VANTAGE_ADDRESS })
      vantages.set(fn, vantage)
    }
    try {
      return { status: 200, body: await vantage.invoke(payload, TIMEOUT_MS - (fn.delayMs ?? 0)) }
    } catch (error) {
      return functionError(error as Error)
    }
  }

  const invoke = async (request: http.IncomingMessage, body: string): Promise<Answer> => {
    const url = new URL(request.url ?? '/', 'http://lambda')
    const route = INVOCATIONS.exec(url.pathname)
    if (request.method !== 'POST' || !route) return unknownOperation(request.method, url.pathname)
    const signedRegion = SIGNED_REGION.exec(request.headers.authorization ?? '')?.[1]
    if (!signedRegion) return unsigned(request.headers.authorization)
    let payload: VantageRequest
    try {
      payload = (body === '' ? {} : JSON.parse(body)) as VantageRequest
    } catch (error) {
      const message = `Could not parse request body into json: ${(error as Error).message}`
      return { status: 400, type: 'InvalidRequestContentException', body: { Type: 'User', message } }
    }
    const name = decodeURIComponent(route[1])
    const [, arn = name, arnRegion, arnQualifier] = ARN.exec(name) ?? []
    const qualifier = url.searchParams.get('Qualifier') ?? arnQualifier
    const call: LambdaCall = {
      arn,
      region: arnRegion ?? signedRegion,
      ...(qualifier !== undefined && { qualifier }),
      invocationType: request.headers['x-amz-invocation-type']?.toString() ?? 'RequestResponse',
      payload,
      receivedAt: Date.now()
    }
    calls.push(call)
    if (call.region !== signedRegion)
      return notFound(`Functions from '${call.region}' are not reachable in this region ('${signedRegion}')`)
    const fn = known.get(arn)
    if (!fn) return notFound(`Function not found: ${name}`)
    // Event and DryRun only queue or check an invocation: nothing a vantage could answer.
    if (call.invocationType === 'Event') return { status: 202 }
    if (call.invocationType === 'DryRun') return { status: 204 }
    const answer = await run(fn, name, payload)
    // A version runs as itself; an alias is not resolved.
    const version = qualifier !== undefined && /^\d+$/.test(qualifier) ? qualifier : '$LATEST'
    return { ...answer, headers: { 'X-Amz-Executed-Version': version, ...answer.headers } }
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      void invoke(request, Buffer.concat(chunks).toString('utf8')).then(answer => {
        if (response.destroyed) return
        const headers: Record<string, string> = { 'x-amzn-RequestId': randomUUID(), ...answer.headers }
        if (answer.type) headers['x-amzn-ErrorType'] = answer.type
        if (answer.body === undefined) return response.writeHead(answer.status, headers).end()
        headers['Content-Type'] = 'application/json'
        response.writeHead(answer.status, headers).end(JSON.stringify(answer.body))
      })
    })
  })
  const port = await listen(server)
  return {
    endpoint: `http://127.0.0.1:${port}`,
    functions: known,
    calls,
    count: arn => calls.filter(call => arn === undefined || call.arn === arn).length,
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  }
}

interface Answer {
  status: number
  headers?: Record<string, string>
  /** A service error's name, for x-amzn-ErrorType. */
  type?: string
  /** Sent as JSON; none for Event and DryRun. */
  body?: unknown
}

/** As the Node.js runtime reports an error the handler threw: a 200 whose payload is the error. */
function functionError(error: Error): Answer {
  const body = { errorType: error.name, errorMessage: error.message, trace: error.stack?.split('\n') ?? [] }
  return { status: 200, headers: { 'X-Amz-Function-Error': 'Unhandled' }, body }
}

function notFound(Message: string): Answer {
  return { status: 404, type: 'ResourceNotFoundException', body: { Type: 'User', Message } }
}

/** The service errors a fault can choose, with the bodies Lambda sends. */
function serviceError(status: 404 | 429 | 500, name: string): Answer {
  if (status === 404) return notFound(`Function not found: ${name}`)
  if (status === 429)
    return {
      status,
      headers: { 'Retry-After': '1' },
      type: 'TooManyRequestsException',
      body: {
        Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
        Type: 'User',
        message: 'Rate Exceeded.'
      }
    }
  return {
    status,
    type: 'ServiceException',
    body: { Type: 'Service', Message: 'An internal error occurred.' }
  }
}

/** What AWS's front door says to a request without a SigV4 signature for Lambda. */
function unsigned(authorization: string | undefined): Answer {
  if (authorization === undefined)
    return {
      status: 403,
      type: 'MissingAuthenticationTokenException',
      body: { message: 'Missing Authentication Token' }
    }
  const message = 'Authorization header requires a SigV4 Credential scope for the lambda service.'
  return { status: 403, type: 'IncompleteSignatureException', body: { message } }
}

function unknownOperation(method: string | undefined, path: string): Answer {
  const message = `The stand-in serves Invoke only, not ${method} ${path}`
  return { status: 404, type: 'UnknownOperationException', body: { message } }
}
