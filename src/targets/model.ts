/** A range of acceptable HTTP status codes, both ends included. */
export interface StatusRange {
  min: number
  max: number
}

/** One thing to watch, as the probes and the rest of the pass see it, defaults applied. */
export interface Target {
  /** Unique in the file; with `url`, the key of the target's state. */
  name: string
  /** The URL as written in the file (`${VAR}` unexpanded, passwords masked): the state key, and what people see. */
  url: string
  /** The URL with `${VAR}` substituted: what is probed. Holds secrets; never shown. */
  address: string
  /** Which probe runs, from the URL's scheme. */
  protocol: 'http' | 'tcp'
  method: string
  headers: Record<string, string>
  body?: string
  /** Status codes that count as up. */
  expectStatus: StatusRange[]
  timeoutMs: number
  /** Extra attempts inside one pass before the check counts as failed. */
  retries: number
}

/** The state key of a target in the store: partition key `url`, sort key `name`, as the legacy table has it. */
export interface TargetKey {
  url: string
  name: string
}

export function keyOf(target: TargetKey): string {
  return `${target.url}\n${target.name}`
}

/** `200-299`, `200-299, 304`: how the expected codes read in a reason. */
export function describeStatus(ranges: StatusRange[]): string {
  return ranges.map(({ min, max }) => (min === max ? `${min}` : `${min}-${max}`)).join(', ')
}
