// A busy runner: targets that answer in time are up even when this process could not look at their answers
// in time (its event loop held by a busy loop here, by thousands of handshakes in a real pass); a target that
// never answers is still down, at its timeout when the process was busy with other work meanwhile, and within
// twice its timeout in any case. The servers run in a worker thread, which the busy
// loop does not hold, as a real target is not held by the runner's load.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Worker } from 'node:worker_threads'
import { probeAll } from '../src/probes/probe.js'
import { targetsOf } from './support/targets.js'

const SERVERS = `
const { parentPort, workerData } = require('node:worker_threads')
const http = require('node:http')
const net = require('node:net')
const requests = new Int32Array(workerData)
const answering = http.createServer((request, response) => {
  Atomics.add(requests, 0, 1)
  setTimeout(() => {
    if (request.url === '/hop') response.writeHead(302, { location: '/' }).end()
    else response.end('ok')
  }, 50)
})
const silent = net.createServer(() => {})
// A byte every 5 ms, for ever.
const trickle = net.createServer(socket => {
  const timer = setInterval(() => socket.write('x'), 5)
  socket.on('close', () => clearInterval(timer))
  socket.on('error', () => clearInterval(timer))
})
// /hop/<n> redirects to /hop/<n + 1> after 30 ms.
const hops = http.createServer((request, response) => {
  const n = Number(request.url.split('/')[2])
  setTimeout(() => response.writeHead(302, { location: '/hop/' + (n + 1) }).end(), 30)
})
answering.listen(0, '127.0.0.1', () =>
  silent.listen(0, '127.0.0.1', () =>
    trickle.listen(0, '127.0.0.1', () =>
      hops.listen(0, '127.0.0.1', () =>
        parentPort.postMessage({
          answering: answering.address().port,
          silent: silent.address().port,
          trickle: trickle.address().port,
          hops: hops.address().port
        })
      )
    )
  )
)
`

let worker: Worker
let requests: Int32Array
let ports: { answering: number; silent: number; trickle: number; hops: number }

beforeAll(async () => {
  const shared = new SharedArrayBuffer(4)
  requests = new Int32Array(shared)
  worker = new Worker(SERVERS, { eval: true, workerData: shared })
  ports = await new Promise(resolve => worker.once('message', resolve))
})

afterAll(() => worker.terminate())

/** Holds this process's event loop for `ms`, as a saturated process does. */
function hold(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end);
}

/** Waits until the servers have received `count` requests more than `from`. */
async function requestsReached(from: number, count: number): Promise<void> {
  while (Atomics.load(requests, 0) < from + count) await new Promise(resolve => setImmediate(resolve))
}

describe('a check on a busy runner', () => {
  it('reads the answers that came while the process could not look before judging a target', async () => {
    const from = Atomics.load(requests, 0)
    const urls = Array.from(
      { length: 20 },
      (_, i) => `  - { name: t${i}, url: "http://127.0.0.1:${ports.answering}/" }`
    )
    const pass = probeAll(
      targetsOf(`defaults: { timeout: 300ms, retries: 0 }\ntargets:\n${urls.join('\n')}`),
      20
    )
    await requestsReached(from, 20)
    // Every answer comes in 50 ms into the hold; every timer is due long before it ends.
    hold(1000)
    const results = await pass
    expect(results.map(result => [result.health, result.reason])).toEqual(urls.map(() => ['up', 'HTTP 200']))
  })

  it('counts the time the process could not run against the process, not the target, up to the timeout', async () => {
    const from = Atomics.load(requests, 0)
    const results = probeAll(
      targetsOf(`
defaults: { timeout: 500ms, retries: 0 }
targets:
  - { name: redirected, url: "http://127.0.0.1:${ports.answering}/hop" }
  - { name: also redirected, url: "http://127.0.0.1:${ports.answering}/hop" }
  - { name: silent, url: "http://127.0.0.1:${ports.silent}/" }
`),
      3
    )
    await requestsReached(from, 2)
    // The redirects come in during the hold, which outlasts the timeout; the second requests are answered
    // 50 ms after it, in the time the hold took from the checks.
    hold(800)
    const [redirected, alsoRedirected, silent] = await results
    expect(
      [redirected, alsoRedirected, silent].map(result => [result.target.name, result.health, result.reason])
    ).toEqual([
      ['redirected', 'up', 'HTTP 200'],
      ['also redirected', 'up', 'HTTP 200'],
      ['silent', 'down', 'timeout after 500ms']
    ])
    // Down once the process can tell after its timeout: at the end of the hold, which is past it, and twice
    // the timeout at most, with the event loop's turn that reads what came before giving up.
    expect(silent.latencyMs).toBeGreaterThanOrEqual(800)
    expect(silent.latencyMs).toBeLessThan(1000 + 50)
  })

  it('does not hold a target that never answers past its timeout while the process is busy with other work', async () => {
    const pass = probeAll(
      targetsOf(
        `targets:\n  - { name: silent, url: "http://127.0.0.1:${ports.silent}/", timeout: 500ms, retries: 0 }`
      ),
      1
    )
    // Connected, and waiting on the target; then 1.2 s of turns 50 ms long, as a saturated pass's are.
    await new Promise(resolve => setTimeout(resolve, 50))
    const busyUntil = performance.now() + 1200
    await new Promise<void>(resolve => {
      const turn = () => {
        hold(50)
        if (performance.now() < busyUntil) setImmediate(turn)
        else resolve()
      }
      setImmediate(turn)
    })
    const [silent] = await pass
    expect([silent.health, silent.reason]).toEqual(['down', 'timeout after 500ms'])
    // Its timeout, and the turn or two that passed before the process looked: not the 1.2 s it was busy.
    expect(silent.latencyMs).toBeGreaterThanOrEqual(500)
    expect(silent.latencyMs).toBeLessThan(500 + 150)
  })

  it('gives a check none of the time the process lost before it started', async () => {
    // One at a time: the process is held once the first is over, and the second starts after that.
    const [, silent] = await probeAll(
      targetsOf(`
defaults: { timeout: 300ms, retries: 0 }
targets:
  - { name: first, url: "http://127.0.0.1:${ports.answering}/" }
  - { name: silent, url: "http://127.0.0.1:${ports.silent}/" }
`),
      1,
      {},
      { onResult: result => result.target.name === 'first' && hold(400) }
    )
    expect([silent.health, silent.reason]).toEqual(['down', 'timeout after 300ms'])
    expect(silent.latencyMs).toBeLessThan(300 + 100)
  })

  it('lets no server move the deadline of its own check: neither a trickle of bytes nor a chain of redirects', async () => {
    const [trickle, hops] = await probeAll(
      targetsOf(`
defaults: { timeout: 400ms, retries: 0 }
targets:
  - { name: trickle, url: "tcp://127.0.0.1:${ports.trickle}", expect: { body: NEVER } }
  - { name: hops, url: "http://127.0.0.1:${ports.hops}/hop/0", follow-redirects: 20 }
`),
      2
    )
    // The trickle is judged on what came within the timeout; the hops are cut short by it.
    expect([trickle.health, trickle.reason]).toEqual(['down', 'reply does not contain "NEVER"'])
    expect([hops.health, hops.reason]).toEqual(['down', 'timeout after 400ms'])
    for (const result of [trickle, hops]) expect(result.latencyMs).toBeLessThan(400 + 100)
  })

  it('ends a target that never answers at about its timeout when the process is not held', async () => {
    const [silent] = await probeAll(
      targetsOf(
        `targets:\n  - { name: silent, url: "http://127.0.0.1:${ports.silent}/", timeout: 500ms, retries: 0 }`
      ),
      1
    )
    expect([silent.health, silent.reason]).toEqual(['down', 'timeout after 500ms'])
    expect(silent.latencyMs).toBeGreaterThanOrEqual(500)
    expect(silent.latencyMs).toBeLessThan(500 + 50)
  })
})
