import { type ProbeResult } from '../../src/probes/model.js'
import { probeAll } from '../../src/probes/probe.js'
import { Redactor } from '../../src/redact.js'
import { type Target } from '../../src/targets/model.js'
import { readTargets } from '../../src/targets/parse.js'

/** Targets from a targets file's text, as a user would write it; the file must be valid. */
export function targetsOf(yaml: string, env: NodeJS.ProcessEnv = {}): Target[] {
  const reading = readTargets(yaml, env, new Redactor())
  if ('file' in reading) return reading.file.targets
  throw new Error(`test.yml is refused: ${JSON.stringify(reading)}`)
}

/** One target from the YAML of its entry (indented by two). */
export function targetOf(entry: string): Target {
  return targetsOf(`targets:\n${entry}`)[0]
}

/**
 * One check of `url`, as a pass makes it, tried once: `fields` are added to its entry (`, expect: { ... }`), and
 * `ca` is what it trusts for https.
 */
export async function checkOnce(
  url: string,
  ca?: string[],
  fields = '',
  timeout = '2s'
): Promise<ProbeResult> {
  const [result] = await probeAll(
    [targetOf(`  - { name: check, url: "${url}", retries: 0, timeout: ${timeout}${fields} }`)],
    1,
    { ca }
  )
  return result
}
