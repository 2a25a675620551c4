/** What probes find: the types the rest of the pass shares with them. */

import { type Health } from '../state/model.js'
import { type Target } from '../targets/model.js'
// A type only, erased: the vantages' model reads the probes', not the other way round.
import type { SecondOpinion } from '../vantages/model.js'

/**
 * The most of an HTTP body, or of a TCP reply, that is read; the rest is discarded, so a huge or endless answer
 * costs nothing.
 */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * Where the time of an attempt went, in ms; null for a phase that did not happen (no lookup for an IP address,
 * no TLS for http or tcp, no connection, no answer). The phases are those of the target's own connection; the
 * hops of redirects count in the total only.
 */
export interface Timings {
  dnsMs: number | null
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
   * network. False for every answer, for failures that prove the host was reached (a refused or reset
   * connection, a TLS error, a timeout after connecting), and once any connection of the attempt was made
   * (a redirect's target failing silently still proves the runner's network works).
   */
  silent: boolean
}

/** What a pass found for a target: its last attempt, and when. */
export interface ProbeResult extends Attempt {
  target: Target
  attempts: number
  checkedAt: string
  /** What the vantages made of it, when it failed its threshold and they were asked (vantages/). */
  opinion?: SecondOpinion
}

/** How probes reach the network: the machine's name service and trusted CAs, unless a test passes its own. */
export interface Network {
  /** The name service to resolve with instead of the machine's (see probes/resolve.ts). */
  names?: NameService
  /** Certificates to trust instead of the system's (PEM). */
  ca?: string[]
}

/** What names are resolved against; by default the machine's, read when a pass starts. */
export interface NameService {
  /** DNS servers, as dns.getServers() reports them: `10.0.0.2`, `127.0.0.1:5353`, `[::1]:53`. */
  servers: string[]
  /** The text of the hosts file. */
  hosts: string
  /** The text of /etc/resolv.conf: its search domains and options. */
  resolvConf: string
  /** This machine's name: its domain is searched when resolv.conf names none, as glibc does. */
  hostname: string
}
