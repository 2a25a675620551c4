import { formatDuration } from '../duration.js'

/** Raised by a probe attempt when its time is up, so the reason can name the timeout. */
export class ProbeTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timeout after ${formatDuration(timeoutMs)}`)
  }
}

const BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed by the server',
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed',
  EAI_NONAME: 'DNS lookup failed',
  EAI_FAIL: 'DNS lookup failed',
  ETIMEDOUT: 'connect timeout',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_HEADERS_OVERFLOW: 'response headers too large',
  HPE_HEADER_OVERFLOW: 'response headers too large',
  UND_ERR_INFO: 'invalid HTTP response',
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

/** A short phrase for people: why a probe attempt failed. */
export function failureReason(error: unknown): string {
  // Errors are matched by shape, not class: they may come from another realm (a VM context, a worker).
  for (let cause = error as Cause | undefined, depth = 0; cause && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof ProbeTimeout) return cause.message
    const code = cause.code
    if (code && BY_CODE[code]) return BY_CODE[code]
    if (code?.startsWith('ERR_SSL') || code?.startsWith('ERR_TLS')) return `TLS: ${cause.message}`
  }
  const message = (error as Cause | undefined)?.message ?? String(error)
  return message.split('\n')[0].slice(0, 120) || 'unknown error'
}

/** Codes of failures that may be the runner's own network: nothing came back from the target's host. */
const SILENT = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH'
])

/** Whether a failed attempt got no sign at all from the target's host (see Attempt.silent). */
export function isSilent(error: unknown): boolean {
  for (let cause = error as Cause | undefined, depth = 0; cause && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof ProbeTimeout) return true
    if (cause.code && SILENT.has(cause.code)) return true
  }
  return false
}

interface Cause {
  code?: string
  message?: string
  cause?: Cause
}
