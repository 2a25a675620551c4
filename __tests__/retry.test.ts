import { describe, expect, it } from '@jest/globals'
import { retry } from '../src/retry.js'

describe('retry', () => {
  it('waits a full-jitter backoff between attempts, doubling up to the maximum, and gives up after the last', async () => {
    const waits: number[] = []
    let attempts = 0
    const failing = retry(() => Promise.reject(new Error(`attempt ${++attempts}`)), {
      attempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 500,
      sleep: ms => {
        waits.push(ms)
        return Promise.resolve()
      },
      random: () => 0.5
    })
    await expect(failing).rejects.toThrow('attempt 5')
    expect(waits).toEqual([50, 100, 200, 250])
  })

  it('stops at the first success, and at once on an error not worth another try', async () => {
    let calls = 0
    const value = await retry(
      async index => (++calls < 3 ? Promise.reject(new Error('busy')) : `ok after ${index}`),
      {
        attempts: 5,
        baseDelayMs: 10,
        maxDelayMs: 10,
        sleep: () => Promise.resolve()
      }
    )
    expect([value, calls]).toEqual(['ok after 2', 3])

    let fatal = 0
    const denied = retry(
      () => {
        fatal++
        return Promise.reject(new Error('denied'))
      },
      {
        attempts: 5,
        baseDelayMs: 10,
        maxDelayMs: 10,
        retryable: error => (error as Error).message !== 'denied',
        sleep: () => Promise.resolve()
      }
    )
    await expect(denied).rejects.toThrow('denied')
    expect(fatal).toBe(1)
  })

  it('tells of each failed attempt that will be tried again, and of the wait, but not of the last', async () => {
    const told: string[] = []
    const failing = retry(index => Promise.reject(new Error(`busy ${index}`)), {
      attempts: 3,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      sleep: () => Promise.resolve(),
      random: () => 0.5,
      onRetry: (error, attempt, delayMs) =>
        told.push(`${(error as Error).message}: #${attempt}, ${delayMs} ms`)
    })
    await expect(failing).rejects.toThrow('busy 2')
    expect(told).toEqual(['busy 0: #1, 50 ms', 'busy 1: #2, 100 ms'])
  })
})
