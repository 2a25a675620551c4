// A server on 127.0.0.1 that writes exactly the bytes a test gives, in the pieces it gives: how the HTTP tests
// send hostile and unusual answers (src/probes/wire.ts reads them).
import net from 'node:net'
import tls from 'node:tls'
import { listen } from './servers.js'

const servers: net.Server[] = []
const sockets = new Set<net.Socket>()

export interface AnswerOptions {
  /** The time between two pieces, so that each comes in a read of its own. */
  gapMs?: number
  /** Leave the connection open after the last piece, instead of closing it. */
  keepOpen?: boolean
  /** Answer as soon as the connection is made, before the request has come. */
  early?: boolean
  /** End with a reset instead of a FIN. */
  reset?: boolean
  /** Speak TLS with this key and certificate. */
  tls?: tls.SecureContextOptions
  /** Listen on this address instead of 127.0.0.1. */
  host?: string
}

/** A server that answers each connection with `pieces`, one write each `gapMs` apart; it records requests. */
export async function answering(
  pieces: (string | Buffer)[],
  { gapMs = 0, keepOpen = false, early = false, reset = false, tls: secure, host }: AnswerOptions = {}
): Promise<{ port: number; requests: string[] }> {
  const requests: string[] = []
  const onSocket = (socket: net.Socket) => {
    sockets.add(socket)
    let request = ''
    let answered = false
    const answer = async () => {
      if (answered) return
      answered = true
      for (const piece of pieces) {
        if (socket.destroyed) return
        socket.write(piece)
        if (gapMs > 0) await new Promise(resolve => setTimeout(resolve, gapMs))
      }
      if (reset) setTimeout(() => socket.resetAndDestroy(), 20)
      else if (!keepOpen) socket.end()
    }
    socket.on('error', () => undefined)
    if (early) void answer()
    socket.on('data', chunk => {
      request += chunk.toString('latin1')
      if (!request.includes('\r\n\r\n')) return
      requests.push(request)
      void answer()
    })
  }
  const server = secure ? tls.createServer(secure, onSocket) : net.createServer(onSocket)
  servers.push(server)
  if (host) {
    await new Promise<void>(resolve => server.listen(0, host, resolve))
    return { port: (server.address() as net.AddressInfo).port, requests }
  }
  return { port: await listen(server), requests }
}

/** Closes every server `answering` started, and their connections. */
export async function closeAnswering(): Promise<void> {
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  for (const server of servers.splice(0)) await new Promise(resolve => server.close(resolve))
}
