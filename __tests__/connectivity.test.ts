import { describe, expect, it } from '@jest/globals'
import { allSilent, connectivityDoubt } from '../src/connectivity.js'
import { type ProbeResult } from '../src/probes/model.js'
import { targetOf } from './support/targets.js'

function result(
  url: string,
  health: ProbeResult['health'],
  status: number | null,
  reason: string,
  silent = false
): ProbeResult {
  return {
    target: targetOf(`  - { name: "${url}", url: "${url}" }`),
    health,
    status,
    reason,
    silent,
    latencyMs: 5,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 5 },
    attempts: 2,
    checkedAt: '2026-11-28T10:00:00Z'
  }
}

const noName = (url: string) => result(url, 'down', null, 'DNS lookup failed', true)
const connectTimeout = (url: string) => result(url, 'down', null, 'connect timeout after 10s', true)
const refused = (url: string) => result(url, 'down', null, 'connection refused')
const hanging = (url: string) => result(url, 'down', null, 'timeout after 10s')
const api = 'https://api.github.com'

describe('the connectivity guard', () => {
  it('takes a refused connection, a timeout after connecting and any HTTP answer as answers', () => {
    const answers = [
      refused('http://db.example:1'),
      hanging('http://db.example:2'),
      result('https://a.example', 'down', 503, 'HTTP 503, expected 200-299'),
      result('https://b.example', 'down', null, 'TLS: certificate has expired')
    ]
    expect(allSilent(answers)).toBe(false)
    expect(connectivityDoubt(answers)).toBeUndefined()
  })

  it('does not doubt two targets on one host, one refusing and one hanging: a real outage', () => {
    expect(
      connectivityDoubt([refused('http://10.0.0.5:8080'), hanging('http://10.0.0.5:9090')])
    ).toBeUndefined()
  })

  it('trusts a pass of silent failures when the reference address answered', () => {
    const targets = [noName('https://a.example'), connectTimeout('https://b.example')]
    expect(connectivityDoubt(targets, undefined, result(api, 'up', 200, 'HTTP 200'))).toBeUndefined()
    // Any HTTP answer shows the runner's network works.
    expect(connectivityDoubt(targets, undefined, result(api, 'up', 503, 'HTTP 503'))).toBeUndefined()
  })

  it('doubts a pass of silent failures when the reference address failed too', () => {
    expect(
      connectivityDoubt(
        [noName('https://a.example')],
        undefined,
        result(api, 'down', null, 'connection refused')
      )
    ).toBe(
      'the one target failed without an answer (DNS lookup failed), and so did https://api.github.com (connection refused), which the runner must reach'
    )
  })

  it('without a reference (outside GitHub Actions), doubts silent failures on two or more hosts only', () => {
    expect(connectivityDoubt([noName('https://a.example'), connectTimeout('https://b.example')])).toBe(
      'all 2 targets on 2 hosts failed without an answer (DNS lookup failed; connect timeout after 10s)'
    )
    expect(connectivityDoubt([noName('https://a.example/x'), noName('https://a.example/y')])).toBeUndefined()
    expect(connectivityDoubt([])).toBeUndefined()
  })

  it('trusts a pass where one target answered', () => {
    expect(
      connectivityDoubt([noName('https://a.example'), result('https://b.example', 'up', 200, 'HTTP 200')])
    ).toBeUndefined()
  })

  it('lets a canary decide alone when there is one: only its silence is doubt', () => {
    const targets = [noName('https://a.example'), noName('https://b.example')]
    expect(
      connectivityDoubt(targets, result('https://canary.example', 'up', 200, 'HTTP 200'))
    ).toBeUndefined()
    expect(connectivityDoubt([], noName('https://canary.example'))).toBe(
      'the canary https://canary.example failed without an answer (DNS lookup failed)'
    )
    // A canary that answered, however badly, shows the runner's network works.
    expect(connectivityDoubt(targets, refused('https://canary.example'))).toBeUndefined()
    expect(
      connectivityDoubt(targets, result('https://canary.example', 'down', 429, 'HTTP 429, expected 200-299'))
    ).toBeUndefined()
  })

  it('counts hosts by name, not by port', () => {
    expect(
      connectivityDoubt([noName('tcp://db.example.com:5432'), noName('https://db.example.com/')])
    ).toBeUndefined()
  })
})
