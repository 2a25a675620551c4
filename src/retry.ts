import { describeError } from './errors.js'

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
  /** Told of each failed attempt that will be tried again (1-based), and how long until then: for the log. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void
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
      const delayMs = backoff(index, options, random)
      options.onRetry?.(error, index + 1, delayMs)
      await wait(delayMs)
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

/** An onRetry that writes one line per retry to `log` (log.debug): what failed, why, and the wait. */
export function logRetries(
  what: string,
  log: (message: string) => void
): NonNullable<RetryOptions['onRetry']> {
  return (error, attempt, delayMs) =>
    log(`${what}: attempt ${attempt} failed (${describeError(error)}); trying again in ${delayMs} ms`)
}
