// Probes against real servers on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import net from 'node:net'
import { probeAll } from '../src/probes/probe.js'
import { type Target } from '../src/targets/model.js'
import { listen, startFarm, type Farm } from './support/servers.js'

let farm: Farm
let tcp: net.Server
let tcpPort: number

beforeAll(async () => {
  farm = await startFarm()
  tcp = net.createServer(socket => socket.end())
  tcpPort = await listen(tcp)
})

afterAll(async () => {
  await farm.close()
  await new Promise(resolve => tcp.close(resolve))
})

const target = (name: string, address: string, extra: Partial<Target> = {}): Target => ({
  name,
  url: address,
  address,
  protocol: address.startsWith('tcp:') ? 'tcp' : 'http',
  method: 'GET',
  headers: {},
  expectStatus: [{ min: 200, max: 299 }],
  timeoutMs: 2000,
  retries: 0,
  ...extra
})

describe('probes', () => {
  it('tells up from down with a short reason for each kind of failure', async () => {
    const results = await probeAll(
      [
        target('ok', farm.http('/status/200')),
        target('error', farm.http('/status/503')),
        target('accepted', farm.http('/status/304'), {
          expectStatus: [
            { min: 200, max: 299 },
            { min: 304, max: 304 }
          ]
        }),
        target('refused', `http://127.0.0.1:${farm.refusedPort}/`),
        target('silent', farm.silent, { timeoutMs: 300 }),
        target('redirected', farm.http('/redirect/3')),
        target('redirect loop', farm.http('/redirect/50')),
        target('tcp open', `tcp://127.0.0.1:${tcpPort}`),
        target('tcp refused', `tcp://127.0.0.1:${farm.refusedPort}`),
        target('tcp silent', farm.silent.replace('http:', 'tcp:').replace(/\/$/, ''))
      ],
      8
    )
    expect(results.map(result => [result.target.name, result.ok, result.status, result.reason])).toEqual([
      ['ok', true, 200, 'HTTP 200'],
      ['error', false, 503, 'HTTP 503, expected 200-299'],
      ['accepted', true, 304, 'HTTP 304'],
      ['refused', false, null, 'connection refused'],
      ['silent', false, null, 'timeout after 300ms'],
      ['redirected', true, 200, 'HTTP 200'],
      ['redirect loop', false, 302, 'more than 5 redirects'],
      ['tcp open', true, null, 'connected'],
      ['tcp refused', false, null, 'connection refused'],
      ['tcp silent', true, null, 'connected']
    ])
  })

  it('ends a silent target at its timeout, each attempt', async () => {
    const [result] = await probeAll([target('silent', farm.silent, { timeoutMs: 200, retries: 2 })], 1)
    expect(result).toMatchObject({ ok: false, attempts: 3, reason: 'timeout after 200ms' })
    expect(result.latencyMs).toBeGreaterThanOrEqual(190)
  })

  it('tries again inside the pass before a check counts as failed, and stops at the first success', async () => {
    const before = farm.requests()
    const [failing, passing] = await probeAll(
      [
        target('failing', farm.http('/status/500'), { retries: 2 }),
        target('passing', farm.http('/status/200'), { retries: 2 })
      ],
      2
    )
    expect([failing.attempts, passing.attempts]).toEqual([3, 1])
    expect(farm.requests() - before).toBe(4)
  })

  it('sends the method, headers and body it is given, and basic auth from the URL', async () => {
    const seen: string[] = []
    const echo = (await import('node:http')).createServer((request, response) => {
      let body = ''
      request.on('data', chunk => (body += chunk))
      request.on('end', () => {
        seen.push(`${request.method} ${request.headers.authorization} ${body}`)
        response.end('ok')
      })
    })
    const port = await listen(echo)
    const results = await probeAll(
      [
        target('api', `http://127.0.0.1:${port}/`, {
          method: 'POST',
          headers: { Authorization: 'Bearer t' },
          body: '{"ping":true}'
        }),
        target('basic', `http://ops:p%40ss@127.0.0.1:${port}/`)
      ],
      1
    )
    await new Promise(resolve => echo.close(resolve))
    expect(results.map(result => result.ok)).toEqual([true, true])
    expect(seen).toEqual([
      'POST Bearer t {"ping":true}',
      `GET Basic ${Buffer.from('ops:p@ss').toString('base64')} `
    ])
  })
})
