import { describe, expect, it } from '@jest/globals'
import { judgeHttp, lookup } from '../src/probes/expect.js'
import { Redactor } from '../src/redact.js'
import { targetOf } from './support/targets.js'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const expectations = (entry: string) => targetOf(`  - { name: a, url: "https://a.example", ${entry} }`).expect
const answer = { status: 200, headers: {}, latencyMs: 40 }

describe('judging an answer', () => {
  it.each([
    ['a', { a: 1 }, { exists: true, value: 1 }],
    ['checks.db.healthy', { checks: { db: { healthy: false } } }, { exists: true, value: false }],
    ['items[1].id', { items: [{ id: 'x' }, { id: 'y' }] }, { exists: true, value: 'y' }],
    ['items.0.id', { items: [{ id: 'x' }] }, { exists: true, value: 'x' }],
    ['a.b', { a: null }, { exists: false }],
    ['a.toString', { a: {} }, { exists: false }],
    ['note', { note: null }, { exists: true, value: null }]
  ])('finds %s in a JSON document', (path, document, found) => {
    expect(lookup(document, path)).toEqual(found)
  })

  it('names the first failed expectation, down before degraded', () => {
    const expect_ = expectations('expect: { headers: { x-a: "1" }, max-latency: 10ms }')
    expect(judgeHttp({ ...answer, latencyMs: 500 }, expect_, NOW)).toEqual({
      health: 'down',
      reason: 'HTTP 200, header x-a is missing'
    })
  })

  it('gives every degraded reason at once', () => {
    const validTo = '2026-11-29T18:00:00.000Z'
    const verdict = judgeHttp(
      { ...answer, latencyMs: 1500, certificateValidTo: validTo },
      expectations('expect: { max-latency: 1s, certificate: 7d }'),
      NOW
    )
    expect(verdict).toEqual({
      health: 'degraded',
      reason: 'HTTP 200, certificate expires in 1 day (2026-11-29), slow: 1.5s, max-latency 1s'
    })
  })

  it("is down under a certificate expectation when the certificate's end of validity cannot be read", () => {
    const expect_ = expectations('expect: { certificate: 7d }')
    expect(judgeHttp({ ...answer, certificateValidTo: null }, expect_, NOW)).toEqual({
      health: 'down',
      reason: "HTTP 200, the certificate's end of validity cannot be read"
    })
    expect(judgeHttp({ ...answer, certificateValidTo: null }, expectations('timeout: 5s'), NOW)).toEqual({
      health: 'up',
      reason: 'HTTP 200'
    })
  })

  it('compares JSON values exactly: "true" is not true, 1 is not "1"', () => {
    const body = JSON.stringify({ healthy: 'true', count: 1 })
    expect(
      judgeHttp({ ...answer, body }, expectations('expect: { json: { healthy: true } }'), NOW).reason
    ).toBe('HTTP 200, JSON healthy is "true", expected true')
    expect(judgeHttp({ ...answer, body }, expectations('expect: { json: { count: "1" } }'), NOW).reason).toBe(
      'HTTP 200, JSON count is 1, expected "1"'
    )
  })

  describe('a secret a server echoes', () => {
    const redactor = new Redactor()
    const quoted = 'ab"cd\\ef-quoted-secret'
    const long = 'LONGSECRETVALUE0123456789'
    redactor.add(quoted, '${QUOTED}')
    redactor.add(long, '${LONG}')
    const redact = (text: string) => redactor.redact(text)

    it.each([
      ['in a body that is not JSON, escaped by quoting', `<p>${quoted}</p>`, 'expect: { json: { a: 1 } }'],
      [
        'in a JSON string value, escaped by JSON',
        JSON.stringify({ a: quoted }),
        'expect: { json: { a: ok } }'
      ],
      ['where the reason cuts the text short', `${'x'.repeat(50)}${long}`, 'expect: { json: { a: 1 } }'],
      ['in a header, cut short', undefined, 'expect: { headers: { x-echo: nothing } }']
    ])('is hidden %s, whatever the quoting and cutting do', (_, body, entry) => {
      const headers = { 'x-echo': `${'y'.repeat(50)}${long}` }
      const { reason } = judgeHttp({ ...answer, headers, body }, expectations(entry), NOW, redact)
      for (const secret of [quoted, long, JSON.stringify(quoted).slice(1, -1)])
        for (let length = 6; length <= secret.length; length++)
          expect(reason).not.toContain(secret.slice(0, length))
      expect(reason).toContain('***')
    })
  })
})
