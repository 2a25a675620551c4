import { StringDecoder } from 'node:string_decoder'
import { type Target } from '../targets/model.js'
import { type Connections } from './connections.js'
import { judgeReply } from './expect.js'
import { MAX_BODY_BYTES, type Attempt } from './model.js'
import { ProbeTimeout } from './reason.js'
import { hostOf } from './resolve.js'

/**
 * Up to this many characters, a reply is judged at each piece: a multi-line greeting (SMTP's `220-` lines, then
 * `220 ready`) on a connection the server keeps open is judged when its last line comes, not at the timeout. At
 * most 4,096 judgements of at most 4 KiB each, for a server that sends a byte at a time.
 */
const JUDGED_EACH_PIECE = 4096

/**
 * One TCP attempt: connect; then, when asked, write `send` and read the reply until the expected text appears
 * (or the server closes, or the read cap is reached), until the target's time is up (its socket destroyed
 * with the timeout). A reply that came but did not match is the answer then, not the timeout. The reply is
 * judged as each piece comes while it is short (JUDGED_EACH_PIECE), then each time it has doubled; past that,
 * text that completes the expected one in a piece that does not double the reply is judged when it ends.
 */
export function probeTcp(target: Target, connections: Connections): Promise<Attempt> {
  const port = Number(new URL(target.address).port)
  const waitForReply = target.expect.body !== undefined || target.expect.bodyNot !== undefined
  return new Promise((resolve, reject) => {
    const socket = connections.connect(hostOf(target.address), port)
    let reply = ''
    // A character split between two pieces is decoded whole, not as two replacement characters.
    const decoder = new StringDecoder('utf8')
    const fail = (error: Error) => reject(error)

    // Runs in socket events, where a throw would end the process, not the attempt: it rejects instead.
    const finish = (error?: Error) => {
      socket.destroy()
      // What is left of a character the reply ended inside: a replacement character, as before the split.
      reply += decoder.end()
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
    // A reply of a few lines (a greeting, a banner) is judged as each piece comes; a longer one, sent in small
    // pieces, costs about twice one judgement of the whole, not one each.
    let judged = 0
    socket.on('data', (chunk: Buffer) => {
      // The first piece is a step of the check (probes/deadline.ts); the rest come as the server sends them.
      if (reply === '') connections.firstByte()
      reply += decoder.write(chunk)
      if (reply.length > JUDGED_EACH_PIECE && reply.length < 2 * judged && reply.length < MAX_BODY_BYTES)
        return
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
