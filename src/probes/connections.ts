/**
 * An attempt's connections: opened through the pass's resolver, timed phase by phase (lookup, TCP connect, TLS
 * handshake, first byte), and destroyed when the attempt ends. Each HTTP hop opens its socket through the
 * attempt's connector (undici's buildConnector, for its TLS options), the TCP probe through connect().
 */

import net, { type Socket } from 'node:net'
import tls, { TLSSocket } from 'node:tls'
import { buildConnector } from 'undici'
import { type LoopClock } from './deadline.js'
import { type Redact } from './expect.js'
import { type Timings } from './model.js'
import { type Phase } from './reason.js'
import { type PassResolver } from './resolve.js'

/** undici's connector as it really is: it returns the socket it opens (its types say void). */
export type Open = (
  options: buildConnector.Options,
  callback: (error: Error | null, socket: Socket | null) => void
) => Socket

/** What attempts take from their pass: how names resolve, how to connect, how secrets are hidden. */
export interface Pass {
  resolver: PassResolver
  /** The pass's connectors, verifying certificates or not (`insecure`). */
  connectors: (verify: boolean) => Open
  /** Hides secrets in text a server sent, before a reason quotes or cuts it. */
  redact: Redact
  /** When the event loop came round: how long a check's steps waited for the process (probes/deadline.ts). */
  clock: LoopClock
}

/**
 * The pass's two connectors, made once: one TLS context (the CAs to trust, parsed once, not per check) and no
 * session cache, so that every check still makes a full handshake, its TLS time a new visitor's.
 */
export function passConnectors(resolver: PassResolver, ca?: string[]): (verify: boolean) => Open {
  const secureContext = tls.createSecureContext(ca ? { ca } : {})
  const made = new Map<boolean, Open>()
  return verify => {
    let open = made.get(verify)
    if (!open) {
      const connect = buildConnector({
        rejectUnauthorized: verify,
        lookup: resolver.lookup,
        secureContext,
        // The attempt's own timer ends a slow connect: undici's must not end it first.
        timeout: 0,
        // A connection carries one exchange: TCP keepalive would only cost a system call per check.
        keepAlive: false,
        maxCachedSessions: 0
      }) as unknown as Open
      open = (options, callback) => {
        const socket = connect(options, callback)
        if (socket instanceof TLSSocket) leafIdentityCheck(socket)
        return socket
      }
      made.set(verify, open)
    }
    return open
  }
}

/**
 * Node's TLS client decodes the server's whole chain (getPeerCertificate(true): each certificate with three
 * fingerprints) on every handshake, only to hand it to tls.checkServerIdentity, which reads the names of the
 * first: about 0.1 ms of CPU a check. This socket hands it that first certificate alone, decoded as Node
 * decodes it; the check of the host name stays Node's, as strict as ever.
 */
function leafIdentityCheck(socket: TLSSocket): void {
  // Without issuerCertificate, which checkServerIdentity does not read.
  socket.getPeerCertificate = (() =>
    TLSSocket.prototype.getPeerCertificate.call(socket, false)) as TLSSocket['getPeerCertificate']
}

/** One socket and when it reached each phase, from performance.now(). */
interface Opened {
  socket: Socket
  host: string
  tls: boolean
  started: number
  lookedUpAt?: number
  connectedAt?: number
  readyAt?: number
  /** ISO; null when the certificate's end of validity cannot be read. */
  certificateValidTo?: string | null
}

export class Connections {
  readonly started = performance.now()
  private readonly opened: Opened[] = []
  private firstByteAt?: number

  /**
   * @param certificate whether the check reads the server certificate's end of validity (it costs).
   * @param step told of each step of the attempt as it happens (a lookup answered, a connection made, a
   * handshake done, an answer's headers read), so that its deadline credits what the step waited for the
   * process.
   */
  constructor(
    private readonly pass: Pass,
    private readonly certificate = false,
    private readonly step: () => void = () => undefined
  ) {}

  /** A TCP connection to host:port. */
  connect(host: string, port: number): Socket {
    return this.track(net.connect({ host, port, lookup: this.pass.resolver.lookup }), host, false).socket
  }

  /**
   * The attempt's connector: the pass's, each socket it opens timed. It returns the socket, and calls back once
   * it is connected (for https, past the handshake) or failed, never before it returns.
   */
  connector(rejectUnauthorized: boolean): Open {
    const open = this.pass.connectors(rejectUnauthorized)
    return (options, callback) => {
      const socket = open(options, (error, ready) => {
        if (ready) this.ready(opened, ready)
        callback(error, ready)
      })
      const opened = this.track(socket, options.hostname, options.protocol === 'https:')
      return socket
    }
  }

  /** An answer's first byte (the first marks the attempt's), a step. */
  firstByte(): void {
    this.firstByteAt ??= performance.now()
    this.step()
  }

  /** Where the attempt is now: what its timeout would interrupt. */
  phase(): Phase {
    const last = this.opened.at(-1)
    if (last && last.lookedUpAt === undefined && net.isIP(last.host) === 0) return 'dns'
    if (!last || last.connectedAt === undefined) return 'connect'
    if (last.tls && last.readyAt === undefined) return 'tls'
    return 'response'
  }

  /** Whether any connection of the attempt was made: the path to a host worked. */
  connected(): boolean {
    return this.opened.some(opened => opened.connectedAt !== undefined)
  }

  /** The target's own connection (the first) decides the phases; redirects count in the total only. */
  timings(): Timings {
    const own = this.opened[0]
    const ms = (from: number | undefined, to: number | undefined) =>
      from === undefined || to === undefined ? null : Math.round(to - from)
    const connectFrom = own?.lookedUpAt ?? own?.started
    return {
      dnsMs: ms(own?.started, own?.lookedUpAt),
      connectMs: ms(connectFrom, own?.connectedAt),
      tlsMs: own?.tls ? ms(own.connectedAt, own.readyAt) : null,
      firstByteMs: ms(this.started, this.firstByteAt),
      totalMs: Math.round(performance.now() - this.started)
    }
  }

  /** The end of validity of the target's own certificate (ISO), for https; null when it cannot be read. */
  certificateValidTo(): string | null | undefined {
    return this.opened[0]?.certificateValidTo
  }

  /**
   * Ends every connection of the attempt. With an error, a connection still being made fails with it, so
   * that whoever waits for it (undici's connector, the TCP probe) stops waiting.
   */
  close(error?: Error): void {
    for (const { socket } of this.opened) socket.destroy(error)
  }

  private track(socket: Socket, host: string, tls: boolean): Opened {
    const opened: Opened = { socket, host, tls, started: performance.now() }
    this.opened.push(opened)
    socket.once('lookup', error => {
      this.step()
      if (!error) opened.lookedUpAt = performance.now()
    })
    socket.once('connect', () => {
      this.step()
      opened.connectedAt = performance.now()
    })
    return opened
  }

  /** undici has the socket: connected, and for https past the handshake. */
  private ready(opened: Opened, socket: Socket): void {
    this.step()
    opened.readyAt = performance.now()
    if (opened.tls && this.certificate) opened.certificateValidTo = validTo(socket as TLSSocket)
  }
}

/**
 * The end of validity of the peer's certificate, as the server sent it: OpenSSL writes "Bad time value" for a
 * date it cannot read, and an `insecure` target takes such a certificate. This runs in undici's connect
 * callback, where a throw would end the process, not the attempt.
 */
function validTo(socket: TLSSocket): string | null | undefined {
  try {
    const text = socket.getPeerCertificate()?.valid_to
    if (!text) return undefined
    const time = Date.parse(text)
    return Number.isNaN(time) ? null : new Date(time).toISOString()
  } catch {
    return null
  }
}
