// Redirects and secrets: a server on 127.0.0.1 redirects to another origin (another port, or http from https),
// which records every request it receives, so the test sees what would have left the target's origin.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import https from 'node:https'
import type net from 'node:net'
import { probeAll } from '../src/probes/probe.js'
import { listen } from './support/servers.js'
import { targetsOf } from './support/targets.js'
import { createPki, type TestPki } from './support/tls.js'

const env = { TOKEN: 'token-0123456789', KEY: 'key-0123456789', SESSION: 'session-0123456789' }
const SECRETS = Object.values(env)

/** What a server received: method, path, headers that matter here, body. */
interface Received {
  method: string
  path: string
  headers: Record<string, string>
  body: string
}

const servers: net.Server[] = []
let pki: TestPki
/** The origin the targets are on: /<code>/<name> redirects with that code to `elsewhere`, /same/<code> to itself. */
let origin: number
let secureOrigin: number
/** Another origin: it answers 200 to everything and records it. */
let elsewhere: number
const received: Received[] = []
const receivedAtOrigin: Received[] = []

function recorder(log: Received[]): http.RequestListener {
  return (request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const { host: _host, connection: _connection, ...headers } = request.headers as Record<string, string>
      log.push({ method: request.method ?? '', path: request.url ?? '', headers, body })
      const [, code, rest] = /^\/(\d{3})\/(.*)$/.exec(request.url ?? '') ?? []
      const [, same] = /^\/same\/(\d{3})$/.exec(request.url ?? '') ?? []
      if (code) response.writeHead(Number(code), { location: `http://127.0.0.1:${elsewhere}/${rest}` })
      else if (same) response.writeHead(Number(same), { location: '/landed' })
      response.end('ok')
    })
  }
}

async function serve(server: net.Server): Promise<number> {
  servers.push(server)
  return listen(server)
}

beforeAll(async () => {
  pki = createPki()
  elsewhere = await serve(http.createServer(recorder(received)))
  origin = await serve(http.createServer(recorder(receivedAtOrigin)))
  secureOrigin = await serve(https.createServer(pki.server(-1, 90), recorder(receivedAtOrigin)))
})

afterAll(() => {
  for (const server of servers) {
    ;(server as http.Server).closeAllConnections()
    server.close()
  }
})

const SECRET_HEADERS = `{ Authorization: "Bearer \${TOKEN}", X-Api-Key: "\${KEY}", X-Trace: plain }`

describe('a redirect to another origin', () => {
  it('carries no secret: headers that hold one, and credentials, stay behind; a body that holds one is not sent', async () => {
    const at = (path: string) => `http://127.0.0.1:${origin}${path}`
    const results = await probeAll(
      targetsOf(
        `
defaults: { retries: 0, timeout: 5s, headers: ${SECRET_HEADERS} }
targets:
  - { name: "301", url: "${at('/301/301')}" }
  - { name: "302", url: "${at('/302/302')}" }
  - { name: "303", url: "${at('/303/303')}", method: POST, body: '{"key":"\${KEY}"}' }
  - { name: "307", url: "${at('/307/307')}", method: POST, body: '{"ping":true}' }
  - { name: "308", url: "${at('/308/308')}", method: PUT, body: '{"key":"\${KEY}"}' }
  - name: https to http
    url: "https://127.0.0.1:${secureOrigin}/302/https"
  - name: credentials as written
    url: "${at('/307/credentials')}"
    headers: { Authorization: Bearer written, Cookie: "a=b", Proxy-Authorization: Basic d3JpdHRlbg==, X-Trace: plain }
  - { name: basic, url: "http://ops:p%40ss-0123456789@127.0.0.1:${origin}/302/basic" }
`,
        env
      ),
      8,
      { ca: [pki.ca] }
    )
    expect(
      results.map(({ target, health, status, reason }) => [target.name, health, status, reason])
    ).toEqual([
      ['301', 'up', 200, 'HTTP 200'],
      ['302', 'up', 200, 'HTTP 200'],
      ['303', 'up', 200, 'HTTP 200'],
      ['307', 'up', 200, 'HTTP 200'],
      ['308', 'down', 308, 'redirect to another origin not followed: it would carry a secret'],
      ['https to http', 'up', 200, 'HTTP 200'],
      ['credentials as written', 'up', 200, 'HTTP 200'],
      ['basic', 'up', 200, 'HTTP 200']
    ])
    const byPath = [...received].sort((a, b) => a.path.localeCompare(b.path))
    expect(byPath.map(({ method, path, headers, body }) => [path, method, headers['x-trace'], body])).toEqual(
      [
        ['/301', 'GET', 'plain', ''],
        ['/302', 'GET', 'plain', ''],
        ['/303', 'GET', 'plain', ''],
        ['/307', 'POST', 'plain', '{"ping":true}'],
        ['/basic', 'GET', 'plain', ''],
        ['/credentials', 'GET', 'plain', ''],
        ['/https', 'GET', 'plain', '']
      ]
    )
    const leaked = JSON.stringify(received)
    for (const secret of [...SECRETS, 'written', 'a=b', 'p@ss-0123456789'])
      expect(leaked).not.toContain(secret)
    for (const request of received) {
      expect(Object.keys(request.headers)).not.toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^(authorization|cookie|proxy-authorization|x-api-key)$/)
        ])
      )
    }
  })

  it('keeps them on the same origin', async () => {
    receivedAtOrigin.length = 0
    const [result] = await probeAll(
      targetsOf(
        `targets:\n  - { name: same, url: "http://127.0.0.1:${origin}/same/307", method: POST, body: '{"key":"\${KEY}"}', headers: ${SECRET_HEADERS} }`,
        env
      ),
      1
    )
    expect(result).toMatchObject({ health: 'up', reason: 'HTTP 200' })
    expect(
      receivedAtOrigin.map(({ method, path, headers, body }) => [
        method,
        path,
        headers.authorization,
        headers['x-api-key'],
        body
      ])
    ).toEqual([
      ['POST', '/same/307', `Bearer ${env.TOKEN}`, env.KEY, `{"key":"${env.KEY}"}`],
      ['POST', '/landed', `Bearer ${env.TOKEN}`, env.KEY, `{"key":"${env.KEY}"}`]
    ])
  })
})

describe('a redirect that is not to http or https', () => {
  it('is down, with a reason that says so and nothing the server chose', async () => {
    const server = http.createServer((_request, response) =>
      response.writeHead(302, { location: 'mailto:someone@example.com?subject=<b>' }).end()
    )
    const port = await serve(server)
    const [result] = await probeAll(
      targetsOf(`targets:\n  - { name: mail, url: "http://127.0.0.1:${port}/" }`),
      1
    )
    expect(result).toMatchObject({
      health: 'down',
      status: 302,
      reason: 'redirect to a URL that is not http or https, not followed'
    })
  })
})
