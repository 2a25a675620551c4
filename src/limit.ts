/**
 * Which items go first: known at once, once something (the state read) has come in, or told part by part as
 * it comes (Front).
 */
export type Priority<T> = ((item: T) => boolean) | Promise<(item: T) => boolean> | Front<T>

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

/**
 * Runs `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. Items that
 * `first` picks start before the others: probes of targets that were down (the slow ones, ending at their
 * timeout) start early instead of holding up the end of the pass. `first` may come later, as a promise, or
 * part by part (Front): the calls start at once in the order of `items`, and what has not started yet of the
 * items picked goes before the others when they come.
 */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  first: Priority<T> = () => false
): Promise<R[]> {
  const results = new Array<R>(items.length)
  const started = new Uint8Array(items.length)
  // The items moved to the front, in the order they were told; an item started meanwhile is skipped.
  const front: number[] = []
  let fronted = 0
  let next = 0
  const take = (): number | undefined => {
    while (fronted < front.length) {
      const index = front[fronted++]
      if (!started[index]) return index
    }
    while (next < items.length) {
      const index = next++
      if (!started[index]) return index
    }
    return undefined
  }
  const prioritize = (pick: (item: T) => boolean) => {
    for (let index = next; index < items.length; index++)
      if (!started[index] && pick(items[index])) front.push(index)
  }
  if (typeof first === 'function') prioritize(first)
  else if (first instanceof Front) {
    const indexOf = new Map(items.map((item, index) => [item, index]))
    first.bind(picked => {
      for (const item of picked) {
        const index = indexOf.get(item)
        if (index !== undefined && !started[index]) front.push(index)
      }
    })
  }
  // A priority that never comes leaves the order as it is: it is an optimisation, not a condition.
  else void first.then(prioritize, () => undefined)
  const worker = async () => {
    for (let index = take(); index !== undefined; index = take()) {
      started[index] = 1
      results[index] = await fn(items[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
