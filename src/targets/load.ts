import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { type Redactor } from '../redact.js'
import { requireRegion, type Settings } from '../settings.js'
import { parseTargets, type TargetsFile } from './parse.js'
import { inShard } from './shard.js'
import { locate, readTargetsText } from './source.js'

/**
 * The targets (and canary) of this pass: read from the repository (in GitHub Actions, only from inside the
 * workspace) or S3, validated, `${VAR}` substituted, and only this step's shard of them.
 */
export async function loadTargets(
  settings: Settings,
  redactor: Redactor,
  credentials: () => Promise<AwsCredentialIdentity | undefined>
): Promise<TargetsFile> {
  const location = locate(settings.targets, settings.inActions ? settings.workspace : undefined)
  const region = () => requireRegion(settings, 'Reading targets from S3')
  const text = await readTargetsText(location, region, credentials)
  const file = await parseTargets(
    text,
    location.kind === 'file' ? location.path : location.uri,
    process.env,
    redactor
  )
  // The whole file is validated in every shard, so that each step reports every problem.
  return { ...file, targets: file.targets.filter(target => inShard(target.name, settings.shard)) }
}
