import { describe, expect, it } from '@jest/globals'
import { connectivityDoubt } from '../src/connectivity.js'
import { type ProbeResult } from '../src/probes/model.js'
import { targetOf } from './support/targets.js'

function result(
  url: string,
  health: ProbeResult['health'],
  status: number | null,
  reason: string
): ProbeResult {
  return {
    target: targetOf(`  - { name: "${url}", url: "${url}" }`),
    health,
    status,
    reason,
    silent: health === 'down' && status === null,
    latencyMs: 5,
    timings: { connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 5 },
    attempts: 2,
    checkedAt: '2026-11-28T10:00:00Z'
  }
}

describe('the connectivity guard', () => {
  const refused = (url: string) => result(url, 'down', null, 'connection refused')

  it('doubts a pass where every target on several hosts fails without an answer', () => {
    expect(
      connectivityDoubt([
        refused('https://a.example'),
        result('https://b.example', 'down', null, 'DNS lookup failed')
      ])
    ).toBe('all 2 targets on 2 hosts failed without an answer (connection refused; DNS lookup failed)')
  })

  it.each([
    [
      'one target answered',
      [refused('https://a.example'), result('https://b.example', 'up', 200, 'HTTP 200')]
    ],
    [
      'one failure was an HTTP answer',
      [refused('https://a.example'), result('https://b.example', 'down', 503, 'HTTP 503')]
    ],
    [
      'all on one host, which may be down itself',
      [refused('https://a.example/x'), refused('https://a.example/y')]
    ],
    ['no targets', []]
  ])('trusts a pass when %s', (_, results) => {
    expect(connectivityDoubt(results)).toBeUndefined()
  })

  it('lets a canary decide alone when there is one', () => {
    const targets = [refused('https://a.example'), refused('https://b.example')]
    expect(
      connectivityDoubt(targets, result('https://canary.example', 'up', 200, 'HTTP 200'))
    ).toBeUndefined()
    expect(connectivityDoubt([], refused('https://canary.example'))).toBe(
      'the canary https://canary.example failed (connection refused)'
    )
  })
})
