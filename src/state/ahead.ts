import { reconcileResult } from '../reconcile.js'
import { type ProbeResult } from '../probes/model.js'
import { keyOf, type Target } from '../targets/model.js'
import { type StoredState } from './model.js'
import { quietFirstSight, type StateStore, type Write } from './store.js'

/** A write decided ahead, and whether it went to the store (or still waits for a full batch). */
type Ahead = Write & { sent: boolean }

/** Items of one call: BatchExecuteStatement takes at most 25 statements. */
const BATCH = 25
/** Calls in flight at once while the pass still probes: the writes must not crowd out the checks. */
const IN_FLIGHT = 4

/**
 * Writes the state of targets seen for the first time and mailing nothing (quiet first sights) while the pass
 * still probes the others, so that a first sight of 10,000 targets does not wait for 400 calls after the pass.
 *
 * Such a state depends on the target's own result alone (reconcile with nothing before it: no pending change,
 * no clock but the check's own time), so it is decided as the result comes. It is written only once the pass
 * cannot turn out inconclusive: once some target answered (a pass is in doubt only when all are silent), or,
 * with a canary, once the canary answered (only its silence puts a pass in doubt). Before that, results wait.
 * A write ahead is the same INSERT the store makes at the end, so overlapping runs are kept apart as there.
 */
export class WriteAhead {
  private readonly decided = new Map<string, Ahead>()
  private readonly lost = new Set<string>()
  private waiting: ProbeResult[] = []
  private queue: Ahead[] = []
  private readonly calls = new Set<Promise<void>>()
  private store?: StateStore
  private states?: Map<string, StoredState>
  /** Whether results may be written: the pass cannot be in doubt any more. */
  private open = false
  /** With a canary: set once its result came; a silent canary closes the way for good. */
  private closed = false
  private failure?: { error: unknown }

  /**
   * @param history whether targets keep a history, which a first sight's item starts with
   * @param canary the pass's canary, if it has one: then only its answer opens the way
   */
  constructor(
    private readonly runId: string,
    private readonly history: boolean,
    private readonly canary?: Target
  ) {}

  /**
   * The state read has come: results from now on, and those that waited, may be decided. A store that takes
   * `commit` only once a pass (the state file) is written at the end only.
   */
  read(store: StateStore, states: Map<string, StoredState>): void {
    if (!store.writesAhead) {
      this.closed = true
      this.waiting = []
      return
    }
    this.store = store
    this.states = states
    this.drain()
  }

  /** A target's final result (the canary's too, which is never written). */
  result(result: ProbeResult): void {
    if (this.closed || this.failure) return
    if (this.canary !== undefined && result.target === this.canary) {
      if (result.silent) {
        this.closed = true
        this.waiting = []
        this.queue = []
        return
      }
      this.open = true
    } else {
      if (this.canary === undefined && !result.silent) this.open = true
      this.waiting.push(result)
    }
    this.drain()
  }

  /**
   * The writes of the pass that were not made ahead; the keys whose write ahead lost to another run go into
   * `lost`. A write ahead that failed fails here, as the commit would have. A decision that differs from the
   * state written ahead (it cannot, but if it did) is written over it, conditional on it.
   */
  async finish<W extends Write>(writes: W[], lost: Set<string>): Promise<W[]> {
    this.closed = true
    this.queue = []
    this.waiting = []
    while (this.calls.size > 0) await Promise.all([...this.calls])
    if (this.failure) throw this.failure.error
    for (const key of this.lost) lost.add(key)
    return writes.flatMap(write => {
      const ahead = this.decided.get(keyOf(write.key))
      if (!ahead?.sent) return [write]
      if (JSON.stringify(ahead.next) === JSON.stringify(write.next)) return []
      return [{ ...write, previous: { ...ahead.next, version: 1 } }]
    })
  }

  private drain(): void {
    if (!this.open || this.closed || this.states === undefined) return
    for (const result of this.waiting) this.decide(result, this.states)
    this.waiting = []
    this.send()
  }

  private decide(result: ProbeResult, states: Map<string, StoredState>): void {
    if (states.has(keyOf(result.target))) return
    // No pending change before, so the clock is read only for maintenance windows, which a first sight
    // without a mail does not reach: the check's own time stands in for the pass's (the history's is it anyway).
    const { key, next } = reconcileResult(result, undefined, {
      now: result.checkedAt,
      runId: this.runId,
      leaseMs: 0,
      history: this.history
    })
    const write: Ahead = { key, next, sent: false }
    if (!quietFirstSight(write)) return
    this.decided.set(keyOf(key), write)
    this.queue.push(write)
  }

  /** Full batches, while fewer than IN_FLIGHT calls are under way. */
  private send(): void {
    const store = this.store
    if (store === undefined) return
    while (!this.closed && !this.failure && this.queue.length >= BATCH && this.calls.size < IN_FLIGHT) {
      const batch = this.queue.splice(0, BATCH)
      for (const write of batch) write.sent = true
      const call = store
        .commit(batch.map(({ key, next }) => ({ key, next })))
        .then(
          lost => {
            for (const key of lost) this.lost.add(key)
          },
          (error: unknown) => {
            this.failure ??= { error }
          }
        )
        .finally(() => {
          this.calls.delete(call)
          this.send()
        })
      this.calls.add(call)
    }
  }
}
