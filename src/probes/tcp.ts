import net, { type LookupFunction } from 'node:net'
import { type Target } from '../targets/model.js'
import { judgeReply } from './expect.js'
import { MAX_BODY_BYTES } from './http.js'
import { type Attempt } from './model.js'
import { ProbeTimeout } from './reason.js'

/**
 * One TCP attempt: connect within the timeout; then, when asked, write `send` and read the reply until the
 * expected text appears (or the server closes, or the read cap is reached).
 */
export function probeTcp(target: Target, lookup?: LookupFunction): Promise<Attempt> {
  const { hostname, port } = new URL(target.address)
  const started = performance.now()
  const since = () => Math.round(performance.now() - started)
  const waitForReply = target.expect.body !== undefined || target.expect.bodyNot !== undefined
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: hostname.replace(/^\[|\]$/g, ''),
      port: Number(port),
      ...(lookup && { lookup })
    })
    let connectMs: number | null = null
    let firstByteMs: number | null = null
    let reply = ''
    const timer = setTimeout(() => finish(new ProbeTimeout(target.timeoutMs)), target.timeoutMs)

    const finish = (error?: Error) => {
      clearTimeout(timer)
      socket.destroy()
      if (error && !(waitForReply && connectMs !== null && error instanceof ProbeTimeout && reply !== '')) {
        return reject(error)
      }
      const totalMs = since()
      const timings = { connectMs, tlsMs: null, firstByteMs, totalMs }
      const verdict = judgeReply(reply, totalMs, target.expect, Date.now())
      resolve({ ...verdict, status: null, latencyMs: totalMs, timings, silent: false })
    }

    socket.once('connect', () => {
      connectMs = since()
      if (waitForReply) {
        if (target.send !== undefined) socket.write(target.send)
      } else if (target.send !== undefined) {
        socket.end(target.send, () => finish())
      } else {
        finish()
      }
    })
    socket.on('data', chunk => {
      firstByteMs ??= since()
      reply += chunk.toString('utf8')
      const settled = judgeReply(reply, 0, target.expect, Date.now()).health !== 'down'
      if (settled || reply.length >= MAX_BODY_BYTES) finish()
    })
    socket.once('end', () => finish())
    socket.once('error', error => finish(error))
  })
}
