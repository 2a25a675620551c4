import net from 'node:net'
import { type Target } from '../targets/model.js'
import { elapsed } from './http.js'
import { type Attempt } from './probe.js'
import { ProbeTimeout } from './reason.js'

/** One TCP attempt: up when a connection opens within the timeout. */
export function probeTcp(target: Target): Promise<Attempt> {
  const { hostname, port } = new URL(target.address)
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new ProbeTimeout(target.timeoutMs))
    }, target.timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.destroy()
      resolve({ ok: true, status: null, latencyMs: elapsed(started), reason: 'connected' })
    })
    socket.once('error', error => {
      clearTimeout(timer)
      socket.destroy()
      reject(error)
    })
  })
}
