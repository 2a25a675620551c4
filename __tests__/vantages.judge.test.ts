// A vantage's facts judged as the runner's own checks are, the places weighed against the quorum, the check a
// vantage is sent, and the dispute in the state machine: what it stores, when it mails, and what the mail says.
import { describe, expect, it } from '@jest/globals'
import { composeMail } from '../src/notify/mail.js'
import { reconcile } from '../src/reconcile.js'
import { type StoredState } from '../src/state/model.js'
import { type Policy } from '../src/targets/model.js'
import { checkOf } from '../src/vantages/index.js'
import { describeOpinion, judgeFacts, weigh } from '../src/vantages/judge.js'
import { type PlaceVerdict, type SecondOpinion, type VantageResult } from '../src/vantages/model.js'
import { resultOf } from './support/results.js'
import { targetOf, targetsOf } from './support/targets.js'

const NOW = Date.parse('2026-11-29T10:00:00.000Z')
const timings = { dnsMs: 1, connectMs: 2, tlsMs: null, firstByteMs: 5, totalMs: 6 }
const facts = (found: Partial<VantageResult>): VantageResult => ({ id: '0', timings, ...found })
const redact = (text: string) => text.replaceAll('hunter2hunter2', '***')

describe('judgeFacts', () => {
  const api = targetOf(
    '  - { name: api, url: "http://127.0.0.1:1/health", expect: { body: ok, json: { ready: true } } }'
  )

  it('judges an answer with the expectations the runner uses', () => {
    expect(
      judgeFacts(facts({ status: 200, headers: {}, body: '{"ready":true,"ok":1}' }), api, NOW, redact)
    ).toEqual({
      health: 'up',
      reason: 'HTTP 200'
    })
    expect(judgeFacts(facts({ status: 503, headers: {}, body: '' }), api, NOW, redact)).toEqual({
      health: 'down',
      reason: 'HTTP 503, expected 200-299'
    })
    expect(
      judgeFacts(facts({ status: 200, headers: {}, body: '{"ready":false,"ok":1}' }), api, NOW, redact)
    ).toEqual({
      health: 'down',
      reason: 'HTTP 200, JSON ready is false, expected true'
    })
  })

  it('reads failures as the runner words them, a timeout in the phase it ran out in', () => {
    const refused = facts({
      error: { code: 'ECONNREFUSED', phase: 'connect', message: 'connect ECONNREFUSED' }
    })
    expect(judgeFacts(refused, api, NOW, redact)).toEqual({ health: 'down', reason: 'connection refused' })
    const slow = facts({ error: { code: 'TIMEOUT', phase: 'tls', message: 'the check timed out' } })
    expect(judgeFacts(slow, api, NOW, redact)).toEqual({
      health: 'down',
      reason: 'TLS handshake timeout after 10s'
    })
    const odd = facts({
      error: { code: 'EWHATEVER', phase: 'response', message: 'token hunter2hunter2 refused\nmore' }
    })
    expect(judgeFacts(odd, api, NOW, redact)).toEqual({ health: 'down', reason: 'token *** refused' })
    const redirect = facts({ status: 302, headers: {}, notFollowed: 'too-many' })
    expect(judgeFacts(redirect, api, NOW, redact)).toEqual({
      health: 'down',
      reason: 'more than 5 redirects'
    })
    const nowhere = facts({ status: 302, headers: {}, notFollowed: 'invalid' })
    expect(judgeFacts(nowhere, api, NOW, redact)).toEqual({
      health: 'down',
      reason: 'redirect to an invalid URL, not followed'
    })
    // OpenSSL's error as a vantage sends it, its message only: the reason alone, as the runner's own reads.
    const tls = facts({
      error: {
        code: 'ERR_SSL_WRONG_VERSION_NUMBER',
        phase: 'tls',
        message:
          '40CD838D217F0000:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:' +
          '../deps/openssl/openssl/ssl/record/methods/tlsany_meth.c:77:\n'
      }
    })
    expect(judgeFacts(tls, api, NOW, redact)).toEqual({ health: 'down', reason: 'TLS: wrong version number' })
  })

  it('gives no verdict when the facts prove nothing', () => {
    const late = facts({
      error: { code: 'DEADLINE', phase: 'response', message: "the batch's deadline came first" }
    })
    expect(judgeFacts(late, api, NOW, redact)).toEqual({
      abstained: 'its deadline came before the check ended'
    })
    const refused = facts({ error: { code: 'INVALID_CHECK', phase: 'input', message: 'url is not a URL' } })
    expect(judgeFacts(refused, api, NOW, redact)).toEqual({
      abstained: 'it could not run the check (INVALID_CHECK)'
    })
    // The text the body must hold may be in the part that was not sent.
    const cut = facts({ status: 200, headers: {}, body: '{"ready":', truncated: true })
    expect(judgeFacts(cut, api, NOW, redact)).toEqual({
      abstained: 'its answer was cut short before the body could be judged'
    })
    expect(judgeFacts(facts({ headers: {} }), api, NOW, redact)).toEqual({
      abstained: 'its answer has no status'
    })
  })

  it('keeps what a cut body proves: a status, or text it must not hold', () => {
    const cut = facts({ status: 503, headers: {}, body: 'x', truncated: true })
    expect(judgeFacts(cut, api, NOW, redact)).toMatchObject({ health: 'down' })
    const banned = targetOf(
      '  - { name: web, url: "http://127.0.0.1:1/", expect: { body-not: "Fatal error" } }'
    )
    const found = facts({ status: 200, headers: {}, body: 'Fatal error in line 3', truncated: true })
    expect(judgeFacts(found, banned, NOW, redact)).toEqual({
      health: 'down',
      reason: 'HTTP 200, body contains "Fatal error"'
    })
  })

  it('judges a TCP reply', () => {
    const smtp = targetOf('  - { name: mail, url: "tcp://127.0.0.1:25", expect: { body: "220 " } }')
    expect(judgeFacts(facts({ body: '220 mail ready' }), smtp, NOW, redact)).toEqual({
      health: 'up',
      reason: 'connected'
    })
    expect(judgeFacts(facts({ body: '554 go away' }), smtp, NOW, redact)).toEqual({
      health: 'down',
      reason: 'reply does not contain "220 "'
    })
  })
})

describe('weigh', () => {
  const failing = { ...resultOf(targetOf('  - { name: api, url: "http://127.0.0.1:1/" }'), NOW, 'down') }
  const up = (place: string): PlaceVerdict => ({ place, health: 'up', reason: 'HTTP 200' })
  const down = (place: string): PlaceVerdict => ({
    place,
    health: 'down',
    reason: 'HTTP 503, expected 200-299'
  })
  const silent = (place: string): PlaceVerdict => ({ place, abstained: 'no answer within 15s' })

  it.each<[string, PlaceVerdict[], number, boolean, string]>([
    ['both vantages up', [up('eu'), up('ap')], 2, false, 'failing only from the runner; up from eu, ap'],
    ['one of two down', [down('eu'), up('ap')], 2, true, 'down from runner, eu; up from ap'],
    ['all of three of three', [down('eu'), down('ap')], 3, true, 'down from runner, eu, ap'],
    [
      'two of three of three',
      [down('eu'), up('ap')],
      3,
      false,
      'down from runner, eu; up from ap; fewer than the 3 places needed'
    ],
    [
      'one abstains, the other down',
      [silent('eu'), down('ap')],
      2,
      true,
      'down from runner, ap; no verdict from eu: no answer within 15s'
    ],
    [
      'one abstains, the other up',
      [silent('eu'), up('ap')],
      2,
      false,
      'failing only from the runner; up from ap; no verdict from eu: no answer within 15s'
    ],
    [
      'all abstain: the runner decides',
      [silent('eu'), silent('ap')],
      2,
      true,
      'down from runner; no verdict from eu: no answer within 15s; no verdict from ap: no answer within 15s'
    ]
  ])('%s', (_, vantages, quorum, confirmed, sentence) => {
    const opinion = weigh(failing, vantages, quorum)
    expect(opinion.confirmed).toBe(confirmed)
    expect(describeOpinion(opinion)).toBe(sentence)
  })
})

describe('checkOf', () => {
  it('sends what the runner sends, secrets substituted and named, and the redirects it follows', () => {
    const entry =
      '  - { name: api, url: "https://u:p@127.0.0.1:1/x?k=${KEY}", method: POST, body: "a=${KEY}", ' +
      'headers: { X-Key: "${KEY}", Accept: "*/*" }, follow-redirects: 3, insecure: true, timeout: 4s }'
    const target = targetsOf(`targets:\n${entry}`, { KEY: 's3cr3t' })[0]
    expect(checkOf(target, '7')).toEqual({
      id: '7',
      url: 'https://u:p@127.0.0.1:1/x?k=s3cr3t',
      timeoutMs: 4000,
      method: 'POST',
      headers: { 'X-Key': 's3cr3t', Accept: '*/*' },
      body: 'a=s3cr3t',
      insecure: true,
      followRedirects: 3,
      secretHeaders: ['X-Key'],
      secretBody: true
    })
  })

  it('asks a TCP vantage to read the reply until the text it expects', () => {
    const smtp = targetOf(
      '  - { name: mail, url: "tcp://127.0.0.1:25", send: "EHLO x\\r\\n", expect: { body: "250 " } }'
    )
    expect(checkOf(smtp, '0')).toEqual({
      id: '0',
      url: 'tcp://127.0.0.1:25',
      timeoutMs: smtp.timeoutMs,
      send: 'EHLO x\r\n',
      reply: true,
      until: '250 '
    })
  })
})

describe('a failure the vantages dispute', () => {
  const MIN = 60_000
  const at = (minutes: number) => new Date(NOW + minutes * MIN).toISOString()
  const policy: Policy = { failureThreshold: 2, successThreshold: 1, notifyDegraded: true, maintenance: [] }
  const places = (confirmed: boolean, unanswered = false): SecondOpinion => ({
    places: [
      { place: 'runner', health: 'down', reason: 'HTTP 403, expected 200-299' },
      unanswered
        ? { place: 'eu-west-1', abstained: 'no answer within 15s' }
        : confirmed
          ? { place: 'eu-west-1', health: 'down', reason: 'connection refused' }
          : { place: 'eu-west-1', health: 'up', reason: 'HTTP 200' }
    ],
    confirmed,
    required: unanswered ? 1 : 2,
    unanswered
  })
  const pass = (previous: StoredState | undefined, minutes: number, opinion?: SecondOpinion, up = false) =>
    reconcile(
      previous,
      {
        name: 'api',
        url: 'https://api.example',
        health: up ? 'up' : 'down',
        reason: up ? 'HTTP 200' : 'HTTP 403, expected 200-299',
        checkedAt: at(minutes),
        opinion
      },
      policy,
      { now: at(minutes), runId: `run-${minutes}`, leaseMs: 3 * MIN, runnerOnlyAfterMs: 60 * MIN }
    )
  /** The passes, each mail sent, and what each mailed. */
  const passes = (steps: [number, SecondOpinion | undefined, boolean?][]) => {
    let state = pass(undefined, -10, undefined, true).next
    const mails: string[] = []
    for (const [minutes, opinion, up] of steps) {
      const decision = pass(state, minutes, opinion, up)
      state = { ...decision.next, pending: {} }
      if (decision.mail) mails.push(`${minutes}:${decision.mail.kind}`)
    }
    return { state, mails }
  }

  it('changes nothing, asks again each failing pass, and mails BLOCKED once after runner-only-after', () => {
    const steps: [number, SecondOpinion | undefined][] = [[0, undefined]]
    for (let minutes = 5; minutes <= 120; minutes += 5) steps.push([minutes, places(false)])
    const { state, mails } = passes(steps)
    expect(mails).toEqual(['60:BLOCKED'])
    expect(state).toMatchObject({ state: 'up', failures: 2, runnerOnly: { since: at(0), told: at(60) } })
  })

  it('says in the BLOCKED mail since when, from where it fails and where it is up', () => {
    let state = pass(undefined, -10, undefined, true).next
    state = pass(state, 0).next
    state = pass(state, 5, places(false)).next
    const mail = pass(state, 65, places(false)).mail!
    expect(mail).toMatchObject({ kind: 'BLOCKED', since: at(0), duration: 3900 })
    const { subject, body } = composeMail(
      [mail],
      'https://github.com/acme/monitor/actions/runs/1',
      text => text
    )
    expect(subject).toBe('[upwatch] ONLY FROM RUNNER: api')
    expect(body).toContain('ONLY FROM RUNNER: api\n')
    expect(body).toContain('Failing from the runner for: 1h 5m, since 2026-11-29T10:00:00Z')
    expect(body).toContain('    runner: down (HTTP 403, expected 200-299)\n    eu-west-1: up (HTTP 200)')
  })

  it('ends when the runner sees the target up, and a new dispute is told again', () => {
    const { state, mails } = passes([
      [0, undefined],
      [5, places(false)],
      [70, places(false)],
      [75, undefined, true],
      [80, undefined],
      [85, places(false)],
      [150, places(false)]
    ])
    expect(mails).toEqual(['70:BLOCKED', '150:BLOCKED'])
    expect(state.runnerOnly).toEqual({ since: at(80), told: at(150) })
  })

  it('goes down, saying where it failed, when the vantages come to agree, and stops being a dispute', () => {
    const { state, mails } = passes([
      [0, undefined],
      [5, places(false)],
      [10, places(true)]
    ])
    expect(mails).toEqual(['10:DOWN'])
    // Down since the places came to agree: before, its users could reach it.
    expect(state).toMatchObject({ state: 'down', since: at(10) })
    expect(state.runnerOnly).toBeUndefined()
    let before = pass(undefined, -10, undefined, true).next
    before = pass(before, 0).next
    const mail = pass(before, 5, places(true)).mail!
    const { body } = composeMail([mail], undefined, text => text)
    expect(body).toContain('DOWN from runner, eu-west-1: api\n')
    expect(body).toContain(
      '  Reasons:\n    runner: down (HTTP 403, expected 200-299)\n    eu-west-1: down (connection refused)'
    )
  })

  it('keeps a standing dispute when no vantage answers, and lets the runner decide a new failure alone', () => {
    expect(
      passes([
        [0, undefined],
        [5, places(false)],
        [10, places(false, true)]
      ]).mails
    ).toEqual([])
    expect(
      passes([
        [0, undefined],
        [5, places(false, true)]
      ]).mails
    ).toEqual(['5:DOWN'])
  })
})
