// Probes against real servers on 127.0.0.1: reasons, retries, requests, expectations, TLS and TCP.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { type ProbeResult } from '../src/probes/model.js'
import { probeAll } from '../src/probes/probe.js'
import { namesAt, startDnsServer, type DnsServer } from './support/dns.js'
import { listen, startFarm, type Farm } from './support/servers.js'
import { targetsOf } from './support/targets.js'
import { createPki, type TestPki } from './support/tls.js'
import { startUnaccepting, type Unaccepting } from './support/unaccepting.js'

let farm: Farm
let pki: TestPki
const servers: net.Server[] = []

async function serve(server: net.Server): Promise<number> {
  servers.push(server)
  return listen(server)
}

beforeAll(async () => {
  farm = await startFarm()
  pki = createPki()
})

afterAll(async () => {
  await farm.close()
  for (const server of servers) {
    ;(server as http.Server).closeAllConnections?.()
    server.close()
  }
})

const summary = (results: ProbeResult[]) =>
  results.map(result => [result.target.name, result.health, result.reason])

describe('probes', () => {
  it('tells up from down with a short reason for each kind of failure', async () => {
    const tcpPort = await serve(net.createServer(socket => socket.end()))
    const results = await probeAll(
      targetsOf(`
defaults: { timeout: 2s, retries: 0 }
targets:
  - { name: ok, url: "${farm.http('/status/200')}" }
  - { name: error, url: "${farm.http('/status/503')}" }
  - { name: accepted, url: "${farm.http('/status/304')}", expect: { status: ["200-299", 304] } }
  - { name: refused, url: "http://127.0.0.1:${farm.refusedPort}/" }
  - { name: silent, url: "${farm.silent}", timeout: 300ms }
  - { name: redirected, url: "${farm.http('/redirect/3')}" }
  - { name: redirect loop, url: "${farm.http('/redirect/50')}" }
  - { name: few redirects, url: "${farm.http('/redirect/3')}", follow-redirects: 2 }
  - { name: tcp open, url: "tcp://127.0.0.1:${tcpPort}" }
  - { name: tcp refused, url: "tcp://127.0.0.1:${farm.refusedPort}" }
`),
      8
    )
    expect(results.map(result => [result.target.name, result.health, result.status, result.reason])).toEqual([
      ['ok', 'up', 200, 'HTTP 200'],
      ['error', 'down', 503, 'HTTP 503, expected 200-299'],
      ['accepted', 'up', 304, 'HTTP 304'],
      ['refused', 'down', null, 'connection refused'],
      ['silent', 'down', null, 'timeout after 300ms'],
      ['redirected', 'up', 200, 'HTTP 200'],
      ['redirect loop', 'down', 302, 'more than 5 redirects'],
      ['few redirects', 'down', 302, 'more than 2 redirects'],
      ['tcp open', 'up', null, 'connected'],
      ['tcp refused', 'down', null, 'connection refused']
    ])
  })

  it('ends a silent target at its timeout, each attempt', async () => {
    const [result] = await probeAll(
      targetsOf(`targets:\n  - { name: s, url: "${farm.silent}", timeout: 200ms, retries: 2 }`),
      1
    )
    expect(result).toMatchObject({ health: 'down', attempts: 3, reason: 'timeout after 200ms' })
    expect(result.latencyMs).toBeGreaterThanOrEqual(190)
  })

  it('tries again inside the pass before a check counts as failed, and stops at the first success', async () => {
    const before = farm.requests()
    const [failing, passing] = await probeAll(
      targetsOf(`
defaults: { retries: 2 }
targets:
  - { name: failing, url: "${farm.http('/status/500')}" }
  - { name: passing, url: "${farm.http('/status/200')}" }
`),
      2
    )
    expect([failing.attempts, passing.attempts]).toEqual([3, 1])
    expect(farm.requests() - before).toBe(4)
  })

  it('sends the method, headers and body it is given, and basic auth from the URL', async () => {
    const seen: string[] = []
    const port = await serve(
      http.createServer((request, response) => {
        let body = ''
        request.on('data', chunk => (body += chunk))
        request.on('end', () => {
          seen.push(`${request.method} ${request.headers.authorization} ${body}`)
          response.end('ok')
        })
      })
    )
    const results = await probeAll(
      targetsOf(`
targets:
  - name: api
    url: http://127.0.0.1:${port}/
    method: POST
    headers: { Authorization: Bearer t }
    body: '{"ping":true}'
  - { name: basic, url: "http://ops:p%40ss@127.0.0.1:${port}/" }
`),
      1
    )
    expect(results.map(result => result.health)).toEqual(['up', 'up'])
    expect(seen).toEqual([
      'POST Bearer t {"ping":true}',
      `GET Basic ${Buffer.from('ops:p@ss').toString('base64')} `
    ])
  })
})

describe('expectations', () => {
  let port: number
  beforeAll(async () => {
    port = await serve(
      http.createServer((request, response) => {
        const answers: Record<string, () => void> = {
          '/health': () => {
            response.writeHead(200, { 'content-type': 'application/json', 'x-version': '2.4.1' })
            response.end(
              JSON.stringify({ status: 'UP', checks: { db: { healthy: true } }, nodes: [{ id: 'a' }] })
            )
          },
          '/error-page': () => {
            response.writeHead(200, { 'content-type': 'text/html' })
            response.end('<h1>Oops: Internal Error</h1>')
          },
          '/slow': () => setTimeout(() => response.end('ok'), 300),
          '/moved': () => {
            response.writeHead(302, { location: '/health' })
            response.end()
          }
        }
        ;(answers[request.url ?? ''] ?? (() => response.writeHead(404).end()))()
      })
    )
  })

  it('checks body text, error pages, JSON paths, headers and latency, with a reason for each', async () => {
    const url = (path: string) => `http://127.0.0.1:${port}${path}`
    const results = await probeAll(
      targetsOf(`
defaults: { retries: 0 }
targets:
  - { name: body, url: "${url('/health')}", expect: { body: '"status":"UP"' } }
  - { name: body regex, url: "${url('/health')}", expect: { body: '/"healthy":\\s*true/' } }
  - { name: body missing, url: "${url('/health')}", expect: { body: MAINTENANCE } }
  - { name: error page, url: "${url('/error-page')}", expect: { body-not: '/internal error/i' } }
  - { name: json, url: "${url('/health')}", expect: { json: { status: UP, checks.db.healthy: true, "nodes[0].id": a } } }
  - { name: json wrong, url: "${url('/health')}", expect: { json: { status: DOWN } } }
  - { name: json missing, url: "${url('/health')}", expect: { json: { checks.cache.healthy: true } } }
  - { name: not json, url: "${url('/error-page')}", expect: { json: { status: UP } } }
  - { name: header, url: "${url('/health')}", expect: { headers: { Content-Type: /json/, x-version: '/^2\\./' } } }
  - { name: header wrong, url: "${url('/error-page')}", expect: { headers: { content-type: /json/ } } }
  - { name: header missing, url: "${url('/error-page')}", expect: { headers: { x-version: "2" } } }
  - { name: slow, url: "${url('/slow')}", expect: { max-latency: 100ms } }
  - { name: fast enough, url: "${url('/slow')}", expect: { max-latency: 5s } }
  - { name: redirect itself, url: "${url('/moved')}", follow-redirects: false, expect: { status: 302 } }
  - { name: redirect followed, url: "${url('/moved')}", expect: { json: { status: UP } } }
`),
      4
    )
    const slow = results.find(result => result.target.name === 'slow')!
    expect(summary(results)).toEqual([
      ['body', 'up', 'HTTP 200'],
      ['body regex', 'up', 'HTTP 200'],
      ['body missing', 'down', 'HTTP 200, body does not contain "MAINTENANCE"'],
      ['error page', 'down', 'HTTP 200, body matches /internal error/i'],
      ['json', 'up', 'HTTP 200'],
      ['json wrong', 'down', 'HTTP 200, JSON status is "UP", expected "DOWN"'],
      ['json missing', 'down', 'HTTP 200, JSON checks.cache.healthy is missing'],
      ['not json', 'down', 'HTTP 200, body is not JSON ("<h1>Oops: Internal Error</h1>")'],
      ['header', 'up', 'HTTP 200'],
      ['header wrong', 'down', 'HTTP 200, header content-type is "text/html", expected /json/'],
      ['header missing', 'down', 'HTTP 200, header x-version is missing'],
      ['slow', 'degraded', `HTTP 200, slow: ${slow.latencyMs}ms, max-latency 100ms`],
      ['fast enough', 'up', 'HTTP 200'],
      ['redirect itself', 'up', 'HTTP 302'],
      ['redirect followed', 'up', 'HTTP 200']
    ])
  })
})

describe('TLS', () => {
  async function httpsServer(certificate: { key: string; cert: string }): Promise<string> {
    const port = await serve(https.createServer(certificate, (_, response) => response.end('ok')))
    return `https://127.0.0.1:${port}/`
  }

  it('reads the certificate: degraded before it expires, down once expired, untrusted or self-signed', async () => {
    const urls = {
      valid: await httpsServer(pki.server(-1, 90)),
      expiring: await httpsServer(pki.server(-80, 9.5)),
      expired: await httpsServer(pki.server(-90, -1)),
      selfSigned: await httpsServer(pki.selfSigned())
    }
    const expiry = new Date(Date.now() + 9.5 * 86_400_000).toISOString().slice(0, 10)
    const results = await probeAll(
      targetsOf(`
defaults: { retries: 0, expect: { certificate: 14d } }
targets:
  - { name: valid, url: "${urls.valid}" }
  - { name: expiring, url: "${urls.expiring}" }
  - { name: expired, url: "${urls.expired}" }
  - { name: self-signed, url: "${urls.selfSigned}" }
  - { name: self-signed insecure, url: "${urls.selfSigned}", insecure: true }
  - { name: expired insecure, url: "${urls.expired}", insecure: true }
`),
      6,
      { ca: [pki.ca] }
    )
    expect(summary(results)).toEqual([
      ['valid', 'up', 'HTTP 200'],
      ['expiring', 'degraded', `HTTP 200, certificate expires in 9 days (${expiry})`],
      ['expired', 'down', 'TLS: certificate has expired'],
      ['self-signed', 'down', 'TLS: self-signed certificate'],
      ['self-signed insecure', 'up', 'HTTP 200'],
      [
        'expired insecure',
        'down',
        `HTTP 200, certificate expired on ${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}`
      ]
    ])
  })

  it("checks the host name against the certificate's names as Node does: wildcards, IP addresses, common name", async () => {
    const servers = {
      wildcard: await httpsServer(pki.named('wild', { dns: ['*.wild.test', 'w*.part.test'], ip: [] })),
      address: await httpsServer(pki.named('127.0.0.1', { dns: [], ip: ['127.0.0.1'] })),
      commonName: await httpsServer(pki.named('cn.test', null))
    }
    const hosts = 'a.wild.test wild.test a.b.wild.test www.part.test x.part.test cn.test other.test'
    const at = (url: string, host: string) => url.replace('127.0.0.1', host)
    const results = await probeAll(
      targetsOf(`
defaults: { retries: 0 }
targets:
  - { name: wildcard, url: "${at(servers.wildcard, 'a.wild.test')}" }
  - { name: wildcard parent, url: "${at(servers.wildcard, 'wild.test')}" }
  - { name: wildcard two labels, url: "${at(servers.wildcard, 'a.b.wild.test')}" }
  - { name: partial wildcard, url: "${at(servers.wildcard, 'www.part.test')}" }
  - { name: partial wildcard other, url: "${at(servers.wildcard, 'x.part.test')}" }
  - { name: wildcard by address, url: "${servers.wildcard}" }
  - { name: address, url: "${servers.address}" }
  - { name: address by name, url: "${at(servers.address, 'other.test')}" }
  - { name: common name, url: "${at(servers.commonName, 'cn.test')}" }
  - { name: common name other, url: "${at(servers.commonName, 'other.test')}" }
  - { name: common name by address, url: "${servers.commonName}" }
  - { name: other host insecure, url: "${at(servers.commonName, 'other.test')}", insecure: true }
`),
      12,
      {
        names: { servers: [], hosts: `127.0.0.1 ${hosts}`, resolvConf: '', hostname: 'runner' },
        ca: [pki.ca]
      }
    )
    const mismatch = 'TLS: certificate does not match the host name'
    expect(summary(results)).toEqual([
      ['wildcard', 'up', 'HTTP 200'],
      ['wildcard parent', 'down', mismatch],
      ['wildcard two labels', 'down', mismatch],
      ['partial wildcard', 'up', 'HTTP 200'],
      ['partial wildcard other', 'down', mismatch],
      ['wildcard by address', 'down', mismatch],
      ['address', 'up', 'HTTP 200'],
      ['address by name', 'down', mismatch],
      ['common name', 'up', 'HTTP 200'],
      ['common name other', 'down', mismatch],
      ['common name by address', 'down', mismatch],
      ['other host insecure', 'up', 'HTTP 200']
    ])
  })

  it('times connect, TLS handshake, first byte and total for each check', async () => {
    const url = await httpsServer(pki.server(-1, 90))
    const [secure, plain] = await probeAll(
      targetsOf(
        `targets:\n  - { name: secure, url: "${url}" }\n  - { name: plain, url: "${farm.http('/delay/50')}" }`
      ),
      2,
      { ca: [pki.ca] }
    )
    expect(secure.timings).toEqual({
      dnsMs: null,
      connectMs: expect.any(Number),
      tlsMs: expect.any(Number),
      firstByteMs: expect.any(Number),
      totalMs: secure.latencyMs
    })
    expect(secure.timings.tlsMs!).toBeGreaterThan(0)
    expect(secure.timings.firstByteMs!).toBeGreaterThanOrEqual(
      secure.timings.connectMs! + secure.timings.tlsMs!
    )
    expect(plain.timings).toMatchObject({ dnsMs: null, connectMs: expect.any(Number), tlsMs: null })
    expect(plain.timings.firstByteMs!).toBeGreaterThanOrEqual(50)
    expect(plain.timings.totalMs).toBeGreaterThanOrEqual(plain.timings.firstByteMs!)
  })
})

describe('TCP', () => {
  it('connects, sends, and checks the banner or the reply', async () => {
    const redis = await serve(
      net.createServer(socket =>
        socket.on('data', data => socket.write(String(data).startsWith('PING') ? '+PONG\r\n' : '-ERR\r\n'))
      )
    )
    const ssh = await serve(net.createServer(socket => socket.write('SSH-2.0-OpenSSH_9.6\r\n')))
    const results = await probeAll(
      targetsOf(`
defaults: { retries: 0, timeout: 1s }
targets:
  - { name: redis, url: "tcp://127.0.0.1:${redis}", send: "PING\\r\\n", expect: { body: "+PONG" } }
  - { name: redis wrong, url: "tcp://127.0.0.1:${redis}", send: "HELLO\\r\\n", expect: { body: "+PONG" } }
  - { name: ssh, url: "tcp://127.0.0.1:${ssh}", expect: { body: '/^SSH-2\\.0-/' } }
  - { name: ssh not, url: "tcp://127.0.0.1:${ssh}", expect: { body-not: OpenSSH_9 } }
  - { name: silent, url: "${farm.silent.replace('http:', 'tcp:').replace(/\/$/, '')}", expect: { body: hello } }
`),
      5
    )
    expect(summary(results)).toEqual([
      ['redis', 'up', 'connected'],
      ['redis wrong', 'down', 'reply does not contain "+PONG"'],
      ['ssh', 'up', 'connected'],
      ['ssh not', 'down', 'reply contains "OpenSSH_9"'],
      ['silent', 'down', 'timeout after 1s']
    ])
    expect(results[0].timings).toMatchObject({
      connectMs: expect.any(Number),
      firstByteMs: expect.any(Number),
      tlsMs: null
    })
  })
})

describe('silent or answered', () => {
  let dnsServer: DnsServer
  let unaccepting: Unaccepting
  beforeAll(async () => {
    dnsServer = await startDnsServer({
      addressOf: name => (name === 'up.upwatch.test' ? '127.0.0.1' : undefined)
    })
    unaccepting = await startUnaccepting()
  })
  afterAll(async () => {
    await dnsServer.close()
    await unaccepting.close()
  })

  it("counts as silent only failures that may be the runner's own, and keeps the timings of what happened", async () => {
    const tarpit = farm.silent.replace('http:', 'https:')
    const reset = await serve(net.createServer(socket => socket.once('data', () => socket.resetAndDestroy())))
    const selfSigned = await serve(https.createServer(pki.selfSigned(), (_, response) => response.end('ok')))
    const banner = await serve(net.createServer(socket => socket.write('220 busy\r\n')))
    const redirect = await serve(
      http.createServer((_, response) =>
        response.writeHead(302, { location: 'http://nowhere.upwatch.test/' }).end()
      )
    )
    const results = await probeAll(
      targetsOf(`
defaults: { timeout: 1s, retries: 0 }
targets:
  - { name: answered, url: "${farm.http('/status/503')}" }
  - { name: named, url: "${farm.http('/status/200').replace('127.0.0.1', 'up.upwatch.test')}" }
  - { name: refused, url: "http://127.0.0.1:${farm.refusedPort}/" }
  - { name: reset, url: "http://127.0.0.1:${reset}/" }
  - { name: self-signed, url: "https://127.0.0.1:${selfSigned}/" }
  - { name: silent server, url: "${farm.silent}" }
  - { name: TLS tarpit, url: "${tarpit}" }
  - { name: tcp no reply, url: "${farm.silent.replace('http:', 'tcp:').replace(/\/$/, '')}", expect: { body: "+OK" } }
  - { name: tcp wrong reply, url: "tcp://127.0.0.1:${banner}", expect: { body: "+OK" } }
  - { name: unresolvable, url: "http://nowhere.upwatch.test/" }
  - { name: redirected nowhere, url: "http://127.0.0.1:${redirect}/" }
  - { name: unaccepting, url: "http://127.0.0.1:${unaccepting.port}/" }
  - { name: tcp unaccepting, url: "tcp://127.0.0.1:${unaccepting.port}" }
`),
      12,
      { names: namesAt(dnsServer), ca: [pki.ca] }
    )
    const number = expect.any(Number)
    expect(
      results.map(({ target, health, reason, silent, timings }) => [
        target.name,
        health,
        reason,
        silent,
        timings
      ])
    ).toEqual([
      ['answered', 'down', 'HTTP 503, expected 200-299', false, timed(null, number, null, number)],
      ['named', 'up', 'HTTP 200', false, timed(number, number, null, number)],
      ['refused', 'down', 'connection refused', false, timed(null, null, null, null)],
      ['reset', 'down', 'connection reset', false, timed(null, number, null, null)],
      ['self-signed', 'down', 'TLS: self-signed certificate', false, timed(null, number, null, null)],
      ['silent server', 'down', 'timeout after 1s', false, timed(null, number, null, null)],
      ['TLS tarpit', 'down', 'TLS handshake timeout after 1s', false, timed(null, number, null, null)],
      ['tcp no reply', 'down', 'timeout after 1s', false, timed(null, number, null, null)],
      ['tcp wrong reply', 'down', 'reply does not contain "+OK"', false, timed(null, number, null, number)],
      ['unresolvable', 'down', 'DNS lookup failed', true, timed(null, null, null, null)],
      ['redirected nowhere', 'down', 'DNS lookup failed', false, timed(null, number, null, number)],
      ['unaccepting', 'down', 'connect timeout after 1s', true, timed(null, null, null, null)],
      ['tcp unaccepting', 'down', 'connect timeout after 1s', true, timed(null, null, null, null)]
    ])
  })
})

/** Timings: a number for each phase that happened, null for the others; a total always. */
function timed(dnsMs: unknown, connectMs: unknown, tlsMs: unknown, firstByteMs: unknown) {
  return { dnsMs, connectMs, tlsMs, firstByteMs, totalMs: expect.any(Number) }
}

describe('the probe queue', () => {
  it('starts the items picked as first before the others, and keeps the results in order', async () => {
    const started: string[] = []
    const { mapLimit, Front } = await import('../src/limit.js')
    const front = new Front<string>()
    front.promote(['c', 'e'])
    const results = await mapLimit(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      2,
      async item => {
        started.push(item)
        await new Promise(resolve => setTimeout(resolve, 5))
        return item.toUpperCase()
      },
      { front }
    )
    expect(started).toEqual(['c', 'e', 'a', 'b', 'd', 'f'])
    expect(results).toEqual(['A', 'B', 'C', 'D', 'E', 'F'])
  })

  it('starts at once when the priority comes later, and puts it first among what has not started', async () => {
    const started: string[] = []
    const { mapLimit, Front } = await import('../src/limit.js')
    const front = new Front<string>()
    const results = await mapLimit(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      2,
      async item => {
        started.push(item)
        // The priority comes while the first two run, as the state read does while the first probes do.
        if (item === 'a') void Promise.resolve().then(() => front.promote(['f', 'b']))
        await new Promise(resolve => setTimeout(resolve, 5))
        return item.toUpperCase()
      },
      { front }
    )
    expect(started).toEqual(['a', 'b', 'f', 'c', 'd', 'e'])
    expect(results).toEqual(['A', 'B', 'C', 'D', 'E', 'F'])
  })

  it('moves items to the front part by part, as each part of the state read comes, and told early too', async () => {
    const started: string[] = []
    const { mapLimit, Front } = await import('../src/limit.js')
    const front = new Front<string>()
    // Told before the queue starts: it waits for it.
    front.promote(['h'])
    const results = await mapLimit(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
      1,
      async item => {
        started.push(item)
        // Two parts of the read come while the first items run: each moves its own items that wait, in the
        // order told; one that has started (h) is not run again.
        if (item === 'h') front.promote(['f', 'a', 'h'])
        if (item === 'b') front.promote(['e'])
        await new Promise(resolve => setTimeout(resolve, 2))
        return item.toUpperCase()
      },
      { front }
    )
    expect(started).toEqual(['h', 'f', 'a', 'b', 'e', 'c', 'd', 'g'])
    expect(results).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'])
  })

  it('starts at most rampPerTurn calls in a turn of the event loop as it begins, then one as another ends', async () => {
    const { mapLimit } = await import('../src/limit.js')
    let turn = 0
    let counting = true
    const count = () => {
      turn++
      if (counting) setImmediate(count)
    }
    setImmediate(count)
    const startedIn = async (options: { rampPerTurn?: number }) => {
      const turns: number[] = []
      await mapLimit(
        [1, 2, 3, 4, 5, 6, 7],
        6,
        async () => {
          turns.push(turn)
          await new Promise(resolve => setTimeout(resolve, 5))
        },
        options
      )
      return turns
    }
    const ramped = await startedIn({ rampPerTurn: 2 })
    const atOnce = await startedIn({})
    counting = false
    // Two by two, each pair a turn or more after the one before; the seventh when one of the six ended.
    const [a, b, c, d, e, f, g] = ramped
    expect([a, c, e]).toEqual([b, d, f])
    expect(c).toBeGreaterThan(a)
    expect(e).toBeGreaterThan(c)
    expect(g).toBeGreaterThan(e)
    expect(new Set(atOnce.slice(0, 6)).size).toBe(1)
  })

  it('says when its first calls have all started, and takes only a whole limit of 1 or more', async () => {
    const { mapLimit } = await import('../src/limit.js')
    let started = 0
    let startedWhenTold: number | undefined
    await mapLimit(
      [1, 2, 3, 4, 5, 6, 7],
      6,
      async () => {
        started++
        await new Promise(resolve => setTimeout(resolve, 5))
      },
      { rampPerTurn: 2, onRamped: () => (startedWhenTold = started) }
    )
    expect(startedWhenTold).toBe(6)
    for (const limit of [0, 2.5, -1])
      await expect(mapLimit([1], limit, () => Promise.resolve())).rejects.toThrow(
        `mapLimit takes a whole limit of 1 or more, not ${limit}`
      )
  })

  it('says when a number of its first calls are under way, before all of them are', async () => {
    const { mapLimit } = await import('../src/limit.js')
    const told = async (underWayAt: number, limit = 6, items = 7) => {
      let started = 0
      const at: Record<string, number> = {}
      await mapLimit(
        Array.from({ length: items }, (_, item) => item),
        limit,
        async () => {
          started++
          await new Promise(resolve => setTimeout(resolve, 5))
        },
        {
          rampPerTurn: 2,
          underWayAt,
          onUnderWay: () => (at.underWay = started),
          onRamped: () => (at.ramped = started)
        }
      )
      return at
    }
    expect(await told(3)).toEqual({ underWay: 3, ramped: 6 })
    // No more than the first wave, or all, when fewer.
    expect(await told(100)).toEqual({ underWay: 6, ramped: 6 })
    expect(await told(100, 10, 4)).toEqual({ underWay: 4, ramped: 4 })
  })

  it('fails with the first call that fails, even while it is still starting the others', async () => {
    const { mapLimit } = await import('../src/limit.js')
    const started: number[] = []
    const failing = mapLimit(
      [1, 2, 3],
      3,
      async item => {
        started.push(item)
        if (item === 1) throw new Error('the first call failed')
        await new Promise(resolve => setTimeout(resolve, 5))
      },
      { rampPerTurn: 1 }
    )
    await expect(failing).rejects.toThrow('the first call failed')
    // Nothing more starts once a call has failed.
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(started).toEqual([1])
  })

  it('keeps its order when the priority never comes', async () => {
    const { mapLimit, Front } = await import('../src/limit.js')
    const started: number[] = []
    // A state read that fails promotes nothing.
    await mapLimit([1, 2, 3], 1, item => Promise.resolve(void started.push(item)), {
      front: new Front<number>()
    })
    expect(started).toEqual([1, 2, 3])
  })
})
