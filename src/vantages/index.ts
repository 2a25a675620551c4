/**
 * The second opinion: the targets the runner saw reach their failure threshold this pass, checked again from
 * every vantage (a Lambda function in another region, infra/vantage.yml) before a DOWN is stored. One
 * invocation per vantage (per MAX_VANTAGE_CHECKS suspects), all at once, within one deadline; a vantage that
 * errs or misses it abstains. Loaded only by a pass that has suspects: a steady pass invokes nothing.
 */

import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { clientConfig, explainAwsError } from '../aws.js'
import { describeError } from '../errors.js'
import { shortened } from '../format.js'
import { type Redact } from '../probes/expect.js'
import { type ProbeResult } from '../probes/model.js'
import { type Target } from '../targets/model.js'
import { judgeFacts, weigh } from './judge.js'
import {
  MAX_VANTAGE_CHECKS,
  type PlaceVerdict,
  type SecondOpinion,
  type Vantage,
  type VantageCheck,
  type VantageResult
} from './model.js'

export interface Asking {
  vantages: Vantage[]
  quorum: number
  /** The most the asking may add to the pass, in ms. */
  deadlineMs: number
  credentials?: AwsCredentialIdentity
  redact: Redact
  /** The time the facts are judged at (a certificate's days left): the pass's. */
  now: number
  log: (line: string) => void
  /** Where a vantage that could not be asked is told of: a warning, since the runner may then decide alone. */
  warn: (line: string) => void
}

/**
 * What the time a vantage has for its checks leaves for the rest: the invocation's way there and back, and a
 * cold start (a function not invoked for a while takes a few hundred ms to start).
 */
const TRANSIT_MS = 2_000

/** Each suspect's opinion, by its result. */
export async function askVantages(
  suspects: ProbeResult[],
  asking: Asking
): Promise<Map<ProbeResult, SecondOpinion>> {
  const started = performance.now()
  // The deadline counts from here: loading the client is part of what the asking adds to the pass.
  const signal = AbortSignal.timeout(asking.deadlineMs)
  const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda')
  const checks = suspects.map((result, index) => checkOf(result.target, String(index)))
  const batches: VantageCheck[][] = []
  for (let start = 0; start < checks.length; start += MAX_VANTAGE_CHECKS)
    batches.push(checks.slice(start, start + MAX_VANTAGE_CHECKS))

  const clients = new Map<string, InstanceType<typeof LambdaClient>>()
  const clientOf = (region: string) => {
    let client = clients.get(region)
    if (!client) {
      const config = clientConfig(region, asking.credentials)
      // One try, waited on for the whole deadline: a retry could only come after it.
      const timeout = { ...config.requestHandler, requestTimeout: asking.deadlineMs }
      clients.set(region, (client = new LambdaClient({ ...config, maxAttempts: 1, requestHandler: timeout })))
    }
    return client
  }

  const unasked = (vantage: Vantage, batch: VantageCheck[], why: string) => {
    asking.warn(
      `The vantage in ${vantage.place} gave no verdict on ${batch.length} target(s): ${asking.redact(why)}`
    )
    return everyOne(batch, why)
  }

  /** One vantage's answers to one batch, by check id; an abstention for each when the invocation failed. */
  const invoke = async (
    vantage: Vantage,
    batch: VantageCheck[]
  ): Promise<Map<string, VantageResult | string>> => {
    const request = { checks: batch, deadlineMs: Math.max(1_000, asking.deadlineMs - TRANSIT_MS) }
    try {
      const output = await clientOf(vantage.region).send(
        new InvokeCommand({
          FunctionName: vantage.arn,
          Payload: new TextEncoder().encode(JSON.stringify(request))
        }),
        { abortSignal: signal }
      )
      const payload = output.Payload ? new TextDecoder().decode(output.Payload) : ''
      if (!output.FunctionError) return answersOf(batch, payload)
      return unasked(vantage, batch, `the function failed (${output.FunctionError}): ${errorOf(payload)}`)
    } catch (error) {
      const timedOut = signal.aborted || (error instanceof Error && error.name === 'TimeoutError')
      const why = timedOut ? `no answer within ${asking.deadlineMs / 1000}s` : explainAwsError(error)
      return unasked(vantage, batch, why)
    }
  }

  const answers = await Promise.all(
    asking.vantages.map(async vantage => {
      const found = new Map<string, VantageResult | string>()
      for (const part of await Promise.all(batches.map(batch => invoke(vantage, batch))))
        for (const [id, answer] of part) found.set(id, answer)
      return found
    })
  )
  for (const client of clients.values()) client.destroy()

  const opinions = new Map<ProbeResult, SecondOpinion>()
  suspects.forEach((result, index) => {
    const verdicts = asking.vantages.map((vantage, at): PlaceVerdict => {
      const answer = answers[at].get(String(index)) ?? 'it sent no answer for this check'
      const abstained = (why: string) => ({
        place: vantage.place,
        abstained: shortened(asking.redact(why), PLACE_TEXT_LIMIT)
      })
      if (typeof answer === 'string') return abstained(answer)
      try {
        const verdict = judgeFacts(answer, result.target, asking.now, asking.redact)
        return 'abstained' in verdict
          ? abstained(verdict.abstained)
          : {
              place: vantage.place,
              health: verdict.health,
              reason: shortened(verdict.reason, PLACE_TEXT_LIMIT)
            }
      } catch (error) {
        // Facts nothing foresaw prove nothing: one target's answer never ends the pass for the others.
        return abstained(`its answer could not be judged (${describeError(error)})`)
      }
    })
    opinions.set(result, weigh(result, verdicts, asking.quorum))
  })
  const ms = Math.round(performance.now() - started)
  asking.log(`Asked ${asking.vantages.length} vantage(s) about ${suspects.length} target(s) in ${ms} ms`)
  return opinions
}

/** A target's check as a vantage runs it: what the runner's probe sends, secrets substituted. */
export function checkOf(target: Target, id: string): VantageCheck {
  const { expect } = target
  const check: VantageCheck = { id, url: target.address, timeoutMs: target.timeoutMs }
  if (target.protocol === 'tcp') {
    if (target.send !== undefined) check.send = target.send
    if (expect.body !== undefined || expect.bodyNot !== undefined) check.reply = true
    if (expect.body !== undefined && expect.body.regex === undefined && expect.bodyNot === undefined)
      check.until = expect.body.source
    return check
  }
  return {
    ...check,
    method: target.method,
    headers: target.headers,
    ...(target.body !== undefined && { body: target.body }),
    ...(target.insecure && { insecure: true }),
    followRedirects: target.followRedirects,
    ...(target.secrets && { secretHeaders: target.secrets.headers, secretBody: target.secrets.body })
  }
}

/**
 * The most of a place's reason or abstention kept, redacted first: a place's text is stored with its DOWN, in
 * an item that stays one read unit (state/item.ts); the runner's own reasons are no longer.
 */
export const PLACE_TEXT_LIMIT = 160

const everyOne = (batch: VantageCheck[], why: string) => new Map(batch.map(check => [check.id, why]))

/** The function's own error, as Lambda returns it: `errorType: errorMessage`, cut short. */
function errorOf(payload: string): string {
  try {
    const { errorType, errorMessage } = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown }
    const text = [errorType, errorMessage].filter(part => typeof part === 'string').join(': ')
    return text || 'no message'
  } catch {
    return 'no message'
  }
}

/**
 * The answers of an invocation, by check id, each checked for the shape judging needs: a vantage relays what
 * servers sent, and a function that is not a vantage (a wrong ARN) may answer anything. What cannot be read
 * abstains.
 */
function answersOf(batch: VantageCheck[], payload: string): Map<string, VantageResult | string> {
  let results: unknown
  try {
    results = (JSON.parse(payload) as { results?: unknown } | null)?.results
  } catch {
    results = undefined
  }
  if (!Array.isArray(results)) return everyOne(batch, 'its answer is not a vantage’s (no results)')
  const ids = new Set(batch.map(check => check.id))
  const found = new Map<string, VantageResult | string>()
  for (const result of results as unknown[]) {
    const id = (result as { id?: unknown } | null)?.id
    if (typeof id !== 'string' || !ids.has(id) || found.has(id)) continue
    found.set(id, readable(result) ? result : 'its answer for this check could not be read')
  }
  return found
}

/** Node's error codes and the vantage's own: `ECONNREFUSED`, `ERR_TLS_CERT_ALTNAME_INVALID`, `DEADLINE`. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/

/** Whether an answer has the shape VantageResult declares, as far as judging reads it. */
function readable(value: unknown): value is VantageResult {
  const result = value as Partial<Record<keyof VantageResult, unknown>>
  const timings = result.timings as Record<string, unknown> | undefined
  if (typeof timings !== 'object' || timings === null || typeof timings.totalMs !== 'number') return false
  if (result.error !== undefined) {
    const error = result.error as Record<string, unknown> | null
    return (
      typeof error?.code === 'string' &&
      ERROR_CODE.test(error.code) &&
      typeof error.phase === 'string' &&
      typeof error.message === 'string'
    )
  }
  const validTo = result.certificateValidTo
  const time = typeof validTo === 'string' && !Number.isNaN(Date.parse(validTo))
  if (validTo !== undefined && validTo !== null && !time) return false
  if (
    result.notFollowed !== undefined &&
    !['too-many', 'scheme', 'invalid', 'secret'].includes(result.notFollowed as string)
  )
    return false
  if (result.body !== undefined && typeof result.body !== 'string') return false
  if (result.status !== undefined && !(Number.isInteger(result.status) && (result.status as number) >= 100))
    return false
  const headers = result.headers
  if (headers === undefined) return true
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return false
  return Object.values(headers).every(
    header =>
      header === undefined ||
      typeof header === 'string' ||
      (Array.isArray(header) && header.every(part => typeof part === 'string'))
  )
}
