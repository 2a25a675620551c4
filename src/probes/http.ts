import { type Readable, finished } from 'node:stream'
import { Client, request } from 'undici'
import { basicToken } from '../redact.js'
import { type Target } from '../targets/model.js'
import { type Connections } from './connections.js'
import { judgeHttp, type Redact } from './expect.js'
import { MAX_BODY_BYTES, type Attempt } from './model.js'

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308])

/**
 * Why a redirect was returned rather than followed, by the redirects the target follows: the target is down
 * with the redirect's status. A vantage says which (vantages/model.ts), and its verdict reads the same.
 */
export const NOT_FOLLOWED: Record<'too-many' | 'scheme' | 'secret', (redirects: number) => string> = {
  'too-many': redirects => `more than ${redirects} redirects`,
  scheme: () => 'redirect to a URL that is not http or https, not followed',
  secret: () => 'redirect to another origin not followed: it would carry a secret'
}

/**
 * One HTTP attempt: the request, redirects followed, and the body read (up to MAX_BODY_BYTES), until `signal`
 * says the target's time is up, then judged against the target's expectations. Throws on a network failure;
 * an unexpected answer is a result, not an error.
 */
export async function probeHttp(
  target: Target,
  connections: Connections,
  signal: AbortSignal,
  redact: Redact
): Promise<Attempt> {
  // A client per origin (a redirect may lead to another) and attempt: its connection is new, and the
  // attempt's own to time and to end. A Client, not an Agent, which makes the same Client behind a layer of
  // its own: 10-14% less CPU a check and 11-19 MB less at 512 in flight (two runs of 10,000 checks side by
  // side, on connections of their own, three times).
  const clients = new Map<string, Client>()
  const clientOf = (origin: string) => {
    let client = clients.get(origin)
    if (!client)
      clients.set(origin, (client = new Client(origin, { connect: connections.connector(!target.insecure) })))
    return client
  }
  const keepBody = Boolean(target.expect.body || target.expect.bodyNot || target.expect.json.length > 0)
  /** A redirect not followed: the target is down with the redirect's status. */
  const notFollowed = (status: number, reason: string): Attempt => ({
    ...measure(connections),
    health: 'down',
    status,
    reason,
    silent: false
  })
  try {
    let { url, headers } = withBasicAuth(target.address, target.headers)
    let method = target.method
    let body = target.body
    let { origin } = new URL(url)
    for (let hop = 0; ; hop++) {
      const response = await request(url, { method, headers, body, dispatcher: clientOf(origin), signal })
      connections.firstByte()
      const location = response.headers.location
      if (
        target.followRedirects > 0 &&
        REDIRECT_CODES.has(response.statusCode) &&
        typeof location === 'string'
      ) {
        await response.body.dump()
        if (hop === target.followRedirects)
          return notFollowed(response.statusCode, NOT_FOLLOWED['too-many'](target.followRedirects))
        const next = new URL(location, url)
        if (next.protocol !== 'http:' && next.protocol !== 'https:')
          return notFollowed(response.statusCode, NOT_FOLLOWED.scheme(target.followRedirects))
        // As browsers do: 303, and 301/302 after a POST, continue as a GET without a body.
        if (response.statusCode === 303 || (method === 'POST' && response.statusCode < 303)) {
          method = method === 'HEAD' ? 'HEAD' : 'GET'
          body = undefined
        }
        if (next.origin !== origin) {
          if (body !== undefined && target.secrets?.body)
            return notFollowed(response.statusCode, NOT_FOLLOWED.secret(target.followRedirects))
          headers = withoutSecrets(headers, target.secrets?.headers ?? [])
        }
        url = next.toString()
        origin = next.origin
        continue
      }
      const text = await readCapped(response.body, keepBody)
      const measured = measure(connections)
      const verdict = judgeHttp(
        {
          status: response.statusCode,
          headers: response.headers,
          body: text,
          latencyMs: measured.latencyMs,
          certificateValidTo: connections.certificateValidTo()
        },
        target.expect,
        Date.now(),
        redact
      )
      return { ...measured, ...verdict, status: response.statusCode, silent: false }
    }
  } finally {
    await Promise.all([...clients.values()].map(client => client.destroy(CHECK_OVER)))
  }
}

/**
 * What a check's clients are destroyed with once the check is over. Without one, undici makes an error per
 * client, and Node formats each one's stack trace as it destroys the socket: at 10,000 targets, 23 MB
 * of garbage and the time to make it. One error, made once, serves every check.
 */
const CHECK_OVER = new Error('the check is over')

/** Headers that carry credentials whatever they hold, and that browsers and curl keep from another origin. */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization'])

/**
 * The headers that may follow a redirect to another origin: neither credentials (those made from the URL's
 * user info included) nor headers that hold a secret. What is dropped stays dropped for the hops after, so
 * a secret never leaves its origin, for https to http neither.
 */
function withoutSecrets(headers: Record<string, string>, secret: string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !CREDENTIALS.has(name.toLowerCase()) && !secret.includes(name))
  )
}

function measure(connections: Connections): Pick<Attempt, 'latencyMs' | 'timings'> {
  const timings = connections.timings()
  return { latencyMs: timings.totalMs, timings }
}

/** `https://user:password@host/` as an Authorization header, since a URL's user info is not sent by itself. */
function withBasicAuth(
  address: string,
  headers: Record<string, string>
): { url: string; headers: Record<string, string> } {
  const url = new URL(address)
  if (url.username === '' && url.password === '') return { url: address, headers }
  // The token is the one the targets file registered as a secret (targets/parse.ts).
  const token = basicToken({
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password)
  })
  url.username = ''
  url.password = ''
  const hasAuthorization = Object.keys(headers).some(name => name.toLowerCase() === 'authorization')
  return {
    url: url.toString(),
    headers: hasAuthorization ? headers : { ...headers, Authorization: `Basic ${token}` }
  }
}

/**
 * Reads up to MAX_BODY_BYTES, keeping the text only when an expectation needs it; the rest is never read. With
 * listeners, not `for await`, whose iterator costs every check about 2 KB more and a little CPU: 12-15 MB less
 * at 512 checks in flight (side by side, three times). Ends as `for await` would: with the body's error (the
 * timeout's abort, a connection reset), or a premature close.
 */
function readCapped(body: Readable, keep: boolean): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let read = 0
    let capped = false
    const text = () => (keep ? Buffer.concat(chunks).toString('utf8') : undefined)
    const onData = (chunk: Buffer) => {
      const room = MAX_BODY_BYTES - read
      read += chunk.length
      if (keep) chunks.push(room < chunk.length ? chunk.subarray(0, room) : chunk)
      if (read >= MAX_BODY_BYTES) {
        capped = true
        body.off('data', onData)
        // finished() keeps its error listener, so the error this destroy emits is not an uncaught one.
        body.destroy()
        resolve(text())
      }
    }
    body.on('data', onData)
    finished(body, error => {
      if (capped) return
      if (error) reject(error)
      else resolve(text())
    })
  })
}
