export type Sleep = (ms: number) => Promise<void>

const sleep: Sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number
  /** Ceiling of the first backoff; each later one doubles, up to maxDelayMs. */
  baseDelayMs: number
  maxDelayMs: number
  /** Whether a failed attempt is worth another; by default every one is. */
  retryable?: (error: unknown) => boolean
  sleep?: Sleep
  random?: () => number
}

/** The one retry helper: full-jitter exponential backoff, with sleep and randomness injectable for tests. */
export async function retry<T>(attempt: (index: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep
  const random = options.random ?? Math.random
  for (let index = 0; ; index++) {
    try {
      return await attempt(index)
    } catch (error) {
      const last = index + 1 >= options.attempts
      if (last || (options.retryable && !options.retryable(error))) throw error
      await wait(backoff(index, options, random))
    }
  }
}

/** Full jitter: a random delay between 0 and min(max, base * 2^index). */
function backoff(
  index: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random
): number {
  return Math.floor(random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** index))
}
