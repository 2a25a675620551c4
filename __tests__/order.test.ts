// Which targets a pass starts first (probes/order.ts): the list the last pass left, and how it is read back.
import { describe, expect, it } from '@jest/globals'
import { MAX_SLOW, sameTargets, slowId, slowOf, slowTargets } from '../src/probes/order.js'
import { decodeSlow } from '../src/state/decode.js'
import { slowKey } from '../src/state/store.js'
import { resultOf } from './support/results.js'
import { targetsOf } from './support/targets.js'

const targets = targetsOf(
  'defaults: { timeout: 2s }\ntargets:\n' +
    Array.from(
      { length: 6 },
      (_, index) => `  - { name: t${index}, url: "http://127.0.0.1:9/t${index}" }\n`
    ).join('')
)
const at = Date.UTC(2026, 10, 29)

describe('the slow targets of a pass', () => {
  it('are those that took half their timeout or more, ran into it, or were tried again: the slowest first', () => {
    const [quick, half, timedOut, retried, almost, silent] = targets
    const results = [
      { ...resultOf(quick, at), latencyMs: 80 },
      { ...resultOf(half, at), latencyMs: 1000 },
      { ...resultOf(timedOut, at, 'down'), latencyMs: 2003, reason: 'timeout after 2s' },
      { ...resultOf(retried, at), latencyMs: 90, attempts: 2 },
      { ...resultOf(almost, at), latencyMs: 999 },
      { ...resultOf(silent, at, 'down'), latencyMs: 5, silent: true, reason: 'DNS lookup failed' }
    ]
    expect(slowOf(results)).toEqual([retried, timedOut, half, silent].map(slowId))
  })

  it('name at most MAX_SLOW targets, and their ids are short and the same on every run', () => {
    const many = Array.from({ length: MAX_SLOW + 5 }, (_, index) => ({
      ...resultOf({ ...targets[0], name: `n${index}` }, at),
      latencyMs: 1500
    }))
    const ids = slowOf(many)
    expect(ids).toHaveLength(MAX_SLOW)
    expect(ids.every(id => /^[0-9a-z]{1,7}$/.test(id))).toBe(true)
    // Under 4 KB however long the ids: half a read unit to read, 4 write units to write.
    expect(MAX_SLOW * '1z141z3 '.length).toBeLessThanOrEqual(4096)
    expect(Buffer.byteLength(ids.join(' '))).toBeLessThanOrEqual(4096)
    expect(slowId(targets[3])).toBe(
      slowId(targetsOf(`targets:\n  - { name: t3, url: "http://127.0.0.1:9/t3" }\n`)[0])
    )
    expect(slowId(targets[3])).not.toBe(slowId(targets[4]))
  })

  it('are found again among the targets in the order the list gives, each target sharing an id with it', () => {
    const [a, b, c] = targets
    expect(slowTargets(targets, [slowId(c), 'nosuch', slowId(a)])).toEqual([c, a])
    // A target with the same name and URL twice (in two groups) shares the id: both go first.
    expect(slowTargets([a, b, { ...a, group: 'other' }], [slowId(a)])).toEqual([a, { ...a, group: 'other' }])
  })

  it('are written again only when other targets are slow, not when the same ones come in another order', () => {
    expect(sameTargets(['a', 'b'], ['b', 'a'])).toBe(true)
    expect(sameTargets([], [])).toBe(true)
    expect(sameTargets(['a', 'b'], ['a'])).toBe(false)
    expect(sameTargets(['a'], ['b'])).toBe(false)
    expect(sameTargets(['a', 'a'], ['a'])).toBe(true)
  })
})

describe('the stored list', () => {
  it('is read as ids only: anything else in the item is left out, and the list is cut at MAX_SLOW', () => {
    expect(decodeSlow('abc 12 zz9')).toEqual(['abc', '12', 'zz9'])
    expect(decodeSlow('abc  ABC __proto__ toolongid <script> 0')).toEqual(['abc', '0'])
    for (const value of [undefined, null, 42, ['abc'], { abc: 1 }, true])
      expect(decodeSlow(value)).toEqual([])
    expect(
      decodeSlow(Array.from({ length: MAX_SLOW + 10 }, (_, index) => index.toString(36)).join(' '))
    ).toHaveLength(MAX_SLOW)
  })
})

describe("the list's item", () => {
  it("is named by its owner as it reads, and within a sort key's bytes however long or wide the names", () => {
    expect(
      slowKey({
        repository: 'acme/web',
        workflow: 'upwatch.yml',
        job: 'watch',
        targets: 'upwatch.yml',
        shard: { index: 2, count: 4 }
      })
    ).toEqual({ url: 'upwatch:slow', name: 'acme/web upwatch.yml watch upwatch.yml 2/4' })
    expect(slowKey({ targets: 's3://bucket/targets.yml' }).name).toBe('- - - s3://bucket/targets.yml')
    // A path of 400 characters of three bytes each, and of emoji (two code units, four bytes), differing at the end.
    for (const wide of ['€', '😀']) {
      const names = ['a', 'b'].map(
        last => slowKey({ repository: 'acme/web', targets: `${wide.repeat(400)}${last}` }).name
      )
      for (const name of names) {
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(512)
        expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
      }
      expect(names[0]).not.toBe(names[1])
    }
  })
})
