/**
 * Which items go first: known at once, once something (the state read) has come in, or told part by part as
 * it comes (Front).
 */
export type Priority<T> = ((item: T) => boolean) | Promise<(item: T) => boolean> | Front<T>

/**
 * Items to move to the front of a mapLimit, told whenever they are known: each `promote` moves the items it
 * picks that have not started yet before the others. Told before the mapLimit starts, it waits for it.
 */
export class Front<T> {
  private move?: (pick: (item: T) => boolean) => void
  private readonly early: ((item: T) => boolean)[] = []

  promote(pick: (item: T) => boolean): void {
    if (this.move) this.move(pick)
    else this.early.push(pick)
  }

  /** For mapLimit: how to move items. */
  bind(move: (pick: (item: T) => boolean) => void): void {
    this.move = move
    for (const pick of this.early.splice(0)) move(pick)
  }
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. Items that
 * `first` picks start before the others: probes of targets that were down (the slow ones, ending at their
 * timeout) start early instead of holding up the end of the pass. `first` may come later, as a promise: the
 * calls start at once in the order of `items`, and what has not started yet is reordered when it comes.
 */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  first: Priority<T> = () => false
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let queue = items.map((_, index) => index)
  let next = 0
  const prioritize = (pick: (item: T) => boolean) => {
    const rest = queue.slice(next)
    queue = [...rest.filter(index => pick(items[index])), ...rest.filter(index => !pick(items[index]))]
    next = 0
  }
  if (typeof first === 'function') prioritize(first)
  else if (first instanceof Front) first.bind(prioritize)
  // A priority that never comes leaves the order as it is: it is an optimisation, not a condition.
  else void first.then(prioritize, () => undefined)
  const worker = async () => {
    while (next < queue.length) {
      const index = queue[next++]
      results[index] = await fn(items[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
