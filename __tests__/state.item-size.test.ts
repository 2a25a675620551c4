// Found in review: "an item stays under 4 KB with 90 days of history". The history gives up its incidents to
// fit the room the rest of the item leaves, but never its 91 days of rollups: when the rest takes more than
// about 2.9 KB, the item goes over one read unit. It does for a flaky target with a Japanese name of 40
// characters and a URL of 180, which flaps three times while its mail cannot be sent (the changes wait as
// pending, each with the name, the URL and the reason).
import { describe, expect, it } from '@jest/globals'
import { foldHistory } from '../src/history/fold.js'
import { DAY_MS, type History, HOUR_MS, type SeenState } from '../src/history/model.js'
import { type ProbeResult } from '../src/probes/model.js'
import { reconcileResult } from '../src/reconcile.js'
import { attributesOf, itemBytes, READ_UNIT_BYTES } from '../src/state/item.js'
import { type Health, type StoredState } from '../src/state/model.js'
import { targetsOf } from './support/targets.js'

const MIN = 60_000
const iso = (at: number) => new Date(at).toISOString()
const name = '東京リージョン決済ゲートウェイ本番環境・外部公開APIヘルスチェック（認証付き）'
const url =
  'https://payments-gateway.prod.ap-northeast-1.example.co.jp/api/v2/internal/health/deep-check' +
  '?components=database,cache,queue,ledger,fraud-scoring&timeout=5000&token=${HEALTH_TOKEN}'
const [target] = targetsOf(`targets:\n  - { name: "${name}", url: "${url}" }`, { HEALTH_TOKEN: 'tok-123456' })
const END = Date.parse('2026-12-01T12:00:00Z')

/** 90 days of a flaky target: slow for 40 minutes a day, down for 15 minutes every other day. */
function flaky(): { state: SeenState; history: History } {
  let history: History | undefined
  let state: SeenState = { state: 'up', since: iso(END - 91 * DAY_MS) }
  for (let at = END - 91 * DAY_MS; at < END - 3 * HOUR_MS; at += 5 * MIN) {
    const minute = (at % DAY_MS) / MIN
    const health: Health =
      minute >= 600 && minute < 640
        ? 'degraded'
        : minute >= 900 && minute < 915 && Math.floor(at / DAY_MS) % 2 === 0
          ? 'down'
          : 'up'
    const reasons = { down: 'HTTP 503, expected 200-299', degraded: 'HTTP 200, slow: 2.4s', up: undefined }
    const next = health === state.state ? state : { state: health, since: iso(at), reason: reasons[health] }
    if (next !== state || at % HOUR_MS === 0)
      history = foldHistory(
        history,
        { before: state, after: next, now: at, latencyMs: health === 'down' ? undefined : 800 + (at % 1500) },
        []
      )
    state = next
  }
  return { state, history: history! }
}

function resultOf(at: number, health: Health): ProbeResult {
  return {
    target,
    health,
    status: health === 'down' ? 503 : 200,
    reason:
      health === 'down'
        ? 'HTTP 503, expected 200-299: upstream connect error or disconnect/reset before headers. reset reason: connection termination'
        : 'HTTP 200',
    latencyMs: 900,
    timings: { dnsMs: 1, connectMs: 1, tlsMs: null, firstByteMs: 899, totalMs: 900 },
    silent: false,
    attempts: 2,
    checkedAt: iso(at)
  }
}

describe('the item of a flaky target with a Japanese name whose mail waits', () => {
  it('stays one read unit (4 KB)', () => {
    const { state, history } = flaky()
    let previous: StoredState = {
      ...state,
      failures: 0,
      successes: 0,
      announced: 'up',
      announcedSince: state.since,
      notifiedAt: state.since,
      pending: {},
      history,
      version: 4000
    }
    let bytes = 0
    // Down, up, down, up again: SNS refuses every mail meanwhile, so each change stays pending (its lease
    // released, as deliver leaves it).
    for (const [offset, health] of [
      [0, 'down'],
      [20, 'up'],
      [40, 'down'],
      [60, 'up']
    ] as const) {
      const at = END - 2 * HOUR_MS + offset * MIN
      const decision = reconcileResult(resultOf(at, health), previous, {
        now: iso(at),
        runId: '12345678901.1.abcdef12',
        leaseMs: 180_000,
        history: true
      })
      bytes = Math.max(bytes, itemBytes(target, attributesOf(decision.next, previous)))
      const pending = Object.fromEntries(
        Object.entries(decision.next.pending).map(([id, entry]) => [
          id,
          { ...entry, leaseUntil: new Date(0).toISOString() }
        ])
      )
      previous = { ...decision.next, pending, version: previous.version! + 1 }
    }
    expect(Object.keys(previous.pending)).toHaveLength(4)
    expect(bytes).toBeLessThanOrEqual(READ_UNIT_BYTES)
  })
})
