import { type Redactor } from '../redact.js'
import { requireRegion, type Settings } from '../settings.js'
import { parseTargets, type TargetsFile } from './parse.js'
import { locate, readTargetsText } from './source.js'

/** The targets (and canary) of this pass: read from the repository or S3, validated, `${VAR}` substituted. */
export async function loadTargets(settings: Settings, redactor: Redactor): Promise<TargetsFile> {
  const location = locate(settings.targets)
  const text = await readTargetsText(location, () => requireRegion(settings, 'Reading targets from S3'))
  return parseTargets(text, location.kind === 'file' ? location.path : location.uri, process.env, redactor)
}
