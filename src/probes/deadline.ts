/**
 * A check's timeout measures the target, not this process. When the process cannot run (its event loop held
 * by thousands of handshakes starting at once, or the machine's cores busy elsewhere), what the target sent in
 * time waits unread, and the check's next step (the request after the connect, the next hop of a redirect)
 * leaves late. So each step of a check is credited with how long its event may have waited for the process,
 * and the check's deadline moves by that much, up to the timeout again; before a check gives up, what came in
 * meanwhile is read. A check that waits on its target while the process is busy with others is not credited:
 * the target had all that time, so a target that never answers is down at its timeout, or as soon after it as
 * the process can tell.
 */

/** How often the loop clock looks at the time. */
const TICK_MS = 20

/** When the event loop last came round, told by a timer. One per pass. */
export class LoopClock {
  /** When the timer last ran, and the time before: the start of this turn of the loop and of the one before. */
  private last = performance.now()
  private before = this.last - TICK_MS
  private readonly timer = setInterval(() => {
    this.before = this.last
    this.last = performance.now()
  }, TICK_MS).unref()

  /**
   * How long an event the process handles now may have waited for it. An event is read in the turn after the
   * one during which it came in, at the latest; that turn began no earlier than the timer's run before last.
   * Less two of the timer's periods, the most that is since then on a process that keeps up: nothing on a
   * process whose turns are short, about the length of two turns on one that is held.
   */
  waited(): number {
    return Math.max(0, performance.now() - this.before - 2 * TICK_MS)
  }

  close(): void {
    clearInterval(this.timer)
  }
}

/**
 * A check's time: `timeoutMs` from now, moved by the waits its steps were credited with (at most `timeoutMs`
 * in all, so that a check never lasts more than twice its timeout). `expire` is called once the time is up
 * and the event loop has read what came in (the poll phase runs before setImmediate's), unless a step read
 * then moves the time again.
 */
export class Deadline {
  private readonly started = performance.now()
  private lastStep = this.started
  private credit = 0
  private timer: NodeJS.Timeout | undefined
  private immediate: NodeJS.Immediate | undefined

  constructor(
    private readonly timeoutMs: number,
    private readonly clock: LoopClock,
    private readonly expire: () => void
  ) {
    this.timer = setTimeout(this.check, timeoutMs)
  }

  /**
   * A step of the check happened now (an answer read, a connection made): credits how long it waited, which is
   * never longer than since the step before (the steps of a check come one after another) or since the check
   * began: a check does not gain time the process lost before it started.
   */
  step(): void {
    const now = performance.now()
    const waited = Math.min(this.clock.waited(), now - this.lastStep)
    this.lastStep = now
    this.credit = Math.min(this.credit + waited, this.timeoutMs)
  }

  cancel(): void {
    clearTimeout(this.timer)
    clearImmediate(this.immediate)
  }

  private left(): number {
    return this.started + this.timeoutMs + this.credit - performance.now()
  }

  private readonly check = () => {
    const left = this.left()
    if (left >= 1) this.timer = setTimeout(this.check, left)
    else this.immediate = setImmediate(this.last)
  }

  /** After the poll phase: a step read there may have moved the time. */
  private readonly last = () => {
    const left = this.left()
    if (left >= 1) this.timer = setTimeout(this.check, left)
    else this.expire()
  }
}
