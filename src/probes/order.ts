import { hash } from '../hash.js'
import { type ProbeResult } from './model.js'
import { keyOf, type Target } from '../targets/model.js'

export const MAX_SLOW = 20_000

export function slowId(target: Target): string {
  return hash(keyOf(target)).toString(36)
}

export function slowOf(results: ProbeResult[]): string[] {
  return results
    .filter(
      ({ target, latencyMs, silent, attempts }) => silent || attempts > 1 || latencyMs * 2 >= target.timeoutMs
    )
    .sort((a, b) => b.attempts - a.attempts || b.latencyMs - a.latencyMs)
    .slice(0, MAX_SLOW)
    .map(result => slowId(result.target))
}

export function slowTargets(targets: Target[], ids: string[]): Target[] {
  const byId = new Map<string, Target[]>()
  for (const target of targets) {
    const id = slowId(target)
    const same = byId.get(id)
    if (same) same.push(target)
    else byId.set(id, [target])
  }
  return ids.flatMap(id => byId.get(id) ?? [])
}

export function sameTargets(a: string[], b: string[]): boolean {
  const set = new Set(a)
  return set.size === new Set(b).size && b.every(id => set.has(id))
}
