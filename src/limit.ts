/**
 * Items to move to the front of a mapLimit, told whenever they are known: each `promote` moves those of its
 * items that have not started yet before the others, at a cost of the items told, not of the queue. Told
 * before the mapLimit starts, it waits for it.
 */
export class Front<T> {
  private move?: (items: T[]) => void
  private readonly early: T[][] = []

  promote(items: T[]): void {
    if (this.move) this.move(items)
    else this.early.push(items)
  }

  /** For mapLimit: how to move items. */
  bind(move: (items: T[]) => void): void {
    this.move = move
    for (const items of this.early.splice(0)) move(items)
  }
}

/** How a mapLimit orders and starts its calls. */
export interface MapOptions<T> {
  /** Items to start before the others as they are told (see Front). */
  front?: Front<T>
  /**
   * Calls started at most per turn of the event loop at the start, letting the loop read what has come in
   * between: a thousand probes started in one turn hold the loop for hundreds of ms, during which the first
   * answers wait unread. Afterwards a call starts as another ends. Default: all at once.
   */
  rampPerTurn?: number
  /** Told once the first `limit` calls (or all, when fewer) have started. */
  onRamped?: () => void
  /** Told once `underWayAt` calls have started (or the first `limit`, or all, when fewer): before onRamped. */
  onUnderWay?: () => void
  /** How many started calls onUnderWay waits for. */
  underWayAt?: number
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. The calls
 * start in the order of `items`; the items `front` promotes (probes of targets that were down, the slow ones
 * ending at their timeout, as the state read comes) start before what has not started yet, instead of holding
 * up the end of the pass. A promotion that never comes leaves the order as it is: it is an optimisation, not
 * a condition.
 */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  { front, rampPerTurn = Infinity, onRamped, onUnderWay, underWayAt = Infinity }: MapOptions<T> = {}
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`mapLimit takes a whole limit of 1 or more, not ${limit}`)
  const results = new Array<R>(items.length)
  const started = new Uint8Array(items.length)
  // The items promoted, in the order they were told; an item started meanwhile is skipped.
  const promoted: number[] = []
  let taken = 0
  let next = 0
  const take = (): number | undefined => {
    while (taken < promoted.length) {
      const index = promoted[taken++]
      if (!started[index]) return index
    }
    while (next < items.length) {
      const index = next++
      if (!started[index]) return index
    }
    return undefined
  }
  if (front) {
    const indexOf = new Map(items.map((item, index) => [item, index]))
    front.bind(picked => {
      for (const item of picked) {
        const index = indexOf.get(item)
        if (index !== undefined && !started[index]) promoted.push(index)
      }
    })
  }
  const worker = async () => {
    for (let index = take(); index !== undefined; index = take()) {
      started[index] = 1
      results[index] = await fn(items[index])
    }
  }
  // Each call's end is handled as it starts: one that fails while the ramp still waits for a turn fails the
  // whole at once (and never counts as an unhandled rejection meanwhile), and the ramp starts no more.
  const count = Math.min(limit, items.length)
  const underWay = Math.min(count, underWayAt)
  await new Promise<void>((resolve, reject) => {
    let running = count
    let failed = false
    if (running === 0) resolve()
    void (async () => {
      for (let n = 0; n < count && !failed; n++) {
        if (n > 0 && n % rampPerTurn === 0) await nextTurn()
        if (failed) return
        if (n === underWay) onUnderWay?.()
        worker().then(
          () => {
            if (--running === 0) resolve()
          },
          (error: Error) => {
            failed = true
            reject(error)
          }
        )
      }
      if (!failed && underWay === count) onUnderWay?.()
      if (!failed) onRamped?.()
    })()
  })
  return results
}

/** Resolves after the event loop's next poll phase: what came in meanwhile has been read. */
function nextTurn(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve))
}
