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
