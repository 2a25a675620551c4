import { basicToken } from '../redact.js'
import { type Target } from '../targets/model.js'
import { type Connections } from './connections.js'
import { judgeHttp, type Redact } from './expect.js'
import { MAX_BODY_BYTES, type Attempt } from './model.js'
import { hostOf } from './resolve.js'
import { Exchange, requestBytes } from './wire.js'

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308])

/**
 * Why a redirect was returned rather than followed, by the redirects the target follows: the target is down
 * with the redirect's status. A vantage says which (vantages/model.ts), and its verdict reads the same.
 */
export const NOT_FOLLOWED: Record<
  'too-many' | 'scheme' | 'invalid' | 'secret',
  (redirects: number) => string
> = {
  'too-many': redirects => `more than ${redirects} redirects`,
  scheme: () => 'redirect to a URL that is not http or https, not followed',
  invalid: () => 'redirect to an invalid URL, not followed',
  secret: () => 'redirect to another origin not followed: it would carry a secret'
}

/**
 * One HTTP attempt: the request, redirects followed, and the body read (up to MAX_BODY_BYTES), until the
 * target's time is up (its sockets destroyed with the timeout), then judged against the target's expectations.
 * Throws on a network failure; an unexpected answer is a result, not an error.
 */
export async function probeHttp(target: Target, connections: Connections, redact: Redact): Promise<Attempt> {
  const connect = connections.connector(!target.insecure)
  const keepBody = Boolean(target.expect.body || target.expect.bodyNot || target.expect.json.length > 0)
  /** A redirect not followed: the target is down with the redirect's status. */
  const notFollowed = (status: number, reason: string): Attempt => ({
    ...measure(connections),
    health: 'down',
    status,
    reason,
    silent: false
  })
  // Each hop on a connection of its own (a redirect may lead to another origin), which the attempt's end
  // destroys (connections.close in probe.ts), as its timeout does with the timeout as the error.
  let { url, headers } = withBasicAuth(target.address, target.headers)
  let method = target.method
  let body = target.body
  for (let hop = 0; ; hop++) {
    const request = requestBytes({ method, url, headers, body })
    // The connector calls back once connected (for https, past the handshake), never before it returns.
    const socket = connect(
      {
        hostname: hostOf(url),
        host: url.host,
        protocol: url.protocol,
        port: url.port
      },
      (error, ready) => {
        if (error) hopExchange.fail(error)
        else if (ready) hopExchange.send(request)
      }
    )
    const hopExchange = new Exchange(socket, method, keepBody, MAX_BODY_BYTES)
    const response = await hopExchange.head
    connections.firstByte()
    const location = response.headers.location
    if (target.followRedirects > 0 && REDIRECT_CODES.has(response.status) && typeof location === 'string') {
      socket.destroy()
      if (hop === target.followRedirects)
        return notFollowed(response.status, NOT_FOLLOWED['too-many'](target.followRedirects))
      const next = URL.parse(location, url.href)
      if (next === null) return notFollowed(response.status, NOT_FOLLOWED.invalid(target.followRedirects))
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        return notFollowed(response.status, NOT_FOLLOWED.scheme(target.followRedirects))
      // As browsers do: 303, and 301/302 after a POST, continue as a GET without a body.
      if (response.status === 303 || (method === 'POST' && response.status < 303)) {
        method = method === 'HEAD' ? 'HEAD' : 'GET'
        body = undefined
      }
      if (next.origin !== url.origin) {
        if (body !== undefined && target.secrets?.body)
          return notFollowed(response.status, NOT_FOLLOWED.secret(target.followRedirects))
        headers = withoutSecrets(headers, target.secrets?.headers ?? [])
      }
      url = next
      continue
    }
    const text = await hopExchange.body
    const measured = measure(connections)
    const verdict = judgeHttp(
      {
        status: response.status,
        headers: response.headers,
        body: text,
        latencyMs: measured.latencyMs,
        certificateValidTo: connections.certificateValidTo()
      },
      target.expect,
      Date.now(),
      redact
    )
    return { ...measured, ...verdict, status: response.status, silent: false }
  }
}

/**
 * Headers that stay with their origin: those that carry credentials whatever they hold, which browsers and curl
 * keep from another origin, and a Host the target set, which names its origin, not another (curl and undici
 * send the new origin's own).
 */
const ORIGIN_BOUND = new Set(['authorization', 'cookie', 'proxy-authorization', 'host'])

/**
 * The headers that may follow a redirect to another origin: neither credentials (those made from the URL's
 * user info included) nor headers that hold a secret. What is dropped stays dropped for the hops after, so
 * a secret never leaves its origin, for https to http neither.
 */
function withoutSecrets(headers: Record<string, string>, secret: string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => !ORIGIN_BOUND.has(name.toLowerCase()) && !secret.includes(name)
    )
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
): { url: URL; headers: Record<string, string> } {
  const url = new URL(address)
  if (url.username === '' && url.password === '') return { url, headers }
  // The token is the one the targets file registered as a secret (targets/parse.ts).
  const token = basicToken({
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password)
  })
  url.username = ''
  url.password = ''
  const hasAuthorization = Object.keys(headers).some(name => name.toLowerCase() === 'authorization')
  return {
    url,
    headers: hasAuthorization ? headers : { ...headers, Authorization: `Basic ${token}` }
  }
}
