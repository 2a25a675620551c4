// Seeded randomness for the fuzz tests: the same seed gives the same cases, so a failure is replayed by running
// again with the seed and case it reports (UPWATCH_FUZZ_SEED=<seed>).

/** The seed of this run: UPWATCH_FUZZ_SEED when set (to replay or to explore), else a fixed one. */
export const SEED = Number(process.env.UPWATCH_FUZZ_SEED ?? 20261128)

/** A small, fast generator (mulberry32): plenty for test inputs, and the same sequence on every platform. */
export class Random {
  private state: number

  /** The generator of one case: `seed` and `index` together pick it. */
  constructor(seed: number, index = 0) {
    this.state = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** From min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]
  }

  /** Up to `max` characters from `alphabet` (by default any code point, surrogates and controls too). */
  string(max: number, alphabet?: string): string {
    const length = this.int(0, max)
    if (alphabet) return Array.from({ length }, () => alphabet[this.int(0, alphabet.length - 1)]).join('')
    return String.fromCodePoint(
      ...Array.from({ length }, () =>
        this.pick([
          () => this.int(0x20, 0x7e),
          () => this.int(0, 0x1f),
          () => this.int(0x80, 0x2fff),
          () => this.int(0xd800, 0xdfff),
          () => this.int(0x10000, 0x10ffff)
        ])()
      )
    )
  }

  bytes(max: number): Uint8Array {
    return Uint8Array.from({ length: this.int(0, max) }, () => this.int(0, 255))
  }
}
