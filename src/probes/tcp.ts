import { type Target } from '../targets/model.js'
import { type Connections } from './connections.js'
import { judgeReply } from './expect.js'
import { MAX_BODY_BYTES, type Attempt } from './model.js'
import { ProbeTimeout } from './reason.js'
import { hostOf } from './resolve.js'

/**
 * One TCP attempt: connect; then, when asked, write `send` and read the reply until the expected text appears
 * (or the server closes, or the read cap is reached), until the target's time is up (its socket destroyed
 * with the timeout). A reply that came but did not match is the answer then, not the timeout. The reply is
 * judged each time it has doubled; text that completes the expected one in a piece that does not double it is
 * judged when the reply ends.
 */
export function probeTcp(target: Target, connections: Connections): Promise<Attempt> {
  const port = Number(new URL(target.address).port)
  const waitForReply = target.expect.body !== undefined || target.expect.bodyNot !== undefined
  return new Promise((resolve, reject) => {
    const socket = connections.connect(hostOf(target.address), port)
    let reply = ''
    const fail = (error: Error) => reject(error)

    // Runs in socket events, where a throw would end the process, not the attempt: it rejects instead.
    const finish = (error?: Error) => {
      socket.destroy()
      if (error && !(error instanceof ProbeTimeout && reply !== '')) return reject(error)
      try {
        const timings = connections.timings()
        const verdict = judgeReply(reply, timings.totalMs, target.expect, Date.now())
        resolve({ ...verdict, status: null, latencyMs: timings.totalMs, timings, silent: false })
      } catch (failure) {
        fail(failure as Error)
      }
    }

    socket.once('connect', () => {
      if (waitForReply) {
        if (target.send !== undefined) socket.write(target.send)
      } else if (target.send !== undefined) {
        socket.end(target.send, () => finish())
      } else {
        finish()
      }
    })
    // A server that sends its reply in small pieces costs about twice one judgement of the whole, not one each.
    let judged = 0
    socket.on('data', chunk => {
      // The first piece is a step of the check (probes/deadline.ts); the rest come as the server sends them.
      if (reply === '') connections.firstByte()
      reply += chunk.toString('utf8')
      if (reply.length < 2 * judged && reply.length < MAX_BODY_BYTES) return
      judged = reply.length
      try {
        const settled = judgeReply(reply, 0, target.expect, Date.now()).health !== 'down'
        if (settled || reply.length >= MAX_BODY_BYTES) finish()
      } catch (error) {
        finish(error as Error)
      }
    })
    socket.once('end', () => finish())
    socket.on('error', error => finish(error))
  })
}
