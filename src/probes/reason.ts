import { formatDuration } from '../format.js'

/** What an attempt was doing: looking its host up, connecting, in the TLS handshake, or after. */
export type Phase = 'dns' | 'connect' | 'tls' | 'response'

const TIMED_OUT: Record<Phase, (after: string) => string> = {
  dns: () => 'DNS lookup timed out',
  connect: after => `connect timeout after ${after}`,
  tls: after => `TLS handshake timeout after ${after}`,
  response: after => `timeout after ${after}`
}

/** Raised by a probe attempt when its time is up, so the reason can name the timeout and where it ran out. */
export class ProbeTimeout extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly phase: Phase
  ) {
    super(TIMED_OUT[phase](formatDuration(timeoutMs)))
  }
}

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ERR_WIRE_CLOSED: 'connection closed by the server',
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEOUT: 'DNS lookup timed out',
  ETIMEDOUT: 'connect timeout',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  // The runner's own limits and rules, not the target's doing.
  EMFILE: 'the runner has no file descriptors left (EMFILE): lower concurrency',
  ENFILE: 'the runner has no file descriptors left (ENFILE): lower concurrency',
  ENOBUFS: 'the runner has no socket buffers left (ENOBUFS): lower concurrency',
  EADDRNOTAVAIL: 'the runner has no local ports left (EADDRNOTAVAIL): lower concurrency',
  ENETDOWN: "the runner's network is down",
  EPERM: 'the runner does not allow this connection (EPERM)',
  EACCES: 'the runner does not allow this connection (EACCES)',
  ERR_WIRE_HEAD_TOO_LARGE: 'response headers too large',
  HPE_HEADER_OVERFLOW: 'response headers too large',
  ERR_WIRE_INVALID: 'invalid HTTP response',
  HPE_INVALID_CONSTANT: 'invalid HTTP response',
  CERT_HAS_EXPIRED: 'TLS: certificate has expired',
  CERT_NOT_YET_VALID: 'TLS: certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: unable to verify the certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS: unknown certificate issuer',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: certificate does not match the host name',
  CERT_REVOKED: 'TLS: certificate revoked'
}

/** A short phrase for people: why a probe attempt failed; text from elsewhere is redacted before it is cut. */
export function failureReason(error: unknown, redact: (text: string) => string = text => text): string {
  // Errors are matched by shape, not class: they may come from another realm (a VM context, a worker).
  for (let cause = error as Cause | undefined, depth = 0; cause && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof ProbeTimeout) return cause.message
    const code = cause.code
    // Own codes only: a code such as `constructor`, from a server or a vantage, is no reason of ours.
    if (code && Object.hasOwn(BY_CODE, code)) return BY_CODE[code]
    if (code?.startsWith('ERR_SSL') || code?.startsWith('ERR_TLS'))
      return `TLS: ${redact(tlsReason(cause)).slice(0, 120)}`
  }
  const message = (error as Cause | undefined)?.message ?? String(error)
  return redact(message.split('\n')[0]).slice(0, 120) || 'unknown error'
}

/**
 * Failures that may be the runner's own network, since nothing came back from the target's host: a lookup
 * that failed or timed out (the lookup's codes are those of probes/resolve.ts), a connect that got no answer,
 * no route to the host; and failures that are the runner's for certain (out of sockets, a local rule).
 */
const SILENT = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEOUT',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EMFILE',
  'ENFILE',
  'ENOBUFS',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'EPERM',
  'EACCES'
])
const SILENT_PHASES = new Set<Phase>(['dns', 'connect'])

/**
 * Whether a failed attempt got no sign at all from a host (see Attempt.silent). Once one of its connections
 * was made (the target's, or a redirect's), the path worked, whatever failed after.
 */
export function isSilent(error: unknown, connected: boolean): boolean {
  if (connected) return false
  for (let cause = error as Cause | undefined, depth = 0; cause && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof ProbeTimeout) return SILENT_PHASES.has(cause.phase)
    if (cause.code && SILENT.has(cause.code)) return true
  }
  return false
}

interface Cause {
  code?: string
  message?: string
  /** OpenSSL's own phrase for its errors, which Node sets beside the message: `wrong version number`. */
  reason?: unknown
  cause?: Cause
}

/**
 * OpenSSL's errors read `40CD838D217F0000:error:0A00010B:SSL routines:<function>:<reason>:<its source file>…`:
 * the thread, which differs from run to run and place to place (a DOWN that the vantages confirm is grouped by
 * its reason), and the library's source path, before what people need. Their reason alone, from Node's `reason`
 * or, where an error crossed from elsewhere with its message only, from the message itself.
 */
const OPENSSL_ERROR = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:\n]+)/

function tlsReason(cause: Cause): string {
  if (typeof cause.reason === 'string' && cause.reason !== '') return cause.reason
  const message = cause.message ?? ''
  return OPENSSL_ERROR.exec(message)?.[1] ?? message.split('\n')[0]
}
