// Hostile targets, each a real server on 127.0.0.1: every probe must end within its timeout, with a precise
// reason and bounded memory. The table printed at the end gives the time each took.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { type Network } from '../src/probes/model.js'
import { BACKOFF, probeAll } from '../src/probes/probe.js'
import { namesAt, startDnsServer, type DnsServer } from './support/dns.js'
import { listen } from './support/servers.js'
import { targetOf, targetsOf } from './support/targets.js'
import { withNotAfter } from './support/hostile-tls.js'
import { createPki } from './support/tls.js'
import { startUnaccepting, type Unaccepting } from './support/unaccepting.js'

const servers: net.Server[] = []
const measured: [string, number, string][] = []
let network: Network
/** A DNS server on 127.0.0.1 that knows no names, and does not answer for those under `unanswered.`. */
let dnsServer: DnsServer
let unaccepting: Unaccepting
/** Time a probe may take beyond its timeout: the pass's own work, never the target's. */
const MARGIN_MS = 900

async function serve(server: net.Server): Promise<number> {
  servers.push(server)
  return listen(server)
}

beforeAll(async () => {
  const pki = createPki()
  dnsServer = await startDnsServer({ ignore: name => name.startsWith('unanswered.') })
  unaccepting = await startUnaccepting()
  network = { names: namesAt(dnsServer), ca: [pki.ca] }
  hosts.selfSigned = await serve(https.createServer(pki.selfSigned(), (_, response) => response.end('ok')))
  hosts.expired = await serve(https.createServer(pki.server(-90, -2), (_, response) => response.end('ok')))
})

afterAll(async () => {
  for (const server of servers) {
    ;(server as http.Server).closeAllConnections?.()
    server.close()
  }
  await dnsServer.close()
  await unaccepting.close()
  const width = Math.max(...measured.map(([name]) => name.length))
  process.stdout.write(
    `\nHostile targets, time each probe took and its reason:\n${measured
      .map(([name, ms, reason]) => `  ${name.padEnd(width)}  ${String(ms).padStart(5)} ms  ${reason}`)
      .join('\n')}\n`
  )
})

const hosts: Record<string, number> = {}

/**
 * 1 MiB on which /(a+)+$/ backtracks: JavaScript's engine tries every way to split each run of a's before the
 * `!` that ends it, 2^27 of them, four times over.
 */
const CATASTROPHIC_BODY = ('a'.repeat(27) + '!').repeat(4).padStart(1024 * 1024, 'x')

async function probeOne(name: string, entry: string) {
  const started = performance.now()
  const [result] = await probeAll([targetOf(`  - { name: "${name}", retries: 0, ${entry} }`)], 1, network)
  const elapsed = Math.round(performance.now() - started)
  measured.push([name, elapsed, result.reason])
  return { ...result, elapsed }
}

describe('hostile targets', () => {
  it('a server that sends its headers one byte a second ends at the timeout', async () => {
    const port = await serve(
      net.createServer(socket => {
        const response = Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok')
        let sent = 0
        const drip = setInterval(
          () =>
            sent < response.length ? socket.write(response.subarray(sent, ++sent)) : clearInterval(drip),
          1000
        )
        socket.on('close', () => clearInterval(drip))
        socket.on('error', () => clearInterval(drip))
      })
    )
    const result = await probeOne('slow headers', `url: "http://127.0.0.1:${port}/", timeout: 2s`)
    expect(result).toMatchObject({ health: 'down', reason: 'timeout after 2s' })
    expect(result.elapsed).toBeLessThan(2900)
  })

  it('an endless body is read up to 1 MiB and no further', async () => {
    let written = 0
    const port = await serve(
      http.createServer((_, response) => {
        const chunk = Buffer.alloc(64 * 1024, 'a')
        const pump = () => {
          while (!response.destroyed && response.write(chunk)) written += chunk.length
        }
        response.on('drain', pump)
        pump()
      })
    )
    const before = process.memoryUsage().arrayBuffers
    const result = await probeOne(
      'endless body',
      `url: "http://127.0.0.1:${port}/", timeout: 5s, expect: { body: never-there }`
    )
    expect(result).toMatchObject({ health: 'down', reason: 'HTTP 200, body does not contain "never-there"' })
    expect(result.elapsed).toBeLessThan(5000)
    expect(written).toBeLessThan(64 * 1024 * 1024)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024)
  })

  it('a catastrophic regular expression against a 1 MiB body ends within the timeout', async () => {
    const port = await serve(http.createServer((_, response) => response.end(CATASTROPHIC_BODY)))
    const result = await probeOne(
      'catastrophic regex',
      `url: "http://127.0.0.1:${port}/", timeout: 2s, expect: { body-not: '/(a+)+$/' }`
    )
    expect(result).toMatchObject({ health: 'up', reason: 'HTTP 200' })
    expect(result.elapsed).toBeLessThan(2000)
  })

  it('a redirect loop stops after 5 redirects', async () => {
    const port = await serve(
      http.createServer((_, response) => {
        response.writeHead(302, { location: '/again' })
        response.end()
      })
    )
    const result = await probeOne('redirect loop', `url: "http://127.0.0.1:${port}/", timeout: 5s`)
    expect(result).toMatchObject({ health: 'down', status: 302, reason: 'more than 5 redirects' })
  })

  it('a 1 MiB header is refused', async () => {
    const port = await serve(
      net.createServer(socket => {
        socket.on('error', () => undefined)
        socket.write(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(1024 * 1024)}\r\ncontent-length: 2\r\n\r\nok`)
      })
    )
    const result = await probeOne('1 MiB header', `url: "http://127.0.0.1:${port}/", timeout: 5s`)
    expect(result).toMatchObject({ health: 'down', reason: 'response headers too large' })
  })

  it('a self-signed certificate is down', async () => {
    const result = await probeOne(
      'self-signed certificate',
      `url: "https://127.0.0.1:${hosts.selfSigned}/", timeout: 5s`
    )
    expect(result).toMatchObject({ health: 'down', reason: 'TLS: self-signed certificate' })
  })

  it('an expired certificate is down', async () => {
    const result = await probeOne(
      'expired certificate',
      `url: "https://127.0.0.1:${hosts.expired}/", timeout: 5s`
    )
    expect(result).toMatchObject({ health: 'down', reason: 'TLS: certificate has expired' })
  })

  it('a connection reset is down', async () => {
    const port = await serve(net.createServer(socket => socket.once('data', () => socket.resetAndDestroy())))
    const result = await probeOne('reset connection', `url: "http://127.0.0.1:${port}/", timeout: 5s`)
    expect(result).toMatchObject({ health: 'down', reason: 'connection reset' })
  })

  it('a connection reset in the middle of the body is down, whether the body is read for an expectation or not', async () => {
    const port = await serve(
      net.createServer(socket =>
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\nthe first bytes')
          setTimeout(() => socket.resetAndDestroy(), 50)
        })
      )
    )
    const plain = await probeOne('reset in the body', `url: "http://127.0.0.1:${port}/", timeout: 5s`)
    const reading = await probeOne(
      'reset in the body, read',
      `url: "http://127.0.0.1:${port}/", timeout: 5s, expect: { body: first }`
    )
    for (const result of [plain, reading])
      expect(result).toMatchObject({ health: 'down', status: null, reason: 'connection reset' })
  })

  it('a name that does not resolve is down', async () => {
    const result = await probeOne(
      'unresolvable name',
      'url: "http://no-such-host.upwatch.test/", timeout: 5s'
    )
    expect(result).toMatchObject({ health: 'down', reason: 'DNS lookup failed' })
    const tcp = await probeOne(
      'unresolvable name (tcp)',
      'url: "tcp://no-such-host.upwatch.test:5432", timeout: 5s'
    )
    expect(tcp).toMatchObject({ health: 'down', reason: 'DNS lookup failed' })
    // Both were asked of the local DNS server, not the machine's resolver.
    expect(dnsServer.asked('no-such-host.upwatch.test', 'A')).toBe(2)
  })

  it('a TLS port that accepts and never answers the handshake ends at the timeout', async () => {
    const port = await serve(net.createServer(socket => socket.on('error', () => undefined)))
    const result = await probeOne('TLS tarpit', `url: "https://127.0.0.1:${port}/", timeout: 1s`)
    expect(result).toMatchObject({ health: 'down', reason: 'TLS handshake timeout after 1s', silent: false })
    expect(result.elapsed).toBeLessThan(1000 + MARGIN_MS)
  })

  it('a connect that never completes ends at the timeout', async () => {
    for (const scheme of ['http', 'tcp']) {
      const result = await probeOne(
        `unaccepting port (${scheme})`,
        `url: "${scheme}://127.0.0.1:${unaccepting.port}", timeout: 1s`
      )
      expect(result).toMatchObject({ health: 'down', reason: 'connect timeout after 1s', silent: true })
      expect(result.elapsed).toBeLessThan(1000 + MARGIN_MS)
    }
  })

  it('a DNS server that never answers ends at the timeout', async () => {
    for (const scheme of ['http', 'tcp']) {
      const result = await probeOne(
        `unanswered lookup (${scheme})`,
        `url: "${scheme}://unanswered.upwatch.test:8080", timeout: 1s`
      )
      expect(result).toMatchObject({ health: 'down', reason: 'DNS lookup timed out', silent: true })
      expect(result.elapsed).toBeLessThan(1000 + MARGIN_MS)
    }
  })

  it('a body that trickles ends at the timeout, with the times of what came', async () => {
    const port = await serve(
      http.createServer((_, response) => {
        response.writeHead(200, { 'content-length': '1000' })
        const drip = setInterval(() => response.write('a'), 100)
        response.on('close', () => clearInterval(drip))
      })
    )
    const result = await probeOne('trickling body', `url: "http://127.0.0.1:${port}/", timeout: 1s`)
    expect(result).toMatchObject({ health: 'down', reason: 'timeout after 1s', silent: false })
    expect(result.timings).toMatchObject({ connectMs: expect.any(Number), firstByteMs: expect.any(Number) })
    expect(result.elapsed).toBeLessThan(1000 + MARGIN_MS)
  })
})

describe('one bad target among others', () => {
  it("a certificate whose dates cannot be read is its target's reason, and the pass goes on", async () => {
    const unreadable = await serve(
      https.createServer(withNotAfter('991399999999Z'), (_, response) => response.end('ok'))
    )
    const healthy = await serve(http.createServer((_, response) => response.end('ok')))
    const results = await probeAll(
      targetsOf(`
defaults: { timeout: 2s, retries: 0 }
targets:
  - { name: unreadable, url: "https://127.0.0.1:${unreadable}/", insecure: true, expect: { certificate: 14d } }
  - { name: unchecked, url: "https://127.0.0.1:${unreadable}/", insecure: true }
  - { name: healthy, url: "http://127.0.0.1:${healthy}/" }
`),
      3,
      network
    )
    expect(results.map(({ target, health, reason }) => [target.name, health, reason])).toEqual([
      ['unreadable', 'down', "HTTP 200, the certificate's end of validity cannot be read"],
      ['unchecked', 'up', 'HTTP 200'],
      ['healthy', 'up', 'HTTP 200']
    ])
  })

  it("a check that throws, in whatever phase, is its target's reason, and the pass goes on", async () => {
    const banner = await serve(net.createServer(socket => socket.end('220 ready\r\n')))
    const healthy = await serve(http.createServer((_, response) => response.end('ok')))
    const [tcp, http_, ok] = targetsOf(`
defaults: { timeout: 2s, retries: 0 }
targets:
  - { name: judge throws, url: "tcp://127.0.0.1:${banner}", expect: { body: ready } }
  - { name: address throws, url: "http://127.0.0.1:${healthy}/" }
  - { name: healthy, url: "http://127.0.0.1:${healthy}/" }
`)
    const throwing = Object.assign(/ready/, {
      test(): boolean {
        throw new TypeError('the judge failed')
      }
    })
    const results = await probeAll(
      [
        { ...tcp, expect: { ...tcp.expect, body: { source: '/ready/', regex: throwing } } },
        { ...http_, address: 'not a URL' },
        ok
      ],
      3,
      network
    )
    expect(results.map(({ target, health, reason }) => [target.name, health, reason])).toEqual([
      ['judge throws', 'down', 'the judge failed'],
      ['address throws', 'down', 'Invalid URL'],
      ['healthy', 'up', 'HTTP 200']
    ])
  })
})

describe('a pass over hostile targets', () => {
  /**
   * What a pass may take beyond its targets' timeouts and backoffs, stated: the pass's own work (connections,
   * TLS handshakes, reading and matching 1 MiB bodies, timers firing) on a loaded machine.
   */
  const OVERHEAD_MS = 500

  it('ends within timeout x attempts, plus the longest backoff and a fixed overhead, whatever the targets do', async () => {
    const [timeoutMs, retries] = [1000, 2]
    const tarpit = await serve(net.createServer(socket => socket.on('error', () => undefined)))
    const trickle = await serve(
      http.createServer((_, response) => {
        response.writeHead(200, { 'content-length': '1000' })
        const drip = setInterval(() => response.write('a'), 100)
        response.on('close', () => clearInterval(drip))
      })
    )
    const catastrophic = await serve(http.createServer((_, response) => response.end(CATASTROPHIC_BODY)))
    const catastrophicTcp = await serve(net.createServer(socket => socket.end(CATASTROPHIC_BODY)))
    const redirects = await serve(
      http.createServer((request, response) => {
        const hop = Number(/\/(\d+)$/.exec(request.url ?? '')?.[1] ?? 0)
        const delayMs = request.url?.startsWith('/slow/') ? 400 : 0
        const next = request.url?.replace(/\d+$/, String(hop + 1)) ?? '/'
        setTimeout(() => response.writeHead(302, { location: next }).end(), delayMs)
      })
    )
    const targets = targetsOf(`
defaults: { timeout: ${timeoutMs}ms, retries: ${retries} }
targets:
  - { name: TLS tarpit, url: "https://127.0.0.1:${tarpit}/" }
  - { name: unaccepting port, url: "http://127.0.0.1:${unaccepting.port}/" }
  - { name: unanswered lookup, url: "http://unanswered.upwatch.test/" }
  - { name: trickling body, url: "http://127.0.0.1:${trickle}/" }
  - { name: catastrophic regex, url: "http://127.0.0.1:${catastrophic}/", expect: { body: '/(a+)+$/' } }
  - { name: catastrophic regex (tcp), url: "tcp://127.0.0.1:${catastrophicTcp}", expect: { body: '/(a+)+$/' } }
  - { name: slow redirect chain, url: "http://127.0.0.1:${redirects}/slow/0" }
  - { name: redirect loop, url: "http://127.0.0.1:${redirects}/fast/0" }
`)
    const started = performance.now()
    const results = await probeAll(targets, targets.length, network)
    const elapsed = Math.round(performance.now() - started)
    measured.push([
      `pass of ${targets.length}, ${retries} retries`,
      elapsed,
      `bound ${bound(timeoutMs, retries)} ms`
    ])
    expect(
      results.map(({ target, health, attempts, reason }) => [target.name, health, attempts, reason])
    ).toEqual([
      ['TLS tarpit', 'down', 3, 'TLS handshake timeout after 1s'],
      ['unaccepting port', 'down', 3, 'connect timeout after 1s'],
      ['unanswered lookup', 'down', 3, 'DNS lookup timed out'],
      ['trickling body', 'down', 3, 'timeout after 1s'],
      ['catastrophic regex', 'down', 3, 'HTTP 200, body does not match /(a+)+$/'],
      ['catastrophic regex (tcp)', 'down', 3, 'reply does not match /(a+)+$/'],
      ['slow redirect chain', 'down', 3, 'timeout after 1s'],
      ['redirect loop', 'down', 3, 'more than 5 redirects']
    ])
    expect(elapsed).toBeLessThanOrEqual(bound(timeoutMs, retries))
  })

  /** timeout x (retries + 1), plus the longest the retry helper's full-jitter backoff can wait, plus the overhead. */
  function bound(timeoutMs: number, retries: number): number {
    const backoff = Array.from({ length: retries }, (_, index) =>
      Math.min(BACKOFF.maxDelayMs, BACKOFF.baseDelayMs * 2 ** index)
    )
    return timeoutMs * (retries + 1) + backoff.reduce((sum, ms) => sum + ms, 0) + OVERHEAD_MS
  }
})
