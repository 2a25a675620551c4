/**
 * Runs `fn` over `items` with at most `limit` calls in flight; results in the order of `items`. Items that
 * `first` picks start before the others: probes of targets that were down (the slow ones, ending at their
 * timeout) start early instead of holding up the end of the pass.
 */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  first: (item: T) => boolean = () => false
): Promise<R[]> {
  const results = new Array<R>(items.length)
  const order = items.map((_, index) => index)
  const queue = [
    ...order.filter(index => first(items[index])),
    ...order.filter(index => !first(items[index]))
  ]
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      results[index] = await fn(items[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
