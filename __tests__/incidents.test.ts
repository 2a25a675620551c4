// What a target's state asks of its issue, and what upwatch writes on GitHub, without GitHub: the decisions
// that make a steady run call nothing, and the texts that carry nothing a server sent as markdown.
import { describe, expect, it } from '@jest/globals'
import { issueWork } from '../src/incidents/plan.js'
import {
  issueBody,
  marks,
  issueTitle,
  keyDigest,
  markersIn,
  recoveryComment,
  reminderComment
} from '../src/incidents/text.js'
import { Redactor } from '../src/redact.js'
import { type StoredState } from '../src/state/model.js'

const T = Date.parse('2026-11-29T10:00:00.000Z')
const iso = (minutes: number) => new Date(T + minutes * 60_000).toISOString()
const down: StoredState = {
  state: 'down',
  since: iso(0),
  reason: 'HTTP 503',
  failures: 0,
  successes: 0,
  announced: 'down',
  announcedSince: iso(0),
  pending: {},
  version: 3
}
const up: StoredState = {
  ...down,
  state: 'up',
  since: iso(30),
  reason: undefined,
  announced: 'up',
  announcedSince: iso(30)
}

describe('what a state asks of its issue', () => {
  it('asks nothing of a target up without an issue, or down with its issue and no reminder since', () => {
    expect(issueWork(up, 'run', T)).toBeUndefined()
    expect(issueWork({ ...down, issue: { outage: iso(0), number: 7 } }, 'run', T + 3_600_000)).toBeUndefined()
    expect(issueWork(undefined, 'run', T)).toBeUndefined()
  })

  it('asks for the issue of a mailed outage, but not while another run still holds its mail or its claim', () => {
    expect(issueWork(down, 'run', T)).toEqual({ kind: 'open', outage: iso(0), search: false })
    const held = {
      [`${iso(0)}/DOWN`]: { change: {} as never, claim: 'other', leaseUntil: iso(3) }
    }
    expect(issueWork({ ...down, pending: held }, 'run', T)).toBeUndefined()
    const claimed = { ...down, issue: { outage: iso(0), claim: 'other', leaseUntil: iso(3) } }
    expect(issueWork(claimed, 'run', T)).toBeUndefined()
    // The claim ran out: the run that held it may have opened it, so look first.
    expect(issueWork(claimed, 'run', T + 4 * 60_000)).toEqual({ kind: 'open', outage: iso(0), search: true })
    // A recovery waits for a live claim too: the run holding it may be opening the issue right now.
    expect(issueWork({ ...up, issue: claimed.issue }, 'run', T)).toBeUndefined()
  })

  it('asks for each mailed reminder once, and for the recovery of an issue whose outage is over', () => {
    const open = { ...down, issue: { outage: iso(0), number: 7 }, remindedAt: iso(60) }
    expect(issueWork(open, 'run', T)).toEqual({
      kind: 'remind',
      number: 7,
      outage: iso(0),
      reminded: iso(60)
    })
    expect(issueWork({ ...open, issue: { ...open.issue, reminded: iso(60) } }, 'run', T)).toBeUndefined()
    expect(issueWork({ ...up, issue: { outage: iso(0), number: 7 } }, 'run', T)).toEqual({
      kind: 'recover',
      record: { outage: iso(0), number: 7 }
    })
  })

  it('ends the issue of an earlier outage when the target went down again before it was closed', () => {
    const again = { ...down, announcedSince: iso(90), since: iso(90), issue: { outage: iso(0), number: 7 } }
    expect(issueWork(again, 'run', T)).toEqual({
      kind: 'open',
      outage: iso(90),
      search: false,
      earlier: { outage: iso(0), number: 7 }
    })
  })
})

describe('what upwatch writes on GitHub', () => {
  const redactor = new Redactor()
  redactor.add('tok-123456789', '${API_TOKEN}')
  const redact = (text: string) => redactor.redact(text)
  const key = { url: 'https://api.example.com/health?token=tok-123456789', name: 'api' }
  const hostile = {
    key,
    name: 'api',
    url: key.url,
    reason:
      'HTTP 503: <img src=x onerror=alert(1)> @octocat see #12 [click](https://evil.example) **bold** | cell\nline',
    since: iso(0)
  }

  it('shows what a server sent as the characters it is: no HTML, link, mention, reference or table break', () => {
    const body = issueBody(
      [hostile],
      'run-1',
      iso(0),
      'https://github.com/acme/monitor/actions/runs/1',
      redact
    )
    for (const raw of ['<img', '@octocat', ' #12', '[click]', '**bold', '| cell', '\nline'])
      expect([raw, body.includes(raw)]).toEqual([raw, false])
    expect(body).toContain('&#64;octocat see &#35;12')
    expect(body).not.toContain('tok-123456789')
    expect(reminderComment(hostile, T + 3_600_000, redact)).toContain(
      'still down after 1h, since 2026-11-29T10:00:00Z: HTTP 503&#58; &#60;img'
    )
  })

  it('marks the issue with the outage and a digest of each key, never the URL, and finds the mark again', () => {
    const body = issueBody(
      [hostile, { ...hostile, key: { ...key, name: 'web' }, name: 'web' }],
      'run-1',
      iso(0),
      undefined,
      redact
    )
    const [mark] = markersIn(body)
    expect(body.slice(body.indexOf('<!--'))).not.toContain('api.example.com')
    expect(mark).toEqual({
      run: 'run-1',
      outage: iso(0),
      targets: [keyDigest(key), keyDigest({ ...key, name: 'web' })]
    })
    expect([
      marks(mark, 'run-1', key),
      marks(mark, 'run-2', key),
      marks(mark, 'run-1', { ...key, name: 'x' })
    ]).toEqual([true, false, false])
    const hand = '<!-- upwatch:incident {"run":1,"outage":"x"} --> <!-- upwatch:incident {not json} -->'
    expect(markersIn(hand)).toEqual([])
    expect(issueTitle([hostile])).toBe('🔴 api is down')
    expect(issueTitle([hostile, hostile, hostile])).toBe('🔴 3 targets are down')
  })

  it('fits the issue of a thousand targets down at once in what GitHub takes (65,536 characters)', () => {
    const downs = Array.from({ length: 1000 }, (_, i) => ({
      ...hostile,
      key: { ...key, name: `svc${i}` },
      name: `svc${i}${'@'.repeat(190)}`,
      url: `https://svc${i}.example.com/${'&'.repeat(400)}`,
      reason: '<'.repeat(500)
    }))
    const body = issueBody(downs, 'run-1', iso(0), 'https://github.com/acme/monitor/actions/runs/1', redact)
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toContain('... and 980 more: the job summary and the results of the run list them all.')
    // Too many to list in the marker: the run that opened it finds it by its own id.
    expect(markersIn(body)).toEqual([{ run: 'run-1', outage: iso(0) }])
    expect(marks(markersIn(body)[0], 'run-1', downs[999].key)).toBe(true)
  })

  it('tells a recovery with its downtime', () => {
    expect(recoveryComment('api', iso(0), iso(75))).toBe(
      '✅ **api** recovered at 2026-11-29T11:15:00Z, after 1h 15m down.'
    )
  })
})
