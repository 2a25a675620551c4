/**
 * What the action sends a vantage (the Lambda function of infra/vantage.yml) and what it answers: the facts a
 * probe sees, not a verdict, so that the action judges them with its own code (probes/expect.ts, and
 * probes/reason.ts for errors) and a vantage never needs the expectations or a new release to agree with the
 * runner. The handler is plain JavaScript inline in the template, so this file is its contract, not its types.
 */

import { type Timings } from '../probes/model.js'
import { type Health } from '../state/model.js'

/** One invocation: every check runs at once; an answer comes for each, in the same order. */
export interface VantageRequest {
  /** At most MAX_VANTAGE_CHECKS; those beyond answer the error TOO_MANY_CHECKS. */
  checks: VantageCheck[]
  /**
   * The most the whole batch may take, in ms; a check still running then answers the error DEADLINE. The
   * function's own timeout, less a second, bounds it too.
   */
  deadlineMs?: number
}

/** Checks one invocation runs: their answers must fit Lambda's 6 MB response (at most about 100 KB each). */
export const MAX_VANTAGE_CHECKS = 50

/** The most of a body or TCP reply a vantage returns, in bytes of its JSON (the runner reads up to 1 MiB). */
export const MAX_VANTAGE_BODY = 65536

export interface VantageCheck {
  /** The caller's name for the check, returned as it is. */
  id: string
  /** `http://`, `https://` or `tcp://host:port`, secrets substituted. A URL's user info is sent as Basic auth. */
  url: string
  /** HTTP only: GET unless given. */
  method?: string
  headers?: Record<string, string>
  body?: string
  timeoutMs: number
  /** Accept any certificate (its end of validity is still returned). */
  insecure?: boolean
  /** Redirects to follow, as the runner does (probes/http.ts); 0 or none returns the first answer. */
  followRedirects?: number
  /** Names of `headers` that hold secrets: dropped, with credentials, on a redirect to another origin. */
  secretHeaders?: string[]
  /** Whether `body` holds a secret: a redirect to another origin is then not followed. */
  secretBody?: boolean
  /** TCP only: written once connected. */
  send?: string
  /** TCP only: read the reply (until the server closes, MAX_VANTAGE_BODY, or the timeout). */
  reply?: boolean
  /** TCP only: read the reply until it contains this text (a plain `body` expectation); implies `reply`. */
  until?: string
}

/** What a check found; for TCP only `body` (the reply), `error`, and the timings. */
export interface VantageResult {
  id: string
  status?: number
  /** As Node gives them: names in lower case, repeated ones joined with `, ` (set-cookie: a list). */
  headers?: Record<string, string | string[] | undefined>
  /** The start of the body (or TCP reply) as UTF-8 text, at most MAX_VANTAGE_BODY bytes of JSON. */
  body?: string
  /** The body may go on beyond `body`: a body or JSON expectation that fails on it proves nothing. */
  truncated?: boolean
  /** A redirect returned rather than followed, and why: the runner's reasons in probes/http.ts. */
  notFollowed?: 'too-many' | 'scheme' | 'invalid' | 'secret'
  error?: VantageError
  /** The target's own connection's phases; redirects count in the total only. */
  timings: Timings
  /** ISO, for https; null when the certificate's end of validity cannot be read. */
  certificateValidTo?: string | null
}

export interface VantageError {
  /**
   * Node's code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, HPE_HEADER_OVERFLOW…, as probes/reason.ts reads
   * them), or the vantage's own: TIMEOUT (the check's `timeoutMs`), DEADLINE (the batch's deadline came first:
   * no verdict on the target), INVALID_CHECK, TOO_MANY_CHECKS.
   */
  code: string
  /** Where the check was: `input` when it could not start from what was sent. */
  phase: 'input' | 'dns' | 'connect' | 'tls' | 'response'
  /** Node's message, first line, for a reason when the code is not one probes/reason.ts knows. */
  message: string
}

/** A vantage as the input `vantages` gives it. */
export interface Vantage {
  /** The function's ARN, as invoked. */
  arn: string
  /** Where the function runs, from its ARN: the region its client calls. */
  region: string
  /** How the summary and the mail name it: its region, or `region/function` when two share a region. */
  place: string
}

/** The runner's name among the places that check a target. */
export const RUNNER = 'runner'

/** What one place saw of a suspect target: a health and why, or why it gave no verdict. */
export type PlaceVerdict = PlaceSaw | { place: string; abstained: string }

/** A place that gave a verdict. */
export interface PlaceSaw {
  place: string
  health: Health
  reason: string
}

/** The places that saw the target in `health`, in their order. */
export function seeing(places: PlaceVerdict[], health: Health): PlaceSaw[] {
  return places.filter((place): place is PlaceSaw => 'health' in place && place.health === health)
}

/**
 * What the places made of a target the runner saw fail its threshold: the runner's verdict first, then each
 * vantage's in the order of the input. `confirmed` when as many places as the quorum saw it down, of those that
 * gave a verdict.
 */
export interface SecondOpinion {
  places: PlaceVerdict[]
  confirmed: boolean
  /** How many places had to see it down: the quorum, or fewer when places abstained. */
  required: number
  /** No vantage gave a verdict (each erred or missed the deadline): the runner alone decided. */
  unanswered: boolean
}
