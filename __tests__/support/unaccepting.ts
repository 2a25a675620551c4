// A port on 127.0.0.1 where a connect never completes: the listener's accept queue is full and never drained,
// so the kernel drops every further SYN, as a firewall that drops packets would.
import { once } from 'node:events'
import net from 'node:net'
import { Worker } from 'node:worker_threads'

export interface Unaccepting {
  port: number
  close(): Promise<void>
}

// The listener lives in a worker whose event loop is blocked for good, so nothing ever accepts.
const LISTENER = `
const net = require('node:net')
const { parentPort } = require('node:worker_threads')
const server = net.createServer()
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
})
`

export async function startUnaccepting(): Promise<Unaccepting> {
  const worker = new Worker(LISTENER, { eval: true })
  const [port] = (await once(worker, 'message')) as [number]
  // A backlog of 1 queues two connections; two more take any room a kernel may add.
  const fillers = Array.from({ length: 4 }, () => net.connect(port, '127.0.0.1').on('error', () => undefined))
  await Promise.all(fillers.slice(0, 2).map(filler => once(filler, 'connect')))
  return {
    port,
    close: async () => {
      for (const filler of fillers) filler.destroy()
      await worker.terminate()
    }
  }
}
