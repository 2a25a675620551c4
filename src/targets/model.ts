import { type Window } from '../maintenance.js'
import { type Matcher } from './matcher.js'

/** A range of acceptable HTTP status codes, both ends included. */
export interface StatusRange {
  min: number
  max: number
}

/** A JSON value a `json` expectation compares with. */
export type JsonScalar = string | number | boolean | null

/** What a healthy answer looks like, defaults applied. */
export interface Expectations {
  /** HTTP status codes that count as up. */
  status: StatusRange[]
  /** Must appear in the body (for TCP, the reply). */
  body?: Matcher
  /** Must not appear in the body (for TCP, the reply). */
  bodyNot?: Matcher
  /** Dotted paths into a JSON body (`checks.db.healthy`, `items[0].id`) and the values expected there. */
  json: { path: string; value: JsonScalar }[]
  /** Response headers that must be there and match. */
  headers: { name: string; matcher: Matcher }[]
  /** Slower than this: degraded. */
  maxLatencyMs?: number
  /** For https: a certificate with less validity left than this is degraded. */
  certificateMs?: number
}

/** When a target's changes are mailed. */
export interface Policy {
  /** Failed runs in a row before the target counts as down (or degraded). */
  failureThreshold: number
  /** Good runs in a row before it counts as recovered. */
  successThreshold: number
  /** Mail changes to and from degraded; when false, degraded reads as up in mail. */
  notifyDegraded: boolean
  /** While down, a reminder this often. */
  remindEveryMs?: number
  /** The target's maintenance windows and the file's. */
  maintenance: Window[]
}

/** One thing to watch, as the probes and the rest of the pass see it, defaults applied. */
export interface Target {
  /** Unique in the file; with `url`, the key of the target's state. */
  name: string
  /** The group it is counted in by the summary, from the file; none when it has none. */
  group?: string
  /** False: never on the status page (nor its feed and badges); absent: it is shown. */
  public?: false
  /** GitHub logins the issue of an outage is assigned to (incident-issues); absent: none. */
  assignees?: string[]
  /** The URL as written in the file (`${VAR}` unexpanded, passwords masked): the state key, and what people see. */
  url: string
  /** The URL with `${VAR}` substituted: what is probed. Holds secrets; never shown. */
  address: string
  /** Which probe runs, from the URL's scheme. */
  protocol: 'http' | 'tcp'
  method: string
  headers: Record<string, string>
  body?: string
  /**
   * Which of `headers` (by their names there), and whether `body`, hold values substituted from `${VAR}`:
   * secrets, which go to the target's own origin only. A target built without a file holds none.
   */
  secrets?: { headers: string[]; body: boolean }
  /** TCP: text written once connected. */
  send?: string
  expect: Expectations
  /** Redirects followed at most; 0 checks the redirect itself. */
  followRedirects: number
  /** Skip TLS certificate verification. */
  insecure: boolean
  timeoutMs: number
  /** Extra attempts inside one pass before the check counts as failed. */
  retries: number
  policy: Policy
}

/** The state key of a target in the store: partition key `url`, sort key `name`, as the legacy table has it. */
export interface TargetKey {
  url: string
  name: string
}

export function keyOf(target: TargetKey): string {
  return `${target.url}\n${target.name}`
}

/** `200-299`, `200-299, 304`: how the expected codes read in a reason. */
export function describeStatus(ranges: StatusRange[]): string {
  return ranges.map(({ min, max }) => (min === max ? `${min}` : `${min}-${max}`)).join(', ')
}
