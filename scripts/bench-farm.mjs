// The benchmark's targets: N of them over a few ports of 127.0.0.1, each with its own latency (20 to 400 ms, and
// 1% that never answer), drawn from a fixed seed so that every run, and every case of the same N, sees the same
// farm. Over http or https, addressed by IP or by a host name of their own, t<i>.<DOMAIN>.
//
// By name, a request is answered only when its Host header is the target's own name (421 otherwise): the
// name the pass looked up is the one it asked for. Over https, every check is a new visitor: the farm sends
// no session tickets, keeps no session cache and closes the connection after each answer, and counts the
// handshakes and any that resumed a session.
import { constants } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'

export const DOMAIN = 'farm.upwatch.test'
const NEVER = 0.01
const PORTS = 8
/**
 * Connections each port lets wait to be accepted. The farm's 8 listening sockets stand for N servers, each of
 * which would have a queue of its own; with Node's default (511) the pass's checks overflowed them whenever
 * more than about 4,000 were in flight, and a dropped SYN is sent again only after a second. Linux caps it at
 * net.core.somaxconn, 4,096 on current kernels.
 */
const BACKLOG = 4096

/** A small fixed-seed generator. */
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The index of a target named t<i>.<DOMAIN>, or undefined. */
export function targetOf(name) {
  const match = /^t(\d+)\.(.+)$/.exec(name)
  return match && match[2] === DOMAIN ? Number(match[1]) : undefined
}

/**
 * Starts the farm. `tls` is { key, cert } for https; `lookupMs` is what a lookup costs by name, counted in the
 * floor: the least time a pass can take, its slowest target's latency (a timeout for one that never answers).
 */
export async function startFarm({ size, seed, timeoutMs, byName, tls, lookupMs = 0 }) {
  const next = random(seed + size)
  const latency = Array.from({ length: size }, () =>
    next() < NEVER ? Infinity : 20 + Math.round(next() * 380)
  )
  let stats
  const reset = () => (stats = { firstContactAt: undefined, misdirected: 0, handshakes: 0, resumed: 0 })
  reset()
  const answer = (request, response) => {
    const i = Number(request.url.slice(2))
    const ms = latency[i]
    if (byName && request.headers.host?.replace(/:\d+$/, '') !== `t${i}.${DOMAIN}`) {
      stats.misdirected++
      response.writeHead(421).end()
    } else if (ms !== Infinity) {
      if (tls) response.setHeader('connection', 'close')
      setTimeout(() => response.end('ok'), ms)
    }
  }
  const servers = []
  for (let port = 0; port < PORTS; port++) {
    const server = tls
      ? https.createServer({ ...tls, secureOptions: constants.SSL_OP_NO_TICKET }, answer)
      : http.createServer(answer)
    server.on('connection', () => (stats.firstContactAt ??= performance.now()))
    server.on('secureConnection', socket => {
      stats.handshakes++
      if (socket.isSessionReused()) stats.resumed++
    })
    await new Promise(resolve => server.listen({ port: 0, host: '127.0.0.1', backlog: BACKLOG }, resolve))
    servers.push(server)
  }
  const scheme = tls ? 'https' : 'http'
  const host = i => (byName ? `t${i}.${DOMAIN}` : '127.0.0.1')
  const urls = latency.map((_, i) => `${scheme}://${host(i)}:${servers[i % PORTS].address().port}/t${i}`)
  return {
    urls,
    /** A targets file over the farm: target t<i> at its URL, the farm's timeout, no retries. */
    targetsFile: () =>
      `defaults: { timeout: ${timeoutMs}ms, retries: 0 }\ntargets:\n` +
      urls.map((url, i) => `  - { name: t${i}, url: "${url}" }\n`).join(''),
    /** How many of the first `count` targets answer. */
    answering: (count = size) => latency.slice(0, count).filter(ms => ms !== Infinity).length,
    floorMs: Math.max(...latency.map(ms => (ms === Infinity ? timeoutMs : lookupMs + ms))),
    stats: () => ({ ...stats }),
    reset,
    close: () =>
      Promise.all(servers.map(server => (server.closeAllConnections(), new Promise(r => server.close(r)))))
  }
}
