/** Judging an answer against a target's expectations: pure, so every rule is tested without a server. */

import { formatDuration, shortened } from '../format.js'
import { type Health } from '../state/model.js'
import { describeMatcher, matches } from '../targets/matcher.js'
import { describeStatus, type Expectations } from '../targets/model.js'

/** Hides secrets in text a server sent, before a reason quotes or cuts it. */
export type Redact = (text: string) => string
const asIs: Redact = text => text

export interface Verdict {
  health: Health
  reason: string
}

/** An HTTP answer as far as the expectations need it. */
export interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** The body as text, read when a body or JSON expectation needs it (at most the read cap). */
  body?: string
  latencyMs: number
  /** ISO; null when the certificate's end of validity cannot be read. */
  certificateValidTo?: string | null
}

const DAY_MS = 86_400_000

/** Down reasons first (status, headers, body, JSON), then degraded ones (certificate, latency). */
export function judgeHttp(
  answer: HttpAnswer,
  expect: Expectations,
  now: number,
  redact: Redact = asIs
): Verdict {
  const prefix = `HTTP ${answer.status}`
  if (!expect.status.some(({ min, max }) => answer.status >= min && answer.status <= max)) {
    return { health: 'down', reason: `${prefix}, expected ${describeStatus(expect.status)}` }
  }
  const problem =
    headerProblem(answer.headers, expect, redact) ??
    textProblem('body', answer.body, expect) ??
    jsonProblem(answer.body, expect, redact)
  if (problem) return { health: 'down', reason: `${prefix}, ${problem}` }
  return judgeDegraded(prefix, answer.latencyMs, expect, now, answer.certificateValidTo)
}

/** A TCP reply (banner or answer to `send`) against body and body-not. */
export function judgeReply(reply: string, latencyMs: number, expect: Expectations, now: number): Verdict {
  const problem = textProblem('reply', reply, expect)
  if (problem) return { health: 'down', reason: problem }
  return judgeDegraded('connected', latencyMs, expect, now)
}

function judgeDegraded(
  prefix: string,
  latencyMs: number,
  expect: Expectations,
  now: number,
  certificateValidTo?: string | null
): Verdict {
  const warnings: string[] = []
  if (expect.certificateMs !== undefined && certificateValidTo !== undefined) {
    if (certificateValidTo === null)
      return { health: 'down', reason: `${prefix}, the certificate's end of validity cannot be read` }
    const left = Date.parse(certificateValidTo) - now
    const day = certificateValidTo.slice(0, 10)
    if (left <= 0) return { health: 'down', reason: `${prefix}, certificate expired on ${day}` }
    if (left < expect.certificateMs) {
      const days = Math.floor(left / DAY_MS)
      warnings.push(`certificate expires in ${days === 1 ? '1 day' : `${days} days`} (${day})`)
    }
  }
  if (expect.maxLatencyMs !== undefined && latencyMs > expect.maxLatencyMs) {
    warnings.push(`slow: ${formatDuration(latencyMs)}, max-latency ${formatDuration(expect.maxLatencyMs)}`)
  }
  if (warnings.length > 0) return { health: 'degraded', reason: [prefix, ...warnings].join(', ') }
  return { health: 'up', reason: prefix }
}

function headerProblem(
  headers: HttpAnswer['headers'],
  expect: Expectations,
  redact: Redact
): string | undefined {
  for (const { name, matcher } of expect.headers) {
    const raw = headers[name]
    if (raw === undefined) return `header ${name} is missing`
    const value = Array.isArray(raw) ? raw.join(', ') : raw
    if (!matches(matcher, value))
      return `header ${name} is ${quote(value, redact)}, expected ${describeMatcher(matcher)}`
  }
  return undefined
}

function textProblem(
  what: 'body' | 'reply',
  text: string | undefined,
  expect: Expectations
): string | undefined {
  if (expect.body && !matches(expect.body, text ?? '')) {
    return `${what} does not ${expect.body.regex ? 'match' : 'contain'} ${describeMatcher(expect.body)}`
  }
  if (expect.bodyNot && matches(expect.bodyNot, text ?? '')) {
    return `${what} ${expect.bodyNot.regex ? 'matches' : 'contains'} ${describeMatcher(expect.bodyNot)}`
  }
  return undefined
}

function jsonProblem(body: string | undefined, expect: Expectations, redact: Redact): string | undefined {
  if (expect.json.length === 0) return undefined
  let document: unknown
  try {
    document = JSON.parse(body ?? '')
  } catch {
    return `body is not JSON (${body === undefined || body.trim() === '' ? 'empty' : quote(body, redact)})`
  }
  for (const { path, value } of expect.json) {
    const found = lookup(document, path)
    if (!found.exists) return `JSON ${path} is missing`
    if (found.value !== value)
      return `JSON ${path} is ${showJson(found.value, redact)}, expected ${JSON.stringify(value)}`
  }
  return undefined
}

/** `checks.db.healthy`, `items[0].id` or `items.0.id` into a parsed JSON document. */
export function lookup(document: unknown, path: string): { exists: boolean; value?: unknown } {
  let node = document
  for (const part of path.split(/\.|\[(\d+)\]/).filter(part => part !== undefined && part !== '')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return { exists: false }
    node = (node as Record<string, unknown>)[part]
  }
  return { exists: true, value: node }
}

/** The most characters of text from a response that a reason quotes. */
const QUOTED_TEXT = 60

/**
 * Text from a response, for a reason line: secrets hidden first, then cut short, then quoted, so that neither
 * the cut nor the quoting can show part of a secret in another form.
 */
function quote(text: string, redact: Redact): string {
  return JSON.stringify(shortened(redact(text), QUOTED_TEXT))
}

/** A JSON value from a response, as JSON, redacted before it is escaped and cut. */
function showJson(value: unknown, redact: Redact): string {
  if (typeof value === 'string') return quote(value, redact)
  return shortened(redact(JSON.stringify(value) ?? 'undefined'), QUOTED_TEXT)
}
