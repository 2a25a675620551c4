/**
 * Per-request timings (connect, TLS, first byte) and the server certificate, for requests made through
 * undici, which does not expose its sockets. A connector wrapper times each socket; undici's diagnostics
 * channels tie each request to the probe that made it and to the socket it was sent on.
 */

import diagnostics from 'node:diagnostics_channel'
import { type LookupFunction, type Socket } from 'node:net'
import { type TLSSocket } from 'node:tls'
import { buildConnector } from 'undici'

/** What one probe attempt measured; times in ms from the attempt's start. */
export interface Trace {
  started: number
  connectMs: number | null
  tlsMs: number | null
  firstByteMs: number | null
  /** The server certificate's end of validity (ISO), for https. */
  certificateValidTo?: string
}

interface SocketTimes {
  started: number
  tcpAt?: number
  readyAt?: number
  certificateValidTo?: string
}

const sockets = new WeakMap<Socket, SocketTimes>()
const traces = new WeakMap<object, Trace>()
let current: Trace | undefined

export function newTrace(): Trace {
  return { started: performance.now(), connectMs: null, tlsMs: null, firstByteMs: null }
}

/**
 * Runs `start`, which must create its undici request synchronously (as `request()` does): the request is
 * then tied to `trace`.
 */
export function traced<T>(trace: Trace, start: () => T): T {
  current = trace
  try {
    return start()
  } finally {
    current = undefined
  }
}

diagnostics.subscribe('undici:request:create', message => {
  if (current) traces.set((message as { request: object }).request, current)
})

diagnostics.subscribe('undici:client:sendHeaders', message => {
  const { request, socket } = message as { request: object; socket: Socket }
  const trace = traces.get(request)
  const times = sockets.get(socket)
  // The first hop's connection is the target's own; redirects keep it.
  if (!trace || !times || trace.connectMs !== null) return
  const tcpAt = times.tcpAt ?? times.readyAt
  if (tcpAt !== undefined) trace.connectMs = Math.round(tcpAt - times.started)
  if (times.certificateValidTo !== undefined && times.readyAt !== undefined && tcpAt !== undefined) {
    trace.tlsMs = Math.round(times.readyAt - tcpAt)
    trace.certificateValidTo = times.certificateValidTo
  }
})

diagnostics.subscribe('undici:request:headers', message => {
  const trace = traces.get((message as { request: object }).request)
  if (trace && trace.firstByteMs === null) trace.firstByteMs = Math.round(performance.now() - trace.started)
})

/** undici's connector, timing each socket it opens and keeping the certificate's end of validity. */
export function timedConnector(options: {
  rejectUnauthorized: boolean
  lookup?: LookupFunction
  ca?: string[]
}): buildConnector.connector {
  // The probe's own timeout ends a slow connect; undici's shorter default must not end it first.
  const base = buildConnector({ ...options, timeout: 10 * 60_000 } as buildConnector.BuildOptions)
  return (connectOptions, callback) => {
    const times: SocketTimes = { started: performance.now() }
    // undici's types say void, but its connector returns the socket it opens: that is what gets timed.
    const open = base as unknown as (
      options: buildConnector.Options,
      callback: (error: Error | null, socket: Socket | null) => void
    ) => Socket | undefined
    const socket = open(connectOptions, (error, ready) => {
      if (!error && ready) {
        times.readyAt = performance.now()
        const tls = ready as TLSSocket
        if (typeof tls.getPeerCertificate === 'function') {
          const validTo = tls.getPeerCertificate()?.valid_to
          if (validTo) times.certificateValidTo = new Date(validTo).toISOString()
        }
      }
      ;(callback as (error: Error | null, socket: Socket | null) => void)(error, ready)
    })
    socket?.once('connect', () => (times.tcpAt ??= performance.now()))
    if (socket) sockets.set(socket, times)
  }
}
