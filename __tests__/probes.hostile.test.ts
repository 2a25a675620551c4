// Servers whose bytes are hostile or odd, each a real server on 127.0.0.1, found by a hostile read of src/probes:
// a target's timeout bounds its check, one bad target never holds up the others, and no verdict is false.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import net from 'node:net'
import { probeAll } from '../src/probes/probe.js'
import { answering, closeAnswering } from './support/answering.js'
import { listen } from './support/servers.js'
import { checkOnce, targetsOf } from './support/targets.js'
import { createPki, type TestPki } from './support/tls.js'

let pki: TestPki
const servers: net.Server[] = []
beforeAll(() => {
  pki = createPki()
})
afterAll(async () => {
  await closeAnswering()
  for (const server of servers) server.close()
})

const check = (url: string, fields?: string, timeout?: string) => checkOnce(url, [pki.ca], fields, timeout)

describe('a head whose header value holds a long run of spaces', () => {
  // Was: wire.ts trimmed with /^[ \t]+|[ \t]+$/g, which scans a run of spaces inside a value again from each of
  // its spaces, and a folded line trimmed the whole value again: this head held the process for 10.8 to 11.7 s.
  const head =
    'HTTP/1.1 200 OK\r\nx-a: a' +
    ' '.repeat(10_000) +
    'b\r\n' +
    ' c\r\n'.repeat(100) +
    'content-length: 0\r\n\r\n'

  it('with folded lines, ends within its timeout (2 s) and does not hold the pass', async () => {
    expect(head.length).toBeLessThan(16 * 1024)
    const { port } = await answering([head], { keepOpen: true })
    const started = performance.now()
    const result = await check(`http://127.0.0.1:${port}/`)
    const elapsed = performance.now() - started
    expect(elapsed).toBeLessThan(2500)
    expect([result.health, result.reason]).toEqual(['up', 'HTTP 200'])
  }, 120_000)

  it("does not make a healthy target in the same pass wait (the other target's check is held too)", async () => {
    const hostile = await answering([head], { keepOpen: true })
    const healthy = await answering(['HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'])
    const targets = targetsOf(
      `targets:\n` +
        `  - { name: hostile, url: "http://127.0.0.1:${hostile.port}/", retries: 0, timeout: 2s }\n` +
        `  - { name: healthy, url: "http://127.0.0.1:${healthy.port}/", retries: 0, timeout: 2s }\n`
    )
    const started = performance.now()
    const results = await probeAll(targets, 2, {})
    const elapsed = performance.now() - started
    expect(results[1].health).toBe('up')
    // Bounded time (DESIGN.md 4): the pass is about the slowest timeout, 2 s, plus a small overhead.
    expect(elapsed).toBeLessThan(3000)
  }, 120_000)
})

describe('a TCP reply whose expected text is non-ASCII', () => {
  it('is up when a multi-byte character is split across two writes', async () => {
    // The reply "héllo" (h, C3 A9, llo) sent as "h\xC3" then "\xA9llo".
    const server = net.createServer(socket => {
      socket.on('error', () => undefined)
      socket.write(Buffer.from([0x68, 0xc3]))
      setTimeout(() => {
        socket.write(Buffer.from([0xa9, 0x6c, 0x6c, 0x6f]))
        setTimeout(() => socket.end(), 50)
      }, 50)
    })
    servers.push(server)
    const port = await listen(server)
    const result = await check(`tcp://127.0.0.1:${port}`, ', expect: { body: "héllo" }')
    expect([result.health, result.reason]).toEqual(['up', 'connected'])
  })
})

describe('a TLS failure that OpenSSL reports (an alert, or https to a plain HTTP port)', () => {
  // Was: reason.ts quoted OpenSSL's whole error string, cut at 120 characters: its thread (different each run and
  // each vantage, whose DOWNs are grouped by reason), the library's source path, and the phrase cut off.
  it('has a reason that says what failed, the same each run, with nothing of this process in it', async () => {
    const plain = await answering(['HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'], { early: true })
    const result = await check(`https://127.0.0.1:${plain.port}/`)
    expect(result.health).toBe('down')
    expect(result.reason).not.toMatch(/[0-9A-F]{12,}:error:/)
    expect(result.reason).not.toContain('deps/openssl')
    expect(result.reason).toBe('TLS: wrong version number')
  })
})

describe('a redirect whose Location is not a URL', () => {
  it('is down with a reason that names the redirect, not "Invalid URL" (which reads as the target\'s own)', async () => {
    const { port } = await answering(['HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:99999/\r\n\r\n'])
    const result = await check(`http://127.0.0.1:${port}/`)
    expect(result.health).toBe('down')
    expect(result.reason).not.toBe('Invalid URL')
    expect(result.status).toBe(302)
    expect(result.reason).toBe('redirect to an invalid URL, not followed')
  })
})

describe('a TCP banner that is kept open', () => {
  // Was: tcp.ts judged the reply only when it had doubled; the piece that completed the expected text without
  // doubling it was judged at the timeout: a false "slow" with max-latency.
  it('is judged when the expected text arrives, not at the timeout', async () => {
    const server = net.createServer(socket => {
      socket.on('error', () => undefined)
      socket.write('220-' + 'x'.repeat(1000) + '\r\n')
      setTimeout(() => socket.write('220 ready\r\n'), 50)
    })
    servers.push(server)
    const port = await listen(server)
    const started = performance.now()
    const result = await check(`tcp://127.0.0.1:${port}`, ', expect: { body: "220 ready", max-latency: 1s }')
    expect([result.health, result.reason]).toEqual(['up', 'connected'])
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
