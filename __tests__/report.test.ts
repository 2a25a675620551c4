// What the summary, the log and the outputs say of a pass: only what is so.
import { describe, expect, it } from '@jest/globals'
import { type Report, type TargetReport } from '../src/report/model.js'
import { outputsOf } from '../src/report/outputs.js'
import { renderLog, renderSummary } from '../src/report/summary.js'
import { type Change } from '../src/state/model.js'

const target = (name: string, extra: Partial<TargetReport> = {}): TargetReport => ({
  name,
  url: `https://${name}.example.com/health`,
  state: 'up',
  observed: 'up',
  status: 200,
  latencyMs: 42,
  timings: { dnsMs: 1, connectMs: 3, tlsMs: 10, firstByteMs: 40, totalMs: 42 },
  reason: 'HTTP 200',
  since: '2026-11-28T09:00:00.000Z',
  ...extra
})

const down = (name: string, extra: Partial<TargetReport> = {}) =>
  target(name, {
    state: 'down',
    observed: 'down',
    status: 503,
    reason: 'HTTP 503, expected 200-299',
    ...extra
  })

const change = (name: string, kind: Change['kind'], extra: Partial<Change> = {}): Change => ({
  id: `x/${kind}`,
  kind,
  name,
  url: `https://${name}.example.com/health`,
  from: kind === 'RECOVERED' ? 'down' : 'up',
  to: kind === 'RECOVERED' ? 'up' : kind === 'DEGRADED' ? 'degraded' : 'down',
  reason: kind === 'RECOVERED' ? 'HTTP 200' : 'HTTP 503, expected 200-299',
  since: '2026-11-28T10:00:00.000Z',
  previousSince: '2026-11-28T08:48:00.000Z',
  duration: 72 * 60,
  ...extra
})

const report = (extra: Partial<Report>): Report => ({ targets: [], changes: [], dryRun: false, ...extra })

describe('the summary', () => {
  it('says "first check" for a target seen for the first time, never "after 0ms"', () => {
    const summary = renderSummary(
      report({
        targets: [down('api')],
        changes: [change('api', 'DOWN', { from: null, previousSince: undefined, duration: null })]
      })
    )
    expect(summary).toContain('- **DOWN** api: HTTP 503, expected 200-299 (first check)')
    expect(summary).not.toContain('after 0ms')
  })

  it('lists changes worst first, as the mail does', () => {
    const summary = renderSummary(
      report({
        targets: [down('web'), target('docs'), target('shop', { state: 'degraded', observed: 'degraded' })],
        changes: [change('docs', 'RECOVERED'), change('shop', 'DEGRADED'), change('web', 'DOWN')]
      })
    )
    const listed = summary.split('\n').filter(line => line.startsWith('- **'))
    expect(listed).toEqual([
      '- **DOWN** web: HTTP 503, expected 200-299 after 1h 12m',
      '- **DEGRADED** shop: HTTP 503, expected 200-299 after 1h 12m',
      '- **RECOVERED** docs: HTTP 200 after 1h 12m'
    ])
  })

  it('says when this run saw a failure that a threshold has not yet made a change', () => {
    const summary = renderSummary(
      report({
        targets: [target('api', { observed: 'down', status: null, reason: 'connection refused' })]
      })
    )
    expect(summary).toContain(
      '<td>🟢</td><td>api</td><td>https://api.example.com/health</td><td></td><td>42 ms</td>'
    )
    expect(summary).toContain(
      'connection refused<br><sub>this run: down; counted as up until failure-threshold is reached</sub>' +
        '<br><sub>DNS 1 ms, connect 3 ms, TLS 10 ms, first byte 40 ms, total 42 ms</sub>'
    )
  })
})

describe('an inconclusive run', () => {
  const inconclusive = report({
    inconclusive: 'the canary https://www.google.com failed (DNS lookup failed)',
    targets: [
      down('api', { observed: 'up', status: 200, reason: 'HTTP 200' }),
      target('web', { observed: 'down', status: null, reason: 'DNS lookup failed' }),
      target('new', {
        state: null,
        since: undefined,
        observed: 'down',
        status: null,
        reason: 'DNS lookup failed'
      })
    ]
  })

  it('says in its headline that nothing changed, not how many are down', () => {
    expect(renderSummary(inconclusive)).toContain(
      '## upwatch: inconclusive run, nothing changed: 2 targets kept as they were, 1 never seen, not recorded'
    )
    expect(renderLog(inconclusive)[0]).toBe(
      'upwatch: inconclusive run, nothing changed: 2 targets kept as they were, 1 never seen, not recorded'
    )
  })

  it("shows each target's kept state and this run's result as two things", () => {
    const summary = renderSummary(inconclusive)
    expect(summary).toContain(
      '<tr><th>Kept</th><th>Target</th><th>URL</th><th>This run</th><th>HTTP</th><th>Latency</th><th>Since</th><th>Reason</th></tr>'
    )
    expect(summary).toContain(
      '<td>🔴</td><td>api</td><td>https://api.example.com/health</td><td>🟢</td><td>200</td>'
    )
    expect(summary).toContain('<td>⚪ new</td><td>new</td>')
    const log = renderLog(inconclusive)
    expect(log).toContainEqual(
      expect.stringMatching(/^🔴 DOWN +api +42 ms {2}this run UP: HTTP 200 {2}https:/)
    )
    expect(log).toContainEqual(
      expect.stringMatching(/^🟢 UP +web +42 ms {2}this run DOWN: DNS lookup failed/)
    )
    expect(log).toContainEqual(
      expect.stringMatching(/^⚪ NEW +new +42 ms {2}this run DOWN: DNS lookup failed/)
    )
  })

  it('counts no state for a target never seen, and gives its result apart', () => {
    const outputs = outputsOf(inconclusive)
    expect(outputs).toMatchObject({ up: '1', down: '1', degraded: '0', inconclusive: 'true' })
    expect(JSON.parse(outputs.results)).toContainEqual(
      expect.objectContaining({ name: 'new', state: null, observed: 'down', reason: 'DNS lookup failed' })
    )
  })
})
