// The metrics of a pass, and how they are cut into PutMetricData calls: pure, without a pass or an endpoint.
import { describe, expect, it } from '@jest/globals'
import { batchesOf, metricsOf } from '../src/report/metrics.js'
import { type Report, type TargetReport } from '../src/report/model.js'

const AT = new Date('2026-11-28T10:00:00Z')

function reportOf(count: number, extra: Partial<Report> = {}): Report {
  const targets = Array.from({ length: count }, (_, i): TargetReport => ({
    name: `t${i}`,
    url: `https://t${i}.example`,
    state: i === 0 ? 'down' : 'up',
    observed: i === 0 ? 'down' : 'up',
    status: i === 0 ? 503 : 200,
    latencyMs: 40 + i,
    timings: { dnsMs: null, connectMs: 1, tlsMs: null, firstByteMs: 30, totalMs: 40 + i },
    reason: i === 0 ? 'HTTP 503, expected 200-299' : 'HTTP 200',
    uptime: { '24h': null, '7d': null, '30d': null, '90d': null }
  }))
  return { targets, changes: [], dryRun: false, ...extra }
}

describe('metrics', () => {
  it('are a heartbeat, then Up and Latency per target', () => {
    const data = metricsOf(reportOf(2), AT)
    expect(data.map(datum => [datum.MetricName, datum.Dimensions?.[0]?.Value, datum.Value])).toEqual([
      ['Heartbeat', undefined, 1],
      ['Up', 't0', 0],
      ['Latency', 't0', 40],
      ['Up', 't1', 1],
      ['Latency', 't1', 41]
    ])
    expect(data.every(datum => datum.Timestamp === AT)).toBe(true)
  })

  it('are the heartbeat alone for an inconclusive pass, which says nothing about the targets', () => {
    expect(metricsOf(reportOf(3, { inconclusive: 'the canary failed' }), AT)).toEqual([
      expect.objectContaining({ MetricName: 'Heartbeat', Value: 1 })
    ])
  })

  it.each([
    [0, [1]],
    [499, [999]],
    [500, [1000, 1]],
    [600, [1000, 201]],
    [1500, [1000, 1000, 1000, 1]]
  ])('for %d targets go in calls of %j data points, none lost', (count, sizes) => {
    const data = metricsOf(reportOf(count), AT)
    const batches = batchesOf(data)
    expect(batches.map(batch => batch.length)).toEqual(sizes)
    expect(batches.flat()).toEqual(data)
  })
})
