/**
 * Anchors and aliases (`&shared`, `*shared`) let a short YAML file stand for a huge one: a list of a thousand
 * aliases to a target with a thousand headers is a million headers to check and build from 40 KB. A file that
 * writes everything out holds at most about twice its length in values and characters of text; sharing
 * through aliases may take up to EXPANSION times that, and a file that stands for more is refused.
 */
export const EXPANSION = 16
/** What a small file may stand for whatever its length: checked in well under a second. */
const FLOOR = 1 << 20

/**
 * Whether `data`, read from a text of `length` characters, stands for more than it may: each value counts one,
 * and each key and string its length. Stops as soon as it is over, so that its own time is bounded too.
 */
export function overExpanded(data: unknown, length: number): boolean {
  let left = Math.max(FLOOR, EXPANSION * length)
  const pending: unknown[] = [data]
  while (pending.length > 0) {
    const value = pending.pop()
    left -= 1
    if (typeof value === 'string') left -= value.length
    else if (Array.isArray(value)) {
      left -= value.length
      if (left >= 0) for (const item of value as unknown[]) pending.push(item)
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value)
      left -= keys.length
      for (const key of left >= 0 ? keys : []) {
        left -= key.length
        pending.push((value as Record<string, unknown>)[key])
      }
    }
    if (left < 0) return true
  }
  return false
}
