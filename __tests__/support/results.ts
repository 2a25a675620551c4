// A check's result as the probes give it, for tests that drive reconcile and the stores without probing.
import { type ProbeResult } from '../../src/probes/model.js'
import { type Health } from '../../src/state/model.js'
import { type Target } from '../../src/targets/model.js'

const REASONS: Record<Health, string> = {
  up: 'HTTP 200',
  degraded: 'HTTP 200, slow',
  down: 'HTTP 503, expected 200-299'
}

/** `target` checked at `at` (ms) and found `health`: HTTP 200 (503 when down) in 80 ms, on the first attempt. */
export function resultOf(target: Target, at: number, health: Health = 'up'): ProbeResult {
  return {
    target,
    health,
    status: health === 'down' ? 503 : 200,
    reason: REASONS[health],
    latencyMs: 80,
    timings: { dnsMs: null, connectMs: 1, tlsMs: null, firstByteMs: 79, totalMs: 80 },
    silent: false,
    attempts: 1,
    checkedAt: new Date(at).toISOString()
  }
}
