// HTTP/1.1 as servers really send it, and as hostile ones do (src/probes/wire.ts): each answer comes from a real
// TCP server on 127.0.0.1 that writes exactly the bytes given, in the pieces given, and the check's verdict is
// what a user would see.
import { afterAll, describe, expect, it } from '@jest/globals'
import { probeAll } from '../src/probes/probe.js'
import { answering, closeAnswering } from './support/answering.js'
import { targetOf } from './support/targets.js'

afterAll(closeAnswering)

async function check(port: number, fields = '') {
  const [result] = await probeAll(
    [
      targetOf(
        `  - { name: wire, url: "http://127.0.0.1:${port}/path?q=1", retries: 0, timeout: 3s${fields} }`
      )
    ],
    1
  )
  return result
}

describe('an answer read from the wire', () => {
  it('is read whole when its length, its chunks or the close say where it ends, however it is cut', async () => {
    const bodies = [
      ['HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n', 'hello', ' world'],
      [
        'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-trailer: 1\r\n\r\n'
      ],
      // The same chunks, a byte at a time: size lines, data and CRLFs split anywhere.
      [...'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nB\r\nhello world\r\n0\r\n\r\n'],
      ['HTTP/1.0 200 OK\r\n\r\nhello', ' world'],
      ['HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\nhello world'],
      // Leading zeros, however many, in a length and in a chunk's size.
      ['HTTP/1.1 200 OK\r\ncontent-length: 000000000000000000011\r\n\r\nhello world'],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0000000000000000b\r\nhello world\r\n0\r\n\r\n'],
      // Bare LF line ends, a folded header, no reason phrase, a blank line before the status line.
      ['\r\nHTTP/1.1 200\nx-folded: a\n  b\ncontent-length: 11\n\nhello world']
    ]
    for (const pieces of bodies) {
      // A timer between the pieces, so that each comes in a read of its own.
      const { port } = await answering(pieces, { gapMs: 1 })
      const result = await check(port, ', expect: { body: "hello world", headers: { x-missing: "y" } }')
      // The header expectation is there to fail: the body's expectation comes first, so reaching it is the proof.
      expect({ pieces, reason: result.reason }).toEqual({
        pieces,
        reason: 'HTTP 200, header x-missing is missing'
      })
    }
  })

  it('skips interim answers, and reads no body after HEAD, 204 or 304', async () => {
    const interim = await answering([
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n',
      'HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\nok'
    ])
    expect(await check(interim.port)).toMatchObject({ health: 'up', status: 201 })
    // Without a body, the answer ends at its head: the server keeps the connection open and sends nothing more.
    for (const [status, method] of [
      [200, 'HEAD'],
      [204, 'GET'],
      [304, 'GET']
    ] as const) {
      const { port } = await answering([`HTTP/1.1 ${status} X\r\ncontent-length: 5000\r\n\r\n`], {
        keepOpen: true
      })
      const result = await check(port, `, method: ${method}, expect: { status: [${status}] }`)
      expect(result).toMatchObject({ health: 'up', status })
      expect(result.latencyMs).toBeLessThan(2000)
    }
  })

  it('keeps the headers as sent: repeated ones in order, names in lower case, any name a name', async () => {
    const { port } = await answering([
      'HTTP/1.1 200 OK\r\nX-Seen: one\r\nx-seen: two\r\n__proto__: p\r\nconstructor: c\r\ncontent-length: 0\r\n\r\n'
    ])
    const fields = ', expect: { headers: { x-seen: "one, two", constructor: c } }'
    expect(await check(port, fields)).toMatchObject({ health: 'up', reason: 'HTTP 200' })
    const { port: other } = await answering(['HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'])
    expect(await check(other, ', expect: { headers: { constructor: x } }')).toMatchObject({
      health: 'down',
      reason: 'HTTP 200, header constructor is missing'
    })
  })

  it('is invalid when it does not parse, or frames its body two ways', async () => {
    const invalid = [
      'HTTP/2 200 OK\r\n\r\n',
      'ICY 200 OK\r\n\r\n',
      'HTTP/1.1 20 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
      'HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n',
      'HTTP/1.1 200 OK\r\nx-nul: a\0b\r\n\r\n',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok',
      'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nokXX0\r\n\r\n',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n'
    ]
    for (const answer of invalid) {
      const { port } = await answering([answer])
      const result = await check(port)
      expect({ answer, result: [result.health, result.status, result.reason] }).toEqual({
        answer,
        result: ['down', null, 'invalid HTTP response']
      })
    }
  })

  it('is down when the server closes before its answer or its body ended', async () => {
    for (const pieces of [
      [],
      ['HTTP/1.1 200 OK\r\ncontent-'],
      ['HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort'],
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n']
    ]) {
      const { port } = await answering(pieces)
      const result = await check(port)
      expect({ pieces, result: [result.health, result.reason] }).toEqual({
        pieces,
        result: ['down', 'connection closed by the server']
      })
    }
  })

  it('refuses a head past 16 KiB, and reads a chunk size line of bounded length only', async () => {
    const { port } = await answering(['HTTP/1.1 200 OK\r\n', `x-big: ${'a'.repeat(17 * 1024)}\r\n\r\n`])
    expect(await check(port)).toMatchObject({ health: 'down', reason: 'response headers too large' })
    const endless = await answering(
      ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1;', ...Array<string>(20).fill('e'.repeat(100))],
      { keepOpen: true }
    )
    expect(await check(endless.port)).toMatchObject({ health: 'down', reason: 'invalid HTTP response' })
  })

  it('writes one request: the target line, the Host, the headers given, Connection: close, and the length', async () => {
    const { port, requests } = await answering(['HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'])
    await check(
      port,
      ', method: POST, body: "{\\"a\\":\\"é\\"}", headers: { X-Api: k1, Connection: keep-alive }'
    )
    expect(requests).toEqual([
      `POST /path?q=1 HTTP/1.1\r\nX-Api: k1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\n` +
        'content-length: 10\r\n\r\n{"a":"é"}'.replace('é', '\u00c3\u00a9')
    ])
  })

  it('sends nothing when a header value holds a line end, a control or a character past U+00FF, and says which header', async () => {
    const { port, requests } = await answering(['HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'])
    const target = targetOf(
      `  - { name: wire, url: "http://127.0.0.1:${port}/", retries: 0, headers: { X-Token: x } }`
    )
    for (const value of ['a\r\nX-Injected: 1', 'a\x01b', 'price 5€']) {
      const [result] = await probeAll([{ ...target, headers: { 'X-Token': value } }], 1)
      expect({ value, result: [result.health, result.reason] }).toEqual({
        value,
        result: ['down', 'invalid X-Token header']
      })
    }
    expect(requests).toEqual([])
    // Latin-1 is a byte each, as HTTP allows (obs-text), and a tab is whitespace: sent as written.
    const [latin] = await probeAll([{ ...target, headers: { 'X-Token': 'caf\u00e9\tok' } }], 1)
    expect(latin).toMatchObject({ health: 'up' })
    expect(requests[0]).toContain('X-Token: caf\u00e9\tok\r\n')
  })
})
