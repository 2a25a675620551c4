// Found in review of issue 15 (the vantages' second opinion): each case below was a defect a user would see,
// and says what went wrong and where; each failed before its fix.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import { probeAll } from '../src/probes/probe.js'
import { failureReason } from '../src/probes/reason.js'
import { reconcile, SILENT_PASSES, type Observation } from '../src/reconcile.js'
import { attributesOf, itemBytes, READ_UNIT_BYTES } from '../src/state/item.js'
import { type StoredState } from '../src/state/model.js'
import { type Policy } from '../src/targets/model.js'
import { askVantages, checkOf } from '../src/vantages/index.js'
import { judgeFacts, weigh } from '../src/vantages/judge.js'
import { type PlaceVerdict, type Vantage } from '../src/vantages/model.js'
import { runInProcess, targetsFile } from './support/action.js'
import { functionArn, LAMBDA_CREDENTIALS, startLambda, type LambdaStandIn } from './support/lambda.js'
import { resultOf } from './support/results.js'
import { listen } from './support/servers.js'
import { targetOf } from './support/targets.js'
import { loadVantage } from './support/vantage.js'

const NOW = Date.parse('2026-11-29T10:00:00.000Z')
const MIN = 60_000
const iso = (at: number) => new Date(at).toISOString()
const redact = (text: string) => text

const EU = functionArn('eu-west-1')

let lambda: LambdaStandIn
const endpointBefore = process.env.AWS_ENDPOINT_URL_LAMBDA

beforeAll(async () => {
  lambda = await startLambda({ [EU]: {} })
})

afterAll(async () => {
  if (endpointBefore === undefined) delete process.env.AWS_ENDPOINT_URL_LAMBDA
  else process.env.AWS_ENDPOINT_URL_LAMBDA = endpointBefore
  await lambda.close()
})

async function serve(handler: http.RequestListener): Promise<{ server: http.Server; base: string }> {
  const server = http.createServer(handler)
  return { server, base: `http://127.0.0.1:${await listen(server)}` }
}

function stop(server: net.Server & { closeAllConnections?: () => void }): Promise<void> {
  server.closeAllConnections?.()
  return new Promise(resolve => server.close(() => resolve()))
}

describe('an overlapping run', () => {
  // Was: main.ts passes commitDecided a redecide that is reconcileResult alone. A target that was not a
  // suspect in this run's first decision (it had not reached its failure threshold) carries no opinion; when
  // its write loses to an overlapping run that stored one more failure, deciding again from that item reaches
  // the threshold and stores a DOWN (and mails it) that no vantage was asked about: the very false DOWN the
  // vantages exist to prevent, for a runner whose addresses are blocked. The same happens to a dispute that
  // the overlapping run stored (runnerOnly): the redecided DOWN ends it unasked.
  it('does not store a DOWN that no vantage was asked about when it decides a lost write again', async () => {
    const stateFile = `${targetsFile('')}.state.json`
    // Both refuse the runner (127.0.0.1) and answer the vantage (127.0.0.2). When the vantage checks the
    // suspect, which is after this run read the state and before it commits, an overlapping run stores the
    // victim as failed once (its first failure, as this run saw it).
    const { server, base } = await serve((request, response) => {
      const fromVantage = request.socket.remoteAddress === '127.0.0.2'
      if (fromVantage && request.url === '/suspect') {
        const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { items: Record<string, unknown>[] }
        state.items.push({
          url: `${base}/victim`,
          name: 'victim',
          state: 'up',
          failures: 1,
          successes: 0,
          streakSince: iso(Date.now() - MIN),
          announced: 'up',
          assumed: true,
          pending: {},
          version: 1
        })
        writeFileSync(stateFile, JSON.stringify(state))
      }
      response.writeHead(fromVantage ? 200 : 403).end()
    })
    writeFileSync(stateFile, JSON.stringify({ items: [] }))
    try {
      const targets = targetsFile(
        'defaults: { retries: 0, timeout: 2s }\ntargets:\n' +
          `  - { name: suspect, url: "${base}/suspect", failure-threshold: 1 }\n` +
          `  - { name: victim, url: "${base}/victim", failure-threshold: 2 }\n`
      )
      const run = await runInProcess(
        { targets, 'state-file': stateFile, vantages: EU, quorum: '2' },
        { AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint }
      )
      expect(run.exitCode).toBe(0)
      const changes = JSON.parse(run.outputs.changes) as { name: string; to: string }[]
      // The suspect is disputed (the vantage sees it up): no change. The victim was never asked about.
      expect(changes).toEqual([])
      const stored = (JSON.parse(readFileSync(stateFile, 'utf8')) as { items: StoredState[] }).items
      expect(stored.map(item => item.state)).not.toContain('down')
    } finally {
      await stop(server)
    }
  })
})

describe("the vantage's HTTP check", () => {
  // Was: infra/vantage.yml sends a URL's user info as Basic auth through Node's own `auth` (the URL object
  // given to http.request), which a redirect to an absolute URL of the same origin does not carry: `new
  // URL(location, target)` has no user info then. The runner (probes/http.ts withBasicAuth) turns it into an
  // Authorization header that follows every hop within the origin. Servers redirect to absolute URLs of their
  // own all the time (a trailing slash, http to the same host's path): the vantage then gets 401 and votes
  // DOWN for a target that is up, confirming the runner's failure when the runner is blocked.
  // Fix: in probeHttp of infra/vantage.yml, make the Authorization header from url.username/password once, as
  // the runner does (unless the check has one), and strip the user info from the URL.
  it('sends the Basic credentials of the URL after a redirect to an absolute URL of its origin', async () => {
    const { server, base } = await serve((request, response) => {
      const authorized = request.headers.authorization === `Basic ${btoa('monitor:s3cret-pass')}`
      if (request.url === '/health') response.writeHead(301, { location: `${base}/health/` }).end()
      else response.writeHead(authorized ? 200 : 401).end(authorized ? 'ok' : 'who are you')
    })
    try {
      const address = base.replace('//', '//monitor:s3cret-pass@') + '/health'
      const target = targetOf(`  - { name: api, url: "${address}", timeout: 2s, retries: 0 }`)
      const [runner] = await probeAll([target], 1)
      expect(runner).toMatchObject({ health: 'up', status: 200 })
      const vantage = loadVantage()
      const { results } = await vantage.invoke({ checks: [checkOf(target, '0')] })
      expect(results[0]).toMatchObject({ status: 200 })
      expect(judgeFacts(results[0], target, Date.now(), redact)).toEqual({ health: 'up', reason: 'HTTP 200' })
    } finally {
      await stop(server)
    }
  })
})

describe("the vantage's TCP check", () => {
  // Was: probeTcp in infra/vantage.yml answers `capped(reply, truncated)[0]`, dropping the flag capped()
  // returns: a reply whose JSON takes more than MAX_BODY (control characters take 6 bytes each) is cut
  // without `truncated`, so the action judges the cut text as the whole reply. A banner preceded by 20,000
  // bytes of binary (a binary protocol's greeting) loses its expected text to the cut, and the vantage votes
  // DOWN for a target it found up, where it should abstain (judge.ts abstains on a truncated reply).
  // Fix: `const [text, cut] = capped(reply, truncated)` and answer `{ body: text, ...(cut && { truncated: cut }) }`.
  it('says a reply that it cut short was cut short', async () => {
    const server = net.createServer(socket => {
      socket.on('error', () => undefined)
      socket.write(Buffer.concat([Buffer.alloc(20_000, 1), Buffer.from('220 ready\r\n')]))
    })
    const port = await listen(server)
    try {
      const target = targetOf(
        `  - { name: banner, url: "tcp://127.0.0.1:${port}", timeout: 2s, retries: 0, expect: { body: "220 " } }`
      )
      const [runner] = await probeAll([target], 1)
      expect(runner).toMatchObject({ health: 'up' })
      const { results } = await loadVantage().invoke({ checks: [checkOf(target, '0')] })
      expect(judgeFacts(results[0], target, Date.now(), redact)).not.toMatchObject({ health: 'down' })
    } finally {
      await stop(server)
    }
  })
})

/**
 * A function that answers `answer` to every invocation, as Lambda returns a function's result: what a function
 * that is not a vantage (a wrong ARN), or a vantage of another version, may send.
 */
async function answering(answer: unknown): Promise<{ server: http.Server; endpoint: string }> {
  const { server, base } = await serve((request, response) => {
    request.resume()
    request.on('end', () =>
      response
        .writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' })
        .end(JSON.stringify(answer))
    )
  })
  return { server, endpoint: base }
}

const VANTAGES: Vantage[] = [{ arn: EU, region: 'eu-west-1', place: 'eu-west-1' }]

/** askVantages about `suspect`, with one vantage that answers `answer`. */
async function askedOnce(suspect: ReturnType<typeof resultOf>, answer: unknown) {
  const { server, endpoint } = await answering(answer)
  process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint
  const warnings: string[] = []
  try {
    const opinions = await askVantages([suspect], {
      vantages: VANTAGES,
      quorum: 2,
      deadlineMs: 5_000,
      credentials: LAMBDA_CREDENTIALS,
      redact,
      now: NOW,
      log: () => undefined,
      warn: line => warnings.push(line)
    })
    return { opinion: opinions.get(suspect)!, warnings }
  } finally {
    await stop(server)
  }
}

const timings = { dnsMs: 1, connectMs: 1, tlsMs: 1, firstByteMs: 1, totalMs: 3 }

describe('a function answer of the wrong shape', () => {
  // Was: readable() in src/vantages/index.ts checks every field judging reads but certificateValidTo, and
  // judgeDegraded (probes/expect.ts) calls certificateValidTo.slice on it: a number there throws a TypeError
  // out of askVantages, which main.ts does not catch. The step fails, nothing is stored or mailed for any
  // target, and so in every pass while the target stays a suspect: one bad answer stops the monitor.
  // Fix: in readable(), refuse a certificateValidTo that is neither a string, null nor absent (and catch a
  // judging error per check in askVantages, as an abstention).
  it('abstains on a certificateValidTo that is not a time, rather than failing the pass', async () => {
    const target = targetOf('  - { name: shop, url: "https://127.0.0.1:1/", expect: { certificate: 14d } }')
    const answer = { results: [{ id: '0', status: 200, headers: {}, timings, certificateValidTo: 1 }] }
    const { opinion } = await askedOnce(resultOf(target, NOW, 'down'), answer)
    expect(opinion.places[1]).toMatchObject({ place: 'eu-west-1', abstained: expect.any(String) })
  })

  // Was: an error code is looked up in BY_CODE (probes/reason.ts failureReason) with `BY_CODE[code]`, so
  // a code that names what every object inherits (constructor, toString, __proto__) finds Object's own
  // function or prototype: the place's reason is then a function, not text. JSON drops it from the pending
  // change, whose place then has no reason: the item cannot be decoded on the next read (state/decode.ts
  // isPlace), is taken as a target seen for the first time, and its DOWN is mailed again; the mail's
  // redact(place.reason) meanwhile gets a function. A vantage's code is text from another process.
  // Fix: Object.hasOwn(BY_CODE, code) in failureReason (or a Map), and readable() keeping codes to [A-Z0-9_].
  it('gives a reason in words for an error code that objects inherit', async () => {
    const target = targetOf('  - { name: api, url: "http://127.0.0.1:1/" }')
    for (const code of ['constructor', 'toString', '__proto__']) {
      const answer = { results: [{ id: '0', error: { code, phase: 'response', message: 'odd' }, timings }] }
      const { opinion } = await askedOnce(resultOf(target, NOW, 'down'), answer)
      // Not a code Node or the vantage makes: the answer proves nothing.
      expect(opinion.places[1]).toEqual({
        place: 'eu-west-1',
        abstained: 'its answer for this check could not be read'
      })
      // And the runner's own reasons never take an inherited name for a code.
      expect(failureReason(Object.assign(new Error('odd'), { code }))).toBe('odd')
    }
  })
  // Was: nothing bounds the text of a place. judge.ts words an abstention `it could not run the check
  // (${code})` with the function's code as it came, any length, and askVantages's AWS errors
  // (explainAwsError) are not cut either (three AccessDenied abstentions take 1.4 KB). The places go into the
  // DOWN's pending change in the item: the item leaves its one read unit (state/item.ts READ_UNIT_BYTES), the
  // history gives up its days to make room (history/record.ts roomLeft), and a code of some hundred KB makes
  // the item larger than DynamoDB's 400 KB, so that the write fails, the step fails, and every pass after it
  // while the target stays a suspect. Fix: cut each place's reason and abstention (after redacting) to about
  // 120 characters, as failureReason cuts a reason, and keep codes to [A-Z0-9_] of a few dozen characters in
  // readable().
  it('keeps what a place says short enough for the item to stay one read unit', async () => {
    const target = targetOf('  - { name: api, url: "http://127.0.0.1:1/" }')
    const suspect = resultOf(target, NOW, 'down')
    const code = 'E'.repeat(5_000)
    const answer = { results: [{ id: '0', error: { code, phase: 'input', message: 'no' }, timings }] }
    const { opinion } = await askedOnce(suspect, answer)
    const decision = reconcile(
      undefined,
      { ...suspect, name: 'api', url: target.url, opinion },
      target.policy,
      { now: iso(NOW), runId: 'run', leaseMs: 3 * MIN }
    )
    expect(decision.change?.kind).toBe('DOWN')
    expect(itemBytes(target, attributesOf(decision.next, undefined))).toBeLessThanOrEqual(READ_UNIT_BYTES)
  })
})

describe('the dispute in the state machine', () => {
  const at = (minutes: number) => iso(NOW + minutes * MIN)
  const policy: Policy = { failureThreshold: 2, successThreshold: 1, notifyDegraded: true, maintenance: [] }
  const context = (minutes: number) => ({
    now: at(minutes),
    runId: `run-${minutes}`,
    leaseMs: 3 * MIN,
    runnerOnlyAfterMs: 60 * MIN
  })
  const runner: PlaceVerdict = { place: 'runner', health: 'down', reason: 'HTTP 403, expected 200-299' }
  const target = targetOf('  - { name: api, url: "https://api.example" }')
  const opinionOf = (vantage: PlaceVerdict) =>
    weigh({ ...resultOf(target, NOW, 'down'), reason: runner.reason }, [vantage], 2)
  const seen = (minutes: number, health: Observation['health'], vantage?: PlaceVerdict): Observation => ({
    name: 'api',
    url: 'https://api.example',
    health,
    reason: { down: runner.reason, up: 'HTTP 200', degraded: 'HTTP 200, slow: 3s, max-latency 2s' }[health],
    checkedAt: at(minutes),
    ...(vantage && { opinion: opinionOf(vantage) })
  })
  const euUp: PlaceVerdict = { place: 'eu-west-1', health: 'up', reason: 'HTTP 200' }
  const euSilent: PlaceVerdict = { place: 'eu-west-1', abstained: 'access denied (AccessDeniedException)' }
  /** Passes from a target seen up, each with what was seen; the mails they owe, by minute. */
  const passes = (steps: [number, Observation['health'], PlaceVerdict?][], windows = policy.maintenance) => {
    let state = reconcile(undefined, seen(-10, 'up'), policy, context(-10)).next
    const mails: string[] = []
    const places: (PlaceVerdict[] | undefined)[] = []
    for (const [minutes, health, vantage] of steps) {
      const decision = reconcile(
        state,
        seen(minutes, health, vantage),
        { ...policy, maintenance: windows },
        context(minutes)
      )
      state = { ...decision.next, pending: {} }
      if (decision.mail) {
        mails.push(`${minutes}:${decision.mail.kind}`)
        places.push(decision.mail.places)
      }
    }
    return { state, mails, places }
  }

  // Was: reconcile.ts disputed() keeps a standing dispute for as long as no vantage gives a verdict, with no
  // end. When the vantages stop answering for good (the stack deleted, the grant removed, a region's outage,
  // a throttled account), a target whose runner was blocked stays "up" for ever: when it then really goes
  // down, no DOWN is ever mailed, only a warning in each run's log. A dispute's only evidence is gone after
  // the first silent pass. Fix: keep a standing dispute through silent passes for a bounded time (such as
  // runner-only-after, or a few passes), then let the runner decide as it does a new failure; and say so.
  it('lets the runner decide once the vantages have given no verdict for SILENT_PASSES passes in a row', () => {
    const steps: [number, Observation['health'], PlaceVerdict?][] = [
      [0, 'down'],
      [5, 'down', euUp]
    ]
    for (let minutes = 10; minutes <= 24 * 60; minutes += 5) steps.push([minutes, 'down', euSilent])
    const { mails, state } = passes(steps)
    // Three silent passes keep the dispute (10, 15, 20); the fourth is the runner's to decide.
    expect(SILENT_PASSES).toBe(3)
    expect(mails).toEqual(['25:DOWN'])
    expect(state.state).toBe('down')
    // A vantage that answers again in between starts the count afresh.
    const again = passes([
      [0, 'down'],
      [5, 'down', euUp],
      [10, 'down', euSilent],
      [15, 'down', euSilent],
      [20, 'down', euUp],
      [25, 'down', euSilent],
      [30, 'down', euSilent],
      [35, 'down', euSilent]
    ])
    expect(again.mails).toEqual([])
    expect(again.state.runnerOnly).toEqual({ since: at(0), silent: 3 })
  })

  // Was: the places are put on the DOWN mail only when the change and its mail come in the same pass
  // (reconcile.ts: `if (mail?.kind === 'DOWN' && change?.places)`). A DOWN that a maintenance window held back
  // is mailed by a later pass from announce(), which knows no places: the mail says "DOWN: api", not where it
  // failed, though the vantages confirmed it (the issue: "The mail says where it failed"). The change's places
  // are not kept in the state to be told later. Fix: keep the confirmed places with the state (or on the
  // announcement) until the news is mailed.
  it('says where it failed in a DOWN that a maintenance window held back', () => {
    const euDown: PlaceVerdict = { place: 'eu-west-1', health: 'down', reason: 'connection refused' }
    const window = { kind: 'once' as const, from: NOW + 3 * MIN, to: NOW + 12 * MIN }
    const { mails, places } = passes(
      [
        [0, 'down'],
        [5, 'down', euDown],
        [15, 'down']
      ],
      [window]
    )
    expect(mails).toEqual(['15:DOWN'])
    expect(places[0]?.map(place => place.place)).toEqual(['runner', 'eu-west-1'])
  })
})
