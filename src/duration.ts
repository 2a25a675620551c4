import { UserError } from './errors.js'

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/

/** True for a duration string with a unit: `500ms`, `10s`, `5m`, `6h`, `14d`. */
export function isDuration(text: string): boolean {
  return DURATION.test(text.trim())
}

/** Milliseconds in a duration string with a unit (`500ms`, `10s`, `5m`, `6h`, `14d`). */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim())
  if (!match)
    throw new UserError(
      `"${text}" is not a duration: write a number and a unit, such as 500ms, 10s, 5m, 6h or 14d`
    )
  return Math.round(Number(match[1]) * UNITS[match[2]])
}

/**
 * A duration for people, in its largest unit and the next one: `500ms`, `1.5s`, `10s`, `1m 30s`, `2h 5m`, `3d 4h`.
 * A zero second part is left out (`1h`, not `1h 0m`).
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`
  // Under ten seconds a tenth counts: 1.5s against a 1s limit must not read as 1s.
  if (ms < 10_000 && ms % 1000 >= 100) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`
  const seconds = Math.floor(ms / 1000)
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor(seconds / 3_600) % 24, 'h'],
    [Math.floor(seconds / 60) % 60, 'm'],
    [seconds % 60, 's']
  ]
  const first = parts.findIndex(([count]) => count > 0)
  return parts
    .slice(first, first + 2)
    .filter(([count], index) => index === 0 || count > 0)
    .map(([count, unit]) => `${count}${unit}`)
    .join(' ')
}
