/**
 * A vantage's facts judged by the code that judges the runner's own checks (probes/expect.ts for answers,
 * probes/reason.ts for failures), and the places' verdicts weighed against the quorum: pure, so every rule is
 * tested without a function to ask.
 */

import { judgeHttp, judgeReply, type Redact, type Verdict } from '../probes/expect.js'
import { NOT_FOLLOWED } from '../probes/http.js'
import { type ProbeResult } from '../probes/model.js'
import { failureReason, ProbeTimeout } from '../probes/reason.js'
import { type Target } from '../targets/model.js'
import { type Health } from '../state/model.js'
import { type PlaceVerdict, RUNNER, type SecondOpinion, seeing, type VantageResult } from './model.js'

/** A place that gives no verdict on a target, and why: the summary says so. */
export interface Abstention {
  abstained: string
}

const PHASES = new Set<string>(['dns', 'connect', 'tls', 'response'])

/**
 * What a vantage's facts say of the target, judged as the runner judges its own attempt; an abstention when
 * they prove nothing: the batch's deadline came first, the vantage refused the check, or a body cut short
 * fails an expectation on the part that was not sent.
 */
export function judgeFacts(
  facts: VantageResult,
  target: Target,
  now: number,
  redact: Redact
): Verdict | Abstention {
  if (facts.error) {
    const { code, phase, message } = facts.error
    if (code === 'DEADLINE') return { abstained: 'its deadline came before the check ended' }
    if (phase === 'input') return { abstained: `it could not run the check (${code})` }
    if (code === 'TIMEOUT')
      return {
        health: 'down',
        reason: new ProbeTimeout(target.timeoutMs, PHASES.has(phase) ? phase : 'response').message
      }
    return { health: 'down', reason: failureReason({ code, message }, redact) }
  }
  if (target.protocol === 'http' && facts.status === undefined)
    return { abstained: 'its answer has no status' }
  if (facts.notFollowed)
    return { health: 'down', reason: NOT_FOLLOWED[facts.notFollowed](target.followRedirects) }
  const judge = (expect: Target['expect']): Verdict =>
    target.protocol === 'tcp'
      ? judgeReply(facts.body ?? '', facts.timings.totalMs, expect, now)
      : judgeHttp(
          {
            status: facts.status ?? 0,
            headers: facts.headers ?? {},
            body: facts.body,
            latencyMs: facts.timings.totalMs,
            ...(facts.certificateValidTo !== undefined && { certificateValidTo: facts.certificateValidTo })
          },
          expect,
          now,
          redact
        )
  const verdict = judge(target.expect)
  // What the body must hold may be in the part that was not sent; what it must not hold was found in what was.
  if (
    verdict.health === 'down' &&
    facts.truncated &&
    judge({ ...target.expect, body: undefined, json: [] }).health !== 'down'
  )
    return { abstained: 'its answer was cut short before the body could be judged' }
  return verdict
}

/**
 * The places' verdicts on a target the runner saw fail: confirmed when at least `quorum` places saw it down,
 * counting only the places that gave a verdict (a vantage that erred or missed the deadline abstains, and the
 * quorum is that of the others: with none left, the runner's own).
 */
export function weigh(runner: ProbeResult, vantages: PlaceVerdict[], quorum: number): SecondOpinion {
  const places: PlaceVerdict[] = [
    { place: RUNNER, health: runner.health, reason: runner.reason },
    ...vantages
  ]
  const verdicts = places.filter(place => 'health' in place)
  const down = verdicts.filter(place => place.health === 'down').length
  const required = Math.min(quorum, verdicts.length)
  return {
    places,
    confirmed: down >= required,
    required,
    unanswered: verdicts.length === 1
  }
}

/**
 * The places in a sentence, for the summary, the log and the outputs: `failing only from the runner; up from
 * eu-west-1, ap-northeast-1`, `down from runner, eu-west-1`, then the places that gave no verdict and why.
 */
export function describeOpinion(opinion: SecondOpinion): string {
  const named = (health: Health) => seeing(opinion.places, health).map(place => place.place)
  const down = named('down')
  const others = (['up', 'degraded'] as const).flatMap(health => {
    const places = named(health)
    return places.length > 0 ? [`${health} from ${places.join(', ')}`] : []
  })
  const parts =
    down.length === 1 && down[0] === RUNNER && others.length > 0
      ? ['failing only from the runner', ...others]
      : [`down from ${down.join(', ')}`, ...others]
  if (!opinion.confirmed && down.length > 1) parts.push(`fewer than the ${opinion.required} places needed`)
  for (const place of opinion.places)
    if ('abstained' in place) parts.push(`no verdict from ${place.place}: ${place.abstained}`)
  return parts.join('; ')
}
