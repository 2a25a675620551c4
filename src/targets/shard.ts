/**
 * Sharding for a job matrix: each target belongs to exactly one of N shards, chosen by rendezvous hashing of
 * its name. A target's shard depends on its own name and N alone, so adding or removing a target moves no
 * other, and going from N to N+1 shards moves only the targets the new shard wins.
 */

import { UserError } from '../errors.js'
import { hash } from '../hash.js'

export interface Shard {
  /** 1-based, as written: `2/5` is index 2 of count 5. */
  index: number
  count: number
}

/** `K/N` from the `shard` input. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN]
  if (!match || count < 1 || count > 1000 || index < 1 || index > count) {
    throw new UserError(
      `The input shard must be K/N with 1 <= K <= N <= 1000, such as 2/4 for the second of four shards, not "${text}". ` +
        'In a matrix: shard: ${{ matrix.shard }}/4 with matrix.shard [1, 2, 3, 4].'
    )
  }
  return { index, count }
}

/** The shard (1-based) that owns a target: the one whose hash with the name is highest. */
export function shardOf(name: string, count: number): number {
  let best = 1
  let bestScore = -1
  for (let shard = 1; shard <= count; shard++) {
    const score = hash(`${shard}\u0000${name}`)
    if (score > bestScore) [best, bestScore] = [shard, score]
  }
  return best
}

export function inShard(name: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(name, shard.count) === shard.index
}
