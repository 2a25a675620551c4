// Real targets on 127.0.0.1: an HTTP server whose answers the test sets, a server that accepts and never
// answers, and a port where nothing listens (held, so that no other server takes it meanwhile).
import http from 'node:http'
import net from 'node:net'

export interface Farm {
  /** http://127.0.0.1:port/path on the HTTP server. */
  http(path: string): string
  /** A TCP endpoint that accepts connections and never answers. */
  silent: string
  /** A port on 127.0.0.1 where nothing listens. */
  refusedPort: number
  /** The status that /switch/<name> answers with from now on (200 until set). */
  set(name: string, status: number): void
  /** Requests the HTTP server has received. */
  requests(): number
  close(): Promise<void>
}

/**
 * Routes: /status/<code> answers that code; /delay/<ms> answers 200 after ms; /switch/<name> answers what
 * set(name, code) chose; /redirect/<n> redirects n times, then answers 200.
 */
export async function startFarm(): Promise<Farm> {
  const switches = new Map<string, number>()
  let requests = 0
  const server = http.createServer((request, response) => {
    requests++
    const [, route, argument] = new URL(request.url ?? '/', 'http://farm').pathname.split('/')
    const answer = (status: number) => {
      response.writeHead(status, { 'content-type': 'text/plain' })
      response.end(`${status}\n`)
    }
    if (route === 'status') answer(Number(argument))
    else if (route === 'delay') setTimeout(() => answer(200), Number(argument))
    else if (route === 'switch') answer(switches.get(argument) ?? 200)
    else if (route === 'redirect') {
      const left = Number(argument)
      if (left <= 0) answer(200)
      else {
        response.writeHead(302, { location: `/redirect/${left - 1}` })
        response.end()
      }
    } else answer(404)
  })
  const silentSockets = new Set<net.Socket>()
  const silent = net.createServer(socket => {
    silentSockets.add(socket)
    socket.on('close', () => silentSockets.delete(socket))
  })
  const httpPort = await listen(server)
  const silentPort = await listen(silent)
  const refusing = await refusingPort()
  return {
    http: path => `http://127.0.0.1:${httpPort}${path}`,
    silent: `http://127.0.0.1:${silentPort}/`,
    refusedPort: refusing.port,
    set: (name, status) => switches.set(name, status),
    requests: () => requests,
    close: async () => {
      server.closeAllConnections()
      for (const socket of silentSockets) socket.destroy()
      await Promise.all([close(server), close(silent), refusing.release()])
    }
  }
}

export function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
  })
}

function close(server: net.Server): Promise<void> {
  return new Promise(resolve => server.close(() => resolve()))
}

/** A port on 127.0.0.1 where nothing listens, and what gives it back. */
export interface RefusingPort {
  port: number
  release(): Promise<void>
}

/**
 * A port on 127.0.0.1 where nothing listens, held until released: the local end of a connection this process
 * keeps open to a server of its own. A connection to it is refused, and meanwhile no server can listen on it.
 * A port that was only free a moment ago could be given to another suite's server, running beside this one:
 * a check of it then read `connection closed by the server` instead of `connection refused`.
 */
export async function refusingPort(): Promise<RefusingPort> {
  let accepted: net.Socket | undefined
  const server = net.createServer(socket => {
    accepted = socket
    socket.on('error', () => undefined)
  })
  const held = net.connect(await listen(server), '127.0.0.1')
  await new Promise<void>((resolve, reject) => held.once('connect', resolve).once('error', reject))
  return {
    port: held.localPort!,
    release: async () => {
      held.destroy()
      accepted?.destroy()
      await close(server)
    }
  }
}
