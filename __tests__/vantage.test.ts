// The vantage's handler (the inline code of infra/vantage.yml) in this process, against real servers on
// loopback. Its facts are judged here as the action will judge them, with the runner's own code (expect.ts,
// reason.ts), so each case reads as the reason a user would see.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { judgeHttp, judgeReply } from '../src/probes/expect.js'
import { failureReason, ProbeTimeout } from '../src/probes/reason.js'
import { type Target } from '../src/targets/model.js'
import {
  MAX_VANTAGE_BODY,
  MAX_VANTAGE_CHECKS,
  type VantageCheck,
  type VantageResult
} from '../src/vantages/model.js'
import { listen, refusingPort, type RefusingPort } from './support/servers.js'
import { targetOf } from './support/targets.js'
import { createPki } from './support/tls.js'
import { loadVantage } from './support/vantage.js'

const servers: net.Server[] = []
const serve = (server: net.Server) => {
  servers.push(server)
  return listen(server)
}

/**
 * The app: /ok, /unavailable, /moved (to /ok), /loop (to itself), /nowhere (to no URL), /away (to `elsewhere`),
 * /hang, /endless, /by-caller.
 */
let app: number
/** Another origin, which records the headers it receives. */
let elsewhere: number
const seenElsewhere: http.IncomingHttpHeaders[] = []
let endlessClosed: Promise<void>
let onEndlessClosed: () => void
/** Sends header lines for ever. */
let endlessHeaders: number
let selfSigned: number
/** Answers `PING` with `+PONG` and keeps the connection open, as Redis does; records its callers' addresses. */
let pong: number
const pongCallers: (string | undefined)[] = []
/** Sends a banner and keeps the connection open, as SSH does. */
let banner: number
/** Sends `héllo` with its é split between two writes, and keeps the connection open. */
let split: number
/** Accepts connections and never sends a byte. */
let silent: number
let refused: number
let refusing: RefusingPort

beforeAll(async () => {
  endlessClosed = new Promise(resolve => (onEndlessClosed = resolve))
  elsewhere = await serve(
    http.createServer((request, response) => {
      seenElsewhere.push(request.headers)
      response.end('elsewhere')
    })
  )
  app = await serve(
    http.createServer((request, response) => {
      const caller = request.socket.remoteAddress
      switch (new URL(request.url!, 'http://app').pathname) {
        case '/ok':
          return response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"UP"}')
        case '/unavailable':
          return response.writeHead(503).end('down for maintenance')
        case '/moved':
          return response.writeHead(301, { location: '/ok' }).end()
        case '/loop':
          return response.writeHead(302, { location: '/loop' }).end()
        case '/nowhere':
          return response.writeHead(302, { location: 'http://127.0.0.1:99999/' }).end()
        case '/away':
          return response.writeHead(307, { location: `http://127.0.0.1:${elsewhere}/` }).end()
        case '/hang':
          return
        case '/endless': {
          response.writeHead(200)
          const more = () => {
            while (response.write(Buffer.alloc(16384, 'x')));
          }
          response.on('drain', more)
          response.on('close', onEndlessClosed)
          return more()
        }
        case '/by-caller':
          return response.writeHead(caller === '127.0.0.2' ? 200 : 403).end(`you are ${caller}`)
      }
    })
  )
  endlessHeaders = await serve(
    net.createServer(socket => {
      socket.on('error', () => undefined)
      socket.write('HTTP/1.1 200 OK\r\n')
      const more = () => {
        while (!socket.destroyed && socket.write(`X-Filler: ${'a'.repeat(1000)}\r\n`));
      }
      socket.on('drain', more)
      more()
    })
  )
  const pki = createPki()
  selfSigned = await serve(https.createServer(pki.selfSigned(), (_, response) => response.end('secure')))
  pong = await serve(
    net.createServer(socket => {
      pongCallers.push(socket.remoteAddress)
      socket.on('error', () => undefined)
      socket.on('data', data => data.toString().includes('PING') && socket.write('+PONG\r\n'))
    })
  )
  banner = await serve(
    net.createServer(socket => {
      socket.on('error', () => undefined)
      socket.write('SSH-2.0-test\r\n')
    })
  )
  split = await serve(
    net.createServer(socket => {
      socket.on('error', () => undefined)
      socket.write(Buffer.from([0x68, 0xc3]))
      setTimeout(() => socket.write(Buffer.from([0xa9, 0x6c, 0x6c, 0x6f])), 50)
    })
  )
  silent = await serve(net.createServer(socket => socket.on('error', () => undefined)))
  refusing = await refusingPort()
  refused = refusing.port
}, 60_000)

afterAll(async () => {
  for (const server of servers) {
    if (server instanceof http.Server) server.closeAllConnections()
    server.close()
  }
  await refusing.release()
})

const url = (path: string) => `http://127.0.0.1:${app}${path}`

/** A target as a user writes it, for its expectations; the check is what the action would send for it. */
function targetFor(entry: string): Target {
  return targetOf(`  - name: t\n    url: http://127.0.0.1/\n${entry}`)
}

/** The reason the action would give for a vantage's result, judged by the runner's own code. */
function reason(result: VantageResult, check: VantageCheck, target = targetFor('')): string {
  const { error } = result
  if (error?.code === 'TIMEOUT' && error.phase !== 'input')
    return failureReason(new ProbeTimeout(check.timeoutMs, error.phase))
  if (error) return failureReason(error)
  if (check.url.startsWith('tcp:'))
    return judgeReply(result.body ?? '', result.timings.totalMs, target.expect, Date.now()).reason
  const answer = {
    status: result.status!,
    headers: result.headers!,
    body: result.body,
    latencyMs: result.timings.totalMs,
    certificateValidTo: result.certificateValidTo
  }
  return judgeHttp(answer, target.expect, Date.now()).reason
}

/** One check in a batch of its own; its result and how long the invocation took. */
async function one(check: Omit<VantageCheck, 'id'>, deadlineMs?: number) {
  const vantage = loadVantage()
  const full = { id: 'c', ...check }
  const started = performance.now()
  const { results } = await vantage.invoke({ checks: [full], deadlineMs })
  return { result: results[0], reason: reason(results[0], full), ms: performance.now() - started }
}

describe('the vantage, on HTTP', () => {
  it('returns the status, headers, body and timings of an answer', async () => {
    const { result, reason } = await one({ url: url('/ok'), timeoutMs: 5000 })
    expect(reason).toBe('HTTP 200')
    expect(result).toMatchObject({
      id: 'c',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"status":"UP"}'
    })
    expect(result.error).toBeUndefined()
    const { timings } = result
    expect(timings).toMatchObject({ dnsMs: null, tlsMs: null })
    expect(timings.connectMs).toEqual(expect.any(Number))
    expect(timings.firstByteMs).toBeLessThanOrEqual(timings.totalMs)
  })

  it('gives the facts the runner judges by: a 503 is the answer, not an error', async () => {
    const { result, reason } = await one({ url: url('/unavailable'), timeoutMs: 5000 })
    expect(reason).toBe('HTTP 503, expected 200-299')
    expect(result).toMatchObject({ status: 503, body: 'down for maintenance' })
  })

  it('looks the host name up, and times the lookup', async () => {
    const { result } = await one({ url: `http://localhost:${app}/ok`, timeoutMs: 5000 })
    expect(result.status).toBe(200)
    expect(result.timings.dnsMs).toEqual(expect.any(Number))
  })

  it('follows redirects when asked, as the runner does, and returns the redirect when not', async () => {
    const followed = await one({ url: url('/moved'), timeoutMs: 5000, followRedirects: 5 })
    expect(followed.result).toMatchObject({ status: 200, body: '{"status":"UP"}' })
    const returned = await one({ url: url('/moved'), timeoutMs: 5000 })
    expect(returned.result).toMatchObject({ status: 301, headers: { location: '/ok' } })
    expect(returned.reason).toBe('HTTP 301, expected 200-299')
    const loop = await one({ url: url('/loop'), timeoutMs: 5000, followRedirects: 3 })
    expect(loop.result).toMatchObject({ status: 302, notFollowed: 'too-many' })
    // As the runner reads it: a Location that is no URL is named as such, not as another scheme.
    const nowhere = await one({ url: url('/nowhere'), timeoutMs: 5000, followRedirects: 3 })
    expect(nowhere.result).toMatchObject({ status: 302, notFollowed: 'invalid' })
  })

  it('keeps credentials and secret headers to their origin on a redirect elsewhere, and a secret body home', async () => {
    const headers = { Authorization: 'Bearer t0ken-secret', 'X-Api-Key': 'k3y-secret', 'X-Trace': 'plain' }
    const check = {
      url: url('/away'),
      timeoutMs: 5000,
      followRedirects: 5,
      headers,
      secretHeaders: ['x-api-key']
    }
    const { result } = await one(check)
    expect(result).toMatchObject({ status: 200, body: 'elsewhere' })
    expect(seenElsewhere.at(-1)).toMatchObject({ 'x-trace': 'plain' })
    expect(seenElsewhere.at(-1)).not.toHaveProperty('authorization')
    expect(seenElsewhere.at(-1)).not.toHaveProperty('x-api-key')
    const seen = seenElsewhere.length
    const post = await one({ ...check, method: 'POST', body: 'password=s3cret', secretBody: true })
    expect(post.result).toMatchObject({ status: 307, notFollowed: 'secret' })
    expect(seenElsewhere).toHaveLength(seen)
  })

  it('answers a refused connection with its code and phase', async () => {
    const { result, reason } = await one({ url: `http://127.0.0.1:${refused}/`, timeoutMs: 5000 })
    expect(reason).toBe('connection refused')
    expect(result.error).toMatchObject({ code: 'ECONNREFUSED', phase: 'connect' })
    expect(result.timings.connectMs).toBeNull()
  })

  it('ends a server that never answers at the check’s timeout, and says where it was', async () => {
    const { result, reason } = await one({ url: url('/hang'), timeoutMs: 300 })
    expect(reason).toBe('timeout after 300ms')
    expect(result.error).toMatchObject({ code: 'TIMEOUT', phase: 'response' })
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(300)
  })

  it('answers DEADLINE, not a verdict, for a check the batch’s deadline cuts short', async () => {
    const { result, ms } = await one({ url: url('/hang'), timeoutMs: 20_000 }, 300)
    expect(result.error).toMatchObject({ code: 'DEADLINE', phase: 'response' })
    expect(ms).toBeLessThan(20_000)
  })

  it('keeps to Lambda’s remaining time, less a second, when no deadline is given', async () => {
    const vantage = loadVantage()
    const checks = [{ id: 'c', url: url('/hang'), timeoutMs: 20_000 }]
    const { results } = await vantage.invoke({ checks }, 1300)
    expect(results[0].error).toMatchObject({ code: 'DEADLINE' })
    expect(results[0].timings.totalMs).toBeLessThan(20_000)
  })

  it('reads the start of an endless body and closes the connection', async () => {
    const { result, ms } = await one({ url: url('/endless'), timeoutMs: 20_000 })
    expect(result).toMatchObject({ status: 200, truncated: true })
    expect(result.body).toMatch(/^x+$/)
    expect(Buffer.byteLength(JSON.stringify(result.body))).toBeLessThanOrEqual(MAX_VANTAGE_BODY)
    expect(result.body!.length).toBeGreaterThan(MAX_VANTAGE_BODY - 16)
    await endlessClosed
    expect(ms).toBeLessThan(20_000)
  })

  it('refuses endless headers once they pass 16 KB', async () => {
    const check = { url: `http://127.0.0.1:${endlessHeaders}/`, timeoutMs: 20_000 }
    const { result, reason, ms } = await one(check)
    expect(reason).toBe('response headers too large')
    expect(result.error).toMatchObject({ code: 'HPE_HEADER_OVERFLOW', phase: 'response' })
    expect(ms).toBeLessThan(20_000)
  })

  it('cuts a body whose JSON escapes would grow it, to the same bound in JSON', async () => {
    const controls = await serve(http.createServer((_, response) => response.end(Buffer.alloc(60_000, 1))))
    const { result } = await one({ url: `http://127.0.0.1:${controls}/`, timeoutMs: 5000 })
    expect(result.truncated).toBe(true)
    expect(Buffer.byteLength(JSON.stringify(result.body))).toBeLessThanOrEqual(MAX_VANTAGE_BODY)
    expect(result.body!.length).toBeGreaterThan(10_000)
  })
})

describe('the vantage, on https', () => {
  it('refuses a self-signed certificate, in the TLS phase', async () => {
    const { result, reason } = await one({ url: `https://127.0.0.1:${selfSigned}/`, timeoutMs: 5000 })
    expect(reason).toBe('TLS: self-signed certificate')
    expect(result.error).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', phase: 'tls' })
  })

  it('ends a handshake that never comes at the timeout, in the TLS phase', async () => {
    const { result, reason } = await one({ url: `https://127.0.0.1:${silent}/`, timeoutMs: 300 })
    expect(result.error).toMatchObject({ code: 'TIMEOUT', phase: 'tls' })
    expect(reason).toBe('TLS handshake timeout after 300ms')
  })

  it('takes it with insecure, and gives its end of validity and the handshake’s time', async () => {
    const check = { url: `https://127.0.0.1:${selfSigned}/`, timeoutMs: 5000, insecure: true }
    const { result, reason } = await one(check)
    expect(reason).toBe('HTTP 200')
    expect(result.body).toBe('secure')
    expect(result.timings.tlsMs).toEqual(expect.any(Number))
    const days = (Date.parse(result.certificateValidTo!) - Date.now()) / 86_400_000
    expect(Math.round(days)).toBe(365)
  })
})

describe('the vantage, on TCP', () => {
  const redis = targetOf(`  - name: redis\n    url: tcp://127.0.0.1:1\n    expect: { body: '+PONG' }\n`)

  it('sends, and reads the reply until it holds the expected text, without waiting for the timeout', async () => {
    const check = { url: `tcp://127.0.0.1:${pong}`, send: 'PING\r\n', until: '+PONG', timeoutMs: 20_000 }
    const { result, ms } = await one(check)
    expect(result).toMatchObject({ body: '+PONG\r\n' })
    expect(result.error).toBeUndefined()
    expect(reason(result, { id: 'c', ...check }, redis)).toBe('connected')
    expect(ms).toBeLessThan(20_000)
  })

  it('returns a reply that the timeout cut short as the answer, as the runner does', async () => {
    const { result, reason } = await one({ url: `tcp://127.0.0.1:${banner}`, reply: true, timeoutMs: 300 })
    expect(result.body).toBe('SSH-2.0-test\r\n')
    expect(result.error).toBeUndefined()
    expect(reason).toBe('connected')
  })

  it('reads a character that comes in two pieces whole', async () => {
    const { result } = await one({ url: `tcp://127.0.0.1:${split}`, until: 'héllo', timeoutMs: 5000 })
    expect(result.body).toBe('héllo')
    expect(result.error).toBeUndefined()
  })

  it('only connects when no reply is wanted', async () => {
    const { result } = await one({ url: `tcp://127.0.0.1:${pong}`, timeoutMs: 5000 })
    expect(result.error).toBeUndefined()
    expect(result.body).toBeUndefined()
    expect(result.timings.connectMs).toEqual(expect.any(Number))
  })

  it('answers a refused port with its code', async () => {
    const { reason } = await one({ url: `tcp://127.0.0.1:${refused}`, timeoutMs: 5000 })
    expect(reason).toBe('connection refused')
  })
})

describe('a batch', () => {
  it('answers every check, a bad one with its error, never throwing for it', async () => {
    const vantage = loadVantage()
    const { results } = await vantage.invoke({
      checks: [
        { id: 'good', url: url('/ok'), timeoutMs: 5000 },
        { id: 'not a url', url: 'example.com', timeoutMs: 5000 },
        { id: 'ftp', url: 'ftp://127.0.0.1/', timeoutMs: 5000 },
        { id: 'no timeout', url: url('/ok'), timeoutMs: 0 },
        { id: 'tcp without a port', url: 'tcp://127.0.0.1', timeoutMs: 5000 },
        { id: 'bad header', url: url('/ok'), timeoutMs: 5000, headers: { 'x-a': 'line\nbreak' } }
      ]
    })
    expect(results.map(({ id, status, error }) => [id, status ?? error?.code, error?.phase])).toEqual([
      ['good', 200, undefined],
      ['not a url', 'INVALID_CHECK', 'input'],
      ['ftp', 'INVALID_CHECK', 'input'],
      ['no timeout', 'INVALID_CHECK', 'input'],
      ['tcp without a port', 'INVALID_CHECK', 'input'],
      ['bad header', 'ERR_INVALID_CHAR', 'input']
    ])
  })

  it(`runs at most ${MAX_VANTAGE_CHECKS} checks, all at once, and answers the rest TOO_MANY_CHECKS`, async () => {
    const vantage = loadVantage()
    const checks = Array.from({ length: MAX_VANTAGE_CHECKS + 1 }, (_, index) => ({
      id: String(index),
      url: url('/hang'),
      timeoutMs: 400
    }))
    const started = performance.now()
    const { results } = await vantage.invoke({ checks })
    const codes = results.map(result => result.error?.code)
    expect(codes).toEqual([...Array<string>(MAX_VANTAGE_CHECKS).fill('TIMEOUT'), 'TOO_MANY_CHECKS'])
    expect(results.map(result => result.id)).toEqual(checks.map(check => check.id))
    // In parallel: fifty 400 ms timeouts one after another would take 20 s.
    expect(performance.now() - started).toBeLessThan(MAX_VANTAGE_CHECKS * 400)
  })

  it('refuses an event that is not a batch, with a message that says what is expected', async () => {
    await expect(loadVantage().invoke({} as never)).rejects.toThrow('expected { checks: [...], deadlineMs? }')
  })

  it('logs one line of counts and durations, and nothing of the checks: their secrets', async () => {
    const vantage = loadVantage()
    const secrets = ['us3r-secret', 'pa55-secret', 'qu3ry-secret', 'b3arer-secret', 'b0dy-secret']
    await vantage.invoke({
      checks: [
        {
          id: 'api',
          url: `http://us3r-secret:pa55-secret@127.0.0.1:${app}/unavailable?token=qu3ry-secret`,
          method: 'POST',
          headers: { Authorization: 'Bearer b3arer-secret' },
          body: 'b0dy-secret',
          timeoutMs: 5000
        },
        { id: 'down', url: `http://127.0.0.1:${refused}/?token=qu3ry-secret`, timeoutMs: 5000 }
      ]
    })
    expect(vantage.logged).toHaveLength(1)
    expect(JSON.parse(vantage.logged[0])).toEqual({ checks: 2, failed: 1, ms: expect.any(Number) })
    for (const secret of secrets) expect(vantage.logged.join('\n')).not.toContain(secret)
  })
})

describe('the vantage’s own address', () => {
  it('binds its connections to UPWATCH_VANTAGE_LOCAL_ADDRESS, so a test target can tell it from the runner', async () => {
    const check = { id: 'c', url: url('/by-caller'), timeoutMs: 5000 }
    const asRunner = await loadVantage().invoke({ checks: [check] })
    expect(asRunner.results[0]).toMatchObject({ status: 403, body: 'you are 127.0.0.1' })
    const elsewhere = loadVantage({ UPWATCH_VANTAGE_LOCAL_ADDRESS: '127.0.0.2' })
    const { results } = await elsewhere.invoke({ checks: [check] })
    expect(results[0]).toMatchObject({ status: 200, body: 'you are 127.0.0.2' })
    const tcp = await elsewhere.invoke({
      checks: [{ id: 't', url: `tcp://127.0.0.1:${pong}`, timeoutMs: 5000 }]
    })
    expect(tcp.results[0].error).toBeUndefined()
    expect(pongCallers.at(-1)).toBe('127.0.0.2')
  })
})
