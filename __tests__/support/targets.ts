import { Redactor } from '../../src/redact.js'
import { type Target } from '../../src/targets/model.js'
import { parseTargets } from '../../src/targets/parse.js'

/** Targets from a targets file's text, as a user would write it. */
export function targetsOf(yaml: string, env: NodeJS.ProcessEnv = {}): Target[] {
  return parseTargets(yaml, 'test.yml', env, new Redactor()).targets
}

/** One target from the YAML of its entry (indented by two). */
export function targetOf(entry: string): Target {
  return targetsOf(`targets:\n${entry}`)[0]
}
