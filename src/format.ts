/**
 * How upwatch writes times and changes for people, the same in the mail, the summary and the reasons. Reading
 * what people wrote (durations in the targets file) is duration.ts's: its notation is not this one.
 */

import { type Kind } from './state/model.js'

/** The words for each kind in the mail's subject and body and in the summary; KINDS puts them worst first. */
export const WORDS: Record<Kind, string> = {
  DOWN: 'DOWN',
  REMINDER: 'STILL DOWN',
  DEGRADED: 'DEGRADED',
  BLOCKED: 'ONLY FROM RUNNER',
  RECOVERED: 'RECOVERED'
}

/** `2026-11-28T20:15:03Z`: ISO, UTC, to the second. */
export function isoTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')
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

/**
 * `100%`, `99.95%`: an uptime, cut (not rounded) to two decimals, so that a period with any downtime never reads
 * as 100%; `no data` when nothing is known.
 */
export function percentText(percent: number | null): string {
  if (percent === null) return 'no data'
  if (percent >= 100) return '100%'
  return `${(Math.floor(percent * 100) / 100).toFixed(2)}%`
}

/** `1 incident`, `2 incidents`. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** `2h 5m`; `0s` for no time at all. */
export function lengthText(seconds: number): string {
  return seconds <= 0 ? '0s' : formatDuration(seconds * 1000)
}

/** `text` at most `most` characters long: cut, with `...` in the last three, when it is longer. */
export function shortened(text: string, most: number): string {
  return text.length > most ? `${text.slice(0, most - 3)}...` : text
}
