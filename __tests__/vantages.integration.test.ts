// Vantages end to end: the action in-process against DynamoDB Local, fauxqs for the mail, the Lambda stand-in
// at AWS_ENDPOINT_URL_LAMBDA running the real vantage handler, and a target server that answers by the
// caller's address, as a firewall does: 127.0.0.1 is the runner, 127.0.0.2 the vantages. Time moves by the
// clock run() takes, never by waiting, except for the vantage deadline, which is the thing under test.
import { describe, expect, it } from '@jest/globals'
import { changesOf, resultsOf, runDist, runInProcess, type ActionRun } from './support/action.js'
import { VANTAGE_ADDRESS } from './support/lambda.js'
import { EU, RUNNER_ADDRESS, TOKYO, usePlaces } from './support/places.js'
import { Random, SEED } from './support/random.js'

const places = usePlaces()

const MIN = 60_000
const EVERY_PLACE = 'runner, eu-west-1, ap-northeast-1'
const ONLY_RUNNER = 'failing only from the runner; up from eu-west-1, ap-northeast-1'

/** The summary as a reader sees it: the entities that keep server text from being markup, decoded. */
const shown = (run: ActionRun) =>
  run.summary.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))

/** A clock that starts now and moves only when told: `at(minutes)` is a run's clock that many minutes on. */
function clock() {
  const start = Date.now()
  return (minutes: number) => () => start + minutes * MIN
}

/** A run's time as stored, and as the mail writes it, to the second. */
const iso = (time: () => number) => new Date(time()).toISOString()
const inMail = (time: () => number) => `${iso(time).slice(0, 19)}Z`

describe('a target that refuses only the runner', () => {
  it('is not marked down, and the summary, the log and the outputs say where it fails, pass after pass', async () => {
    const { gate, watch, env, mails, stored, lambda } = places
    const inputs = watch(['api'])
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('api', 403, RUNNER_ADDRESS)

    for (const minutes of [5, 10, 15]) {
      const run = await runInProcess(inputs, env, at(minutes))
      expect(run.errors).toEqual([])
      expect([run.outputs.up, run.outputs.down, changesOf(run)]).toEqual(['1', '0', []])
      expect(resultsOf(run)).toEqual([
        expect.objectContaining({
          name: 'api',
          state: 'up',
          observed: 'down',
          status: 403,
          reason: 'HTTP 403, expected 200-299',
          places: ONLY_RUNNER
        })
      ])
      expect(shown(run)).toContain(`HTTP 403, expected 200-299<br><sub>this run: down; ${ONLY_RUNNER}</sub>`)
      expect(run.log).toContain(`HTTP 403, expected 200-299 (this run: down; ${ONLY_RUNNER})`)
    }
    expect(await mails()).toEqual([])
    // The vantages asked each time, once each, and they saw it up from their address.
    expect([lambda.count(EU), lambda.count(TOKYO)]).toEqual([3, 3])
    expect(gate.requests('api', VANTAGE_ADDRESS)).toBe(6)
    expect(await stored('api')).toMatchObject({
      state: 'up',
      status: true,
      announced: 'up',
      pending: {},
      runnerOnly: { since: iso(at(5)) }
    })
  })

  it('after runner-only-after, mails ONLY FROM RUNNER once, and nothing when the runner reaches it again', async () => {
    const { gate, watch, env, mails, stored } = places
    const inputs = watch(['api'])
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('api', 403, RUNNER_ADDRESS)
    await runInProcess(inputs, env, at(5))
    // runner-only-after is 1h by default: 59 minutes of it mail nothing.
    await runInProcess(inputs, env, at(64))
    expect(await mails()).toEqual([])

    const told = await runInProcess(inputs, env, at(65))
    expect(told.errors).toEqual([])
    const [mail, ...more] = await mails()
    expect(more).toEqual([])
    expect(mail.subject).toBe('[upwatch] ONLY FROM RUNNER: api')
    expect(mail.changes).toEqual(['BLOCKED'])
    expect(mail.body).toContain(
      [
        'ONLY FROM RUNNER: api',
        `  URL:      ${gate.url('api')}`,
        `  Failing from the runner for: 1h, since ${inMail(at(5))}`,
        '    runner: down (HTTP 403, expected 200-299)',
        '    eu-west-1: up (HTTP 200)',
        '    ap-northeast-1: up (HTTP 200)',
        "  Not marked down: the other places reach it. The runner's addresses may be blocked by its firewall or"
      ].join('\n')
    )
    // Still no change, still up.
    expect([told.outputs.down, changesOf(told)]).toEqual(['0', []])
    expect(await stored('api')).toMatchObject({ state: 'up', announced: 'up', pending: {} })

    // Told once: later passes of the same dispute mail nothing, not even hours on.
    for (const minutes of [70, 75, 200]) await runInProcess(inputs, env, at(minutes))
    expect(await mails()).toEqual([])

    // The runner reaches it again: nothing to recover from, so nothing is mailed, and the dispute is over.
    gate.answer('api', 200)
    const back = await runInProcess(inputs, env, at(205))
    expect([back.outputs.up, changesOf(back), await mails()]).toEqual(['1', [], []])
    expect((await stored('api')).runnerOnly).toBeUndefined()
  })

  it('goes down from the pass where the others see it fail too, not from the start of the dispute', async () => {
    const { gate, watch, env, mails } = places
    const inputs = watch(['api'])
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('api', 403, RUNNER_ADDRESS)
    await runInProcess(inputs, env, at(5))
    await runInProcess(inputs, env, at(65))
    expect((await mails()).map(mail => mail.changes)).toEqual([['BLOCKED']])

    gate.answer('api', 500)
    const down = await runInProcess(inputs, env, at(75))
    // Up from minute 0 to 75: the vantages saw it up all the while the runner alone failed.
    expect(changesOf(down)).toEqual([
      expect.objectContaining({ from: 'up', to: 'down', since: iso(at(75)), duration: 75 * 60 })
    ])
    const [mail] = await mails()
    expect(mail.body).toContain(`DOWN from ${EVERY_PLACE}: api\n`)
    expect(mail.body).toContain(`  Since:    ${inMail(at(75))}\n`)

    gate.answer('api', 200)
    await runInProcess(inputs, env, at(80))
    const [recovered] = await mails()
    expect(recovered.body).toContain(`  Down for: 5m, since ${inMail(at(75))}\n`)
  })

  it('is not marked down when the runner alone is reset or never answered', async () => {
    const { gate, watch, env, mails } = places
    const inputs = watch(['reset', 'dropped'], { defaults: ', timeout: 1s' })
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('reset', 'reset', RUNNER_ADDRESS)
    gate.answer('dropped', 'silent', RUNNER_ADDRESS)
    const run = await runInProcess(inputs, env, at(5))
    expect(resultsOf(run)).toEqual([
      expect.objectContaining({
        name: 'dropped',
        state: 'up',
        reason: 'timeout after 1s',
        places: ONLY_RUNNER
      }),
      expect.objectContaining({ name: 'reset', state: 'up', reason: 'connection reset', places: ONLY_RUNNER })
    ])
    expect(await mails()).toEqual([])
  })

  it('never mails it with runner-only-after: never', async () => {
    const { gate, watch, env, mails, lambda } = places
    const inputs = watch(['api'], { inputs: { 'runner-only-after': 'never' } })
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('api', 403, RUNNER_ADDRESS)
    for (const minutes of [5, 65, 600]) await runInProcess(inputs, env, at(minutes))
    expect(await mails()).toEqual([])
    expect(lambda.count()).toBe(6)
  })
})

describe('a target down for everyone', () => {
  it('is mailed once, DOWN from every place; staying down and recovering ask nothing', async () => {
    const { gate, watch, env, mails, stored, lambda } = places
    const inputs = watch(['api'])
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('api', 500)

    const down = await runInProcess(inputs, env, at(5))
    expect(down.errors).toEqual([])
    const [mail, ...more] = await mails()
    expect(more).toEqual([])
    expect([mail.subject, mail.changes]).toEqual(['[upwatch] DOWN: api', ['DOWN']])
    expect(mail.body).toContain(
      [
        `DOWN from ${EVERY_PLACE}: api`,
        `  URL:      ${gate.url('api')}`,
        '  Reason:   HTTP 500, expected 200-299',
        `  Since:    ${inMail(at(5))}`,
        ''
      ].join('\n')
    )
    expect(mail.body).not.toContain('No verdict')
    expect(resultsOf(down)).toEqual([
      expect.objectContaining({ state: 'down', places: `down from ${EVERY_PLACE}` })
    ])
    expect(changesOf(down)).toEqual([expect.objectContaining({ from: 'up', to: 'down' })])
    expect(await stored('api')).toMatchObject({ state: 'down', status: false, announced: 'down' })
    expect([lambda.count(EU), lambda.count(TOKYO)]).toEqual([1, 1])

    // Down already: nothing to confirm. And a recovery needs no confirmation.
    await runInProcess(inputs, env, at(10))
    gate.answer('api', 200)
    const back = await runInProcess(inputs, env, at(15))
    expect((await mails()).map(mail => mail.changes)).toEqual([['RECOVERED']])
    expect(resultsOf(back)[0].places).toBeUndefined()
    expect(lambda.count()).toBe(2)
  })

  it('reads the same from every place when it fails alike: refused from the first check, reset, timed out', async () => {
    const { parts, gate, watch, env, mails } = places
    const refused = `http://127.0.0.1:${parts.farm.refusedPort}/`
    const inputs = watch(['refused', 'reset', 'late'], { defaults: ', timeout: 1s', urls: { refused } })
    const at = clock()
    // A target down from its first check is a suspect too.
    const first = await runInProcess(inputs, env, at(0))
    expect(resultsOf(first)).toEqual([
      expect.objectContaining({ name: 'refused', state: 'down', places: `down from ${EVERY_PLACE}` }),
      expect.anything(),
      expect.anything()
    ])
    const [firstMail] = await mails()
    expect(firstMail.body).toContain(
      `DOWN from ${EVERY_PLACE}: refused\n  URL:      ${refused}\n  Reason:   connection refused\n`
    )

    gate.answer('reset', 'reset')
    gate.answer('late', 'silent')
    await runInProcess(inputs, env, at(5))
    const [mail, ...more] = await mails()
    expect(more).toEqual([])
    expect(mail.subject).toBe('[upwatch] DOWN: late, reset')
    expect(mail.body).toContain(
      `DOWN from ${EVERY_PLACE}: late\n  URL:      ${gate.url('late')}\n  Reason:   timeout after 1s\n`
    )
    expect(mail.body).toContain(
      `DOWN from ${EVERY_PLACE}: reset\n  URL:      ${gate.url('reset')}\n  Reason:   connection reset\n`
    )
  })

  it("gives each place's reason when they differ", async () => {
    const { gate, watch, env, mails, lambda } = places
    // Tokyo's probes leave from an address of their own, which the target answers otherwise.
    lambda.functions.set(TOKYO, { env: { UPWATCH_VANTAGE_LOCAL_ADDRESS: '127.0.0.3' } })
    const inputs = watch(['api'])
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('api', 500)
    gate.answer('api', 503, '127.0.0.3')
    await runInProcess(inputs, env, at(5))
    const [mail] = await mails()
    expect(mail.body).toContain(
      [
        `DOWN from ${EVERY_PLACE}: api`,
        `  URL:      ${gate.url('api')}`,
        '  Reasons:',
        '    runner: down (HTTP 500, expected 200-299)',
        '    eu-west-1: down (HTTP 500, expected 200-299)',
        '    ap-northeast-1: down (HTTP 503, expected 200-299)',
        ''
      ].join('\n')
    )
  })

  it('is not marked down with fewer places than the quorum: 3 of 3', async () => {
    const { gate, watch, env, mails, stored, lambda } = places
    lambda.functions.set(TOKYO, { env: { UPWATCH_VANTAGE_LOCAL_ADDRESS: '127.0.0.3' } })
    const inputs = watch(['api'], { inputs: { quorum: '3' } })
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('api', 500)
    gate.answer('api', 200, '127.0.0.3')
    const run = await runInProcess(inputs, env, at(5))
    const sentence = 'down from runner, eu-west-1; up from ap-northeast-1; fewer than the 3 places needed'
    expect(resultsOf(run)).toEqual([expect.objectContaining({ state: 'up', places: sentence })])
    expect(shown(run)).toContain(`this run: down; ${sentence}`)
    expect(await mails()).toEqual([])
    expect((await stored('api')).state).toBe('up')
  })
})

describe('the built action', () => {
  it('asks the vantages from dist/index.js, whose Lambda client is a chunk of its own, loaded only then', async () => {
    const { gate, watch, env, mails, lambda } = places
    const inputs = watch(['api', 'web'])
    expect((await runDist(inputs, env)).errors).toEqual([])
    expect(lambda.calls).toEqual([])
    gate.answer('api', 403, RUNNER_ADDRESS)
    gate.answer('web', 500)
    const run = await runDist(inputs, env)
    expect(run.errors).toEqual([])
    expect(resultsOf(run)).toEqual([
      expect.objectContaining({ name: 'web', state: 'down', places: `down from ${EVERY_PLACE}` }),
      expect.objectContaining({ name: 'api', state: 'up', places: ONLY_RUNNER })
    ])
    const [mail, ...more] = await mails()
    expect(more).toEqual([])
    expect(mail.body).toContain(`DOWN from ${EVERY_PLACE}: web\n`)
    expect([lambda.count(EU), lambda.count(TOKYO)]).toEqual([1, 1])
  })
})

describe('a vantage that misses the deadline', () => {
  // One second, the least vantage-deadline takes: a run waits for it.
  const DEADLINE = { 'vantage-deadline': '1s' }
  const ABSTAINS = 'no verdict from ap-northeast-1: no answer within 1s'

  it('abstains, and the other vantage confirms the DOWN with the runner', async () => {
    const { gate, watch, env, mails, stored, lambda } = places
    lambda.functions.set(TOKYO, { delayMs: 60_000 })
    const inputs = watch(['api'], { inputs: DEADLINE })
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('api', 500)
    const run = await runInProcess(inputs, env, at(5))
    expect(run.errors).toEqual([])
    expect(resultsOf(run)).toEqual([
      expect.objectContaining({ state: 'down', places: `down from runner, eu-west-1; ${ABSTAINS}` })
    ])
    expect(shown(run)).toContain(`down from runner, eu-west-1; ${ABSTAINS}`)
    const [mail] = await mails()
    expect(mail.body).toContain('DOWN from runner, eu-west-1: api\n')
    expect(mail.body).toContain('  No verdict from ap-northeast-1: no answer within 1s\n')
    expect((await stored('api')).state).toBe('down')
    expect(lambda.count(TOKYO)).toBe(1)
  })

  it('abstains, and the other vantage, which reaches it, keeps it up', async () => {
    const { gate, watch, env, mails, stored, lambda } = places
    lambda.functions.set(TOKYO, { hang: true })
    const inputs = watch(['api'], { inputs: DEADLINE })
    const at = clock()
    await runInProcess(inputs, env, at(0))
    gate.answer('api', 403, RUNNER_ADDRESS)
    const run = await runInProcess(inputs, env, at(5))
    const sentence = `failing only from the runner; up from eu-west-1; ${ABSTAINS}`
    expect(resultsOf(run)).toEqual([expect.objectContaining({ state: 'up', places: sentence })])
    expect(shown(run)).toContain(`this run: down; ${sentence}`)
    expect(await mails()).toEqual([])
    expect((await stored('api')).state).toBe('up')
  })

  it('leaves a new failure to the runner when no vantage answers, and a standing dispute standing', async () => {
    const { gate, watch, env, mails, stored, lambda } = places
    lambda.functions.set(EU, { hang: true })
    lambda.functions.set(TOKYO, { status: 500 })
    const inputs = watch(['new', 'disputed'], { inputs: DEADLINE })
    const at = clock()
    await runInProcess(inputs, env, at(0))
    // The dispute begins while the vantages answer.
    gate.answer('disputed', 403, RUNNER_ADDRESS)
    lambda.functions.set(EU, {})
    lambda.functions.set(TOKYO, {})
    await runInProcess(inputs, env, at(5))
    expect((await stored('disputed')).runnerOnly).toBeDefined()

    lambda.functions.set(EU, { hang: true })
    lambda.functions.set(TOKYO, { status: 500 })
    gate.answer('new', 500)
    const run = await runInProcess(inputs, env, at(10))
    expect(run.errors).toEqual([])
    const silent =
      'no verdict from eu-west-1: no answer within 1s; ' +
      'no verdict from ap-northeast-1: ServiceException: An internal error occurred'
    expect(resultsOf(run)).toEqual([
      expect.objectContaining({ name: 'new', state: 'down', places: `down from runner; ${silent}` }),
      expect.objectContaining({
        name: 'disputed',
        state: 'up',
        places: `kept as failing only from the runner, as the vantages last said; down from runner; ${silent}`
      })
    ])
    const [mail, ...more] = await mails()
    expect(more).toEqual([])
    expect(mail.subject).toBe('[upwatch] DOWN: new')
    expect(mail.body).toContain('DOWN from runner: new\n')
    expect(mail.body).toContain('  No verdict from eu-west-1: no answer within 1s\n')
    expect(mail.body).toContain(
      '  No verdict from ap-northeast-1: ServiceException: An internal error occurred\n'
    )
    expect((await stored('new')).state).toBe('down')
    expect((await stored('disputed')).state).toBe('up')
  })
})

describe('what the vantages are asked, and when', () => {
  it('nothing in a steady pass, nor for a failure below its threshold; at it, one call each with every suspect', async () => {
    const { gate, watch, env, lambda } = places
    const names = ['api', 'web', 'docs', 'shop']
    const inputs = watch(names, { defaults: ', failure-threshold: 3' })
    const at = clock()
    // First sight and a steady pass, all up.
    await runInProcess(inputs, env, at(0))
    await runInProcess(inputs, env, at(5))
    expect(lambda.calls).toEqual([])

    for (const name of ['api', 'web', 'docs']) gate.answer(name, 500)
    await runInProcess(inputs, env, at(10))
    await runInProcess(inputs, env, at(15))
    expect(lambda.calls).toEqual([])

    const third = await runInProcess(inputs, env, at(20))
    expect(third.outputs.down).toBe('3')
    expect(lambda.calls.map(call => call.region).sort()).toEqual(['ap-northeast-1', 'eu-west-1'])
    for (const call of lambda.calls) {
      expect(call.invocationType).toBe('RequestResponse')
      // The deadline less the way there and back (vantages/index.ts).
      expect(call.payload.deadlineMs).toBe(13_000)
      expect(call.payload.checks.map(check => check.url)).toEqual(
        ['api', 'web', 'docs'].map(name => gate.url(name))
      )
      expect(call.payload.checks[0]).toMatchObject({ method: 'GET', timeoutMs: 10_000 })
    }
  })
})

describe('100 passes, every 5 minutes, while the runner alone fails now and then', () => {
  const PASSES = 100
  /** The runner fails a third of the passes, at random; each streak is short of runner-only-after's hour. */
  const FAILS = 1 / 3

  it('mail nothing, and ask the vantages exactly in the passes where a target reaches its threshold', async () => {
    const { gate, watch, env, mails, stored, lambda } = places
    const thresholds = { once: 1, twice: 2 }
    const names = Object.keys(thresholds) as (keyof typeof thresholds)[]
    const random = new Random(SEED, 15)
    const schedule = Array.from({ length: PASSES }, () =>
      Object.fromEntries(names.map(name => [name, random.chance(FAILS)]))
    )
    // What the vantages should be asked: each pass where a target fails its threshold-th time in a row or more.
    const streaks = Object.fromEntries(names.map(name => [name, 0]))
    let longest = 0
    const asked = schedule.map(pass =>
      names
        .map(name => {
          streaks[name] = pass[name] ? streaks[name] + 1 : 0
          longest = Math.max(longest, streaks[name])
          return streaks[name] >= thresholds[name]
        })
        .some(Boolean)
    )
    // runner-only-after is left at its hour, and every mail counts, ONLY FROM RUNNER too: failing now and then
    // is no block, and never owes one. It would take 13 failing passes in a row (about 1 chance in 500,000).
    expect(longest).toBeLessThan(13)
    expect(asked.filter(Boolean).length).toBeGreaterThan(20)

    const inputs = watch(names, { entries: { twice: ', failure-threshold: 2' } })
    const at = clock()
    await runInProcess(inputs, env, at(0))
    for (const [index, pass] of schedule.entries()) {
      for (const name of names) gate.answer(name, pass[name] ? 403 : 200, RUNNER_ADDRESS)
      const before = lambda.count(EU)
      const run = await runInProcess(inputs, env, at(5 * (index + 1)))
      expect([index, run.errors, run.outputs.down, changesOf(run)]).toEqual([index, [], '0', []])
      expect([index, lambda.count(EU) - before]).toEqual([index, asked[index] ? 1 : 0])
    }
    expect(await mails()).toEqual([])
    expect(lambda.count(TOKYO)).toBe(lambda.count(EU))
    for (const name of names) expect((await stored(name)).state).toBe('up')
  })
})
