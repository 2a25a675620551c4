import { request, type Dispatcher } from 'undici'
import { describeStatus, type Target } from '../targets/model.js'
import { ProbeTimeout } from './reason.js'
import { type Attempt } from './probe.js'

/** Redirects followed before the probe gives up. */
export const MAX_REDIRECTS = 5
/** The most of a body that is read; the rest is discarded, so a huge or endless body costs nothing. */
export const MAX_BODY_BYTES = 1024 * 1024

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308])

/**
 * One HTTP attempt: the request, redirects followed, and the body read (up to MAX_BODY_BYTES), all within
 * the target's timeout. Throws on a network failure; a wrong status is a result, not an error.
 */
export async function probeHttp(target: Target, dispatcher: Dispatcher): Promise<Attempt> {
  const started = performance.now()
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new ProbeTimeout(target.timeoutMs)), target.timeoutMs)
  try {
    let { url, headers } = withBasicAuth(target.address, target.headers)
    let method = target.method
    let body = target.body
    for (let hop = 0; ; hop++) {
      const response = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        dispatcher,
        signal: controller.signal
      })
      const location = response.headers.location
      if (REDIRECT_CODES.has(response.statusCode) && typeof location === 'string') {
        await response.body.dump()
        if (hop === MAX_REDIRECTS) {
          return failed(started, response.statusCode, `more than ${MAX_REDIRECTS} redirects`)
        }
        const next = new URL(location, url)
        // Credentials from the URL go to its own origin only.
        if (next.origin !== new URL(url).origin) headers = target.headers
        url = next.toString()
        // As browsers do: 303, and 301/302 after a POST, continue as a GET without a body.
        if (response.statusCode === 303 || (method === 'POST' && response.statusCode < 303)) {
          method = method === 'HEAD' ? 'HEAD' : 'GET'
          body = undefined
        }
        continue
      }
      await readCapped(response.body)
      const status = response.statusCode
      const ok = target.expectStatus.some(({ min, max }) => status >= min && status <= max)
      return ok
        ? { ok, status, latencyMs: elapsed(started), reason: `HTTP ${status}` }
        : failed(started, status, `HTTP ${status}, expected ${describeStatus(target.expectStatus)}`)
    }
  } catch (error) {
    // An abort surfaces as an AbortError whatever its reason; the timeout is what people need to read.
    throw controller.signal.aborted ? controller.signal.reason : error
  } finally {
    clearTimeout(timer)
  }
}

/** `https://user:password@host/` as an Authorization header, since a URL's user info is not sent by itself. */
function withBasicAuth(
  address: string,
  headers: Record<string, string>
): { url: string; headers: Record<string, string> } {
  const url = new URL(address)
  if (url.username === '' && url.password === '') return { url: address, headers }
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
  url.username = ''
  url.password = ''
  const hasAuthorization = Object.keys(headers).some(name => name.toLowerCase() === 'authorization')
  return {
    url: url.toString(),
    headers: hasAuthorization
      ? headers
      : { ...headers, Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` }
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<void> {
  let read = 0
  for await (const chunk of body) {
    read += chunk.length
    if (read >= MAX_BODY_BYTES) {
      body.destroy()
      return
    }
  }
}

function failed(started: number, status: number, reason: string): Attempt {
  return { ok: false, status, latencyMs: elapsed(started), reason }
}

export function elapsed(started: number): number {
  return Math.round(performance.now() - started)
}
