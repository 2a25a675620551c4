/**
 * A stable 32-bit hash of text: the same on every run and machine, so that what it decides for a target (its
 * shard, its history's hourly phase) stays put from one run to the next.
 */

/** FNV-1a over UTF-16 code units, then a murmur3 finalizer so that similar texts spread well. */
export function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
