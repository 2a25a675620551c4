import { describe, expect, it } from '@jest/globals'
import { parseShard, shardOf } from '../src/targets/shard.js'

const names = Array.from({ length: 2000 }, (_, i) => `service-${i}.example.com`)

describe('shards', () => {
  it.each([1, 2, 3, 4, 7, 16])('gives each target exactly one of %d shards, evenly', count => {
    const owners = names.map(name => shardOf(name, count))
    for (const owner of owners) expect(owner >= 1 && owner <= count).toBe(true)
    const sizes = Array.from({ length: count }, (_, i) => owners.filter(owner => owner === i + 1).length)
    // Disjoint and covering: the slices add up to the whole.
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(names.length)
    for (const size of sizes)
      expect(Math.abs(size - names.length / count)).toBeLessThan((names.length / count) * 0.2)
  })

  it('moves no other target when one is added or removed', () => {
    const before = new Map(names.map(name => [name, shardOf(name, 5)]))
    const after = [...names.slice(1), 'a-new-service'].map(name => [name, shardOf(name, 5)] as const)
    for (const [name, shard] of after) if (before.has(name)) expect(shard).toBe(before.get(name))
  })

  it('moves only the targets the new shard wins when one is added', () => {
    const moved = names.filter(name => shardOf(name, 4) !== shardOf(name, 5))
    for (const name of moved) expect(shardOf(name, 5)).toBe(5)
    expect(moved.length / names.length).toBeGreaterThan(0.1)
    expect(moved.length / names.length).toBeLessThan(0.3)
  })

  it.each(['0/3', '4/3', '1/0', 'one of three', '2'])('rejects shard %j with how to write it', text => {
    expect(() => parseShard(text)).toThrow('The input shard must be K/N with 1 <= K <= N <= 1000')
  })

  it('reads K/N', () => {
    expect(parseShard(' 2 / 5 ')).toEqual({ index: 2, count: 5 })
  })
})
