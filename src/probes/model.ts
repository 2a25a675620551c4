/** What probes find: the types the rest of the pass shares with them. */

import { type LookupFunction } from 'node:net'
import { type Health } from '../state/model.js'
import { type Target } from '../targets/model.js'

/** Where the time of an attempt went, in ms; null where it does not apply (no TLS, no answer). */
export interface Timings {
  connectMs: number | null
  tlsMs: number | null
  firstByteMs: number | null
  totalMs: number
}

/** What one attempt at a target found. */
export interface Attempt {
  health: Health
  /** HTTP status code; null for TCP and for failures before a response. */
  status: number | null
  latencyMs: number
  /** `HTTP 200`, `HTTP 503, expected 200-299`, `timeout after 10s`, `connection refused`… */
  reason: string
  timings: Timings
  /**
   * True when the attempt failed without any sign from the target's host that the path to it works (a DNS
   * failure, a connect timeout, a network or host unreachable): such a failure may be the runner's own
   * network. False for every answer, and for failures that prove the host was reached (a refused or reset
   * connection, a TLS error, a timeout after connecting).
   */
  silent: boolean
}

/** What a pass found for a target: its last attempt, and when. */
export interface ProbeResult extends Attempt {
  target: Target
  attempts: number
  checkedAt: string
}

/** How probes reach the network: the system's resolver and trusted CAs, unless a test passes its own. */
export interface Network {
  lookup?: LookupFunction
  /** Certificates to trust instead of the system's (PEM). */
  ca?: string[]
}
