import { describe, expect, it } from '@jest/globals'
import { BODY_LIMIT, composeMail, composeSubject, SUBJECT_LIMIT } from '../src/notify/mail.js'
import { Redactor } from '../src/redact.js'
import { type Change } from '../src/state/model.js'

const change = (
  name: string,
  from: Change['from'],
  to: Change['to'],
  extra: Partial<Change> = {}
): Change => ({
  id: `x/${to}`,
  kind: ({ down: 'DOWN', up: 'RECOVERED', degraded: 'DEGRADED' } as const)[to],
  name,
  url: `https://${name}.example.com/health`,
  from,
  to,
  reason: to === 'down' ? 'HTTP 503, expected 200-299' : 'HTTP 200',
  since: '2026-11-28T20:15:03.120Z',
  previousSince: from === null ? undefined : '2026-11-28T19:03:00.000Z',
  duration: from === null ? null : 4323,
  ...extra
})

const SNS_SUBJECT = /^[\x20-\x7e]{1,100}$/

describe('the mail', () => {
  it('names the changes worst first in the subject, and gives a block per change with reason, since and downtime', () => {
    const mail = composeMail(
      [change('docs', 'down', 'up'), change('api', 'up', 'down'), change('web', null, 'down')],
      'https://github.com/acme/monitor/actions/runs/7',
      text => text
    )
    expect(mail.subject).toBe('[upwatch] DOWN: api, web | RECOVERED: docs')
    expect(mail.kinds).toEqual(['DOWN', 'RECOVERED'])
    expect(mail.body).toBe(
      [
        'upwatch: 2 down, 1 recovered.',
        '',
        'DOWN: api',
        '  URL:      https://api.example.com/health',
        '  Reason:   HTTP 503, expected 200-299',
        '  Since:    2026-11-28T20:15:03Z',
        '',
        'DOWN: web',
        '  URL:      https://web.example.com/health',
        '  Reason:   HTTP 503, expected 200-299',
        '  Since:    2026-11-28T20:15:03Z (first check)',
        '',
        'RECOVERED: docs',
        '  URL:      https://docs.example.com/health',
        '  Down for: 1h 12m, since 2026-11-28T19:03:00Z',
        '  Back at:  2026-11-28T20:15:03Z',
        '',
        'Run: https://github.com/acme/monitor/actions/runs/7',
        ''
      ].join('\n')
    )
  })

  it('says how long a target has been down in a reminder, and what is left of a recovery into degraded', () => {
    const mail = composeMail(
      [
        change('docs', 'down', 'degraded', {
          kind: 'RECOVERED',
          reason: 'HTTP 200, slow: 1.2s, max-latency 800ms'
        }),
        change('api', 'down', 'down', { kind: 'REMINDER', duration: 6 * 3600 + 12 * 60 })
      ],
      undefined,
      text => text
    )
    expect(mail.subject).toBe('[upwatch] STILL DOWN: api | RECOVERED: docs')
    expect(mail.kinds).toEqual(['REMINDER', 'RECOVERED'])
    expect(mail.body).toContain(
      [
        'STILL DOWN: api',
        '  URL:      https://api.example.com/health',
        '  Down for: 6h 12m, since 2026-11-28T19:03:00Z',
        '  Reason:   HTTP 503, expected 200-299'
      ].join('\n')
    )
    expect(mail.body).toContain('  Still degraded: HTTP 200, slow: 1.2s, max-latency 800ms')
  })

  it('orders targets by name within a kind, as the summary and the changes output do', () => {
    const mail = composeMail(
      [change('web', 'up', 'down'), change('api', 'up', 'down')],
      undefined,
      text => text
    )
    expect(mail.subject).toBe('[upwatch] DOWN: api, web')
    expect(mail.body.indexOf('DOWN: api')).toBeLessThan(mail.body.indexOf('DOWN: web'))
  })

  it("lists a target's several changes oldest first, and names it by the latest: what it is now", () => {
    // A recovery that waited for its outage's mail goes out with the next outage (found by a review).
    const mail = composeMail(
      [
        change('api', 'down', 'up', {
          id: '2026-11-28T20:01:00.000Z/RECOVERED',
          since: '2026-11-28T20:01:00.000Z'
        }),
        change('docs', 'down', 'up'),
        change('api', 'up', 'down', {
          id: '2026-11-28T20:05:00.000Z/DOWN',
          since: '2026-11-28T20:05:00.000Z'
        })
      ],
      undefined,
      text => text
    )
    expect(mail.subject).toBe('[upwatch] DOWN: api | RECOVERED: docs')
    const blocks = [...mail.body.matchAll(/^(DOWN|RECOVERED): (\S+)$/gm)].map(([line]) => line)
    expect(blocks).toEqual(['RECOVERED: api', 'DOWN: api', 'RECOVERED: docs'])
    expect(mail.body).toMatch(/^upwatch: 1 down, 2 recovered\.$/m)
  })

  it('keeps the subject within 100 printable ASCII characters, naming as many targets as fit', () => {
    const many = Array.from({ length: 30 }, (_, i) => change(`service-number-${i}`, 'up', 'down'))
    const subject = composeMail([...many, change('docs', 'down', 'up')], undefined, text => text).subject
    expect(subject).toMatch(SNS_SUBJECT)
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_LIMIT)
    expect(subject).toMatch(
      /^\[upwatch\] DOWN: service-number-0, service-number-1, .* \+\d+ more \| RECOVERED: \+1 more$/
    )
  })

  it.each([
    ['non-ASCII and line breaks in names', ['Zahlungsdienst “EU” ✓', 'line\nbreak', 'tab\there']],
    ['one very long name', ['x'.repeat(300)]],
    ['many short names', Array.from({ length: 200 }, (_, i) => `s${i}`)]
  ])('makes a subject SNS accepts from %s', (_, names) => {
    const subject = composeSubject([{ kind: 'DOWN', names }])
    expect(subject).toMatch(SNS_SUBJECT)
    expect(subject.startsWith('[upwatch] DOWN: ')).toBe(true)
  })

  it('stays within what SNS takes when thousands of targets change at once, and says how many it left out', () => {
    const many = Array.from({ length: 5000 }, (_, i) => change(`service-${i}`, 'up', 'down'))
    const mail = composeMail(many, 'https://github.com/acme/monitor/actions/runs/7', text => text)
    expect(Buffer.byteLength(mail.body)).toBeLessThanOrEqual(BODY_LIMIT + 200)
    const shown = mail.body.split('\n').filter(line => line.startsWith('DOWN: ')).length
    expect(mail.body).toContain(
      `... and ${5000 - shown} more changes, all of them in the run's results file (the output results-file).`
    )
    expect(mail.body.startsWith('upwatch: 5000 down.')).toBe(true)
    expect(mail.body.endsWith('Run: https://github.com/acme/monitor/actions/runs/7\n')).toBe(true)
  })

  it('redacts secrets in reasons, and shows names and URLs as written', () => {
    const redactor = new Redactor()
    redactor.add('prod', '${STAGE}')
    redactor.add('tok-123456', '${API_KEY}')
    const mail = composeMail(
      [
        change('prod-web', 'up', 'down', {
          url: 'https://${STAGE}.example.com/?key=${API_KEY}',
          reason: 'HTTP 401 for tok-123456 on prod'
        })
      ],
      undefined,
      text => redactor.redact(text)
    )
    expect(mail.subject).toBe('[upwatch] DOWN: prod-web')
    expect(mail.body).toContain('DOWN: prod-web\n  URL:      https://${STAGE}.example.com/?key=${API_KEY}')
    expect(mail.body).toContain('Reason:   HTTP 401 for *** on ***')
    expect(mail.body).not.toContain('tok-123456')
  })
})
