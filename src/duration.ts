import { UserError } from './errors.js'

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000
}

/**
 * A duration as the targets file writes it, a number and a unit (`500ms`, `1.5s`, `14d`): the number is the
 * first group, the unit the second. The file's declaration gives it to the validator and to editors.
 */
export const DURATION_PATTERN = String.raw`^\s*(\d+(?:\.\d+)?)(${Object.keys(UNITS).join('|')})\s*$`
const DURATION = new RegExp(DURATION_PATTERN)

/** Milliseconds in a duration string with a unit (`500ms`, `10s`, `5m`, `6h`, `14d`). */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text)
  if (!match)
    throw new UserError(
      `"${text}" is not a duration: write a number and a unit, such as 500ms, 10s, 5m, 6h or 14d`
    )
  return Math.round(Number(match[1]) * UNITS[match[2]])
}
