/**
 * A check's timeout measures the target, not this process. When the process cannot run (its event loop held
 * by thousands of handshakes starting at once, or the machine's cores busy elsewhere), an answer that came in
 * time waits unread, and the check's timer would run out on the process's time. So the time the process
 * could not run during a check is added to the check's time, up to the timeout again, and before a check
 * gives up, answers that came in meanwhile are read.
 */

/** How often the stall clock looks at the time: its lateness is time the process could not run. */
const TICK_MS = 20

/** How long the process could not run, told by the lateness of a timer. One per pass. */
export class StallClock {
  private stalledMs = 0
  private last = performance.now()
  private readonly timer = setInterval(() => {
    this.stalledMs = this.stalled()
    this.last = performance.now()
  }, TICK_MS).unref()

  /** The ms the process could not run since the clock began, up to now. */
  stalled(): number {
    return this.stalledMs + Math.max(0, performance.now() - this.last - TICK_MS)
  }

  close(): void {
    clearInterval(this.timer)
  }
}

/**
 * Calls `expire` once `timeoutMs` of the check's time have passed: the time since now, less what the process
 * could not run (at most `timeoutMs`, so that a check never lasts more than twice its timeout), and only once
 * the event loop has read what came in (the poll phase runs before setImmediate's). Returns the cancel.
 */
export function startDeadline(timeoutMs: number, clock: StallClock, expire: () => void): () => void {
  const started = performance.now()
  const stalledAtStart = clock.stalled()
  let timer: NodeJS.Timeout | undefined
  let immediate: NodeJS.Immediate | undefined
  const check = () => {
    const lost = Math.min(clock.stalled() - stalledAtStart, timeoutMs)
    const left = started + timeoutMs + lost - performance.now()
    if (left >= 1) timer = setTimeout(check, left)
    else immediate = setImmediate(expire)
  }
  timer = setTimeout(check, timeoutMs)
  return () => {
    clearTimeout(timer)
    clearImmediate(immediate)
  }
}
