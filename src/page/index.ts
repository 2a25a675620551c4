/**
 * The status page as a step of the pass: its model from the targets and their stored states, its files, and
 * where they go. A page that cannot be written is a warning: the mail and the state are what matter.
 */

import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { describeError } from '../errors.js'
import * as log from '../log.js'
import { requireRegion, type Settings } from '../settings.js'
import { type StoredState } from '../state/model.js'
import { keyOf, type Target } from '../targets/model.js'
import { pageFiles } from './files.js'
import { pageModel } from './model.js'
import { publishPage } from './publish.js'

/**
 * Writes the page of `targets` as `states` (by keyOf) has them at `now`, where settings.statusPage says; says
 * in the log what it wrote. Returns a line for the job summary, or undefined when it could not be written.
 */
export async function writeStatusPage(
  settings: Settings,
  credentials: AwsCredentialIdentity | undefined,
  targets: Target[],
  states: Map<string, StoredState>,
  now: number
): Promise<string | undefined> {
  const destination = settings.statusPage
  if (!destination) return undefined
  const where =
    destination.kind === 'directory' ? destination.path : `s3://${destination.bucket}/${destination.prefix}`
  try {
    const sources = targets.map(target => {
      const state = states.get(keyOf(target))
      return { target, state, history: state?.history }
    })
    const model = pageModel(sources, now, {
      details: settings.statusPageDetails,
      title: settings.statusPageTitle
    })
    const published = await publishPage(pageFiles(model), destination, {
      region: () => requireRegion(settings, 'A status page on S3'),
      credentials
    })
    const line =
      `Status page of ${model.targets.length} target${model.targets.length === 1 ? '' : 's'} written to ` +
      `${where}: ${published.written.length} file${published.written.length === 1 ? '' : 's'} new or changed, ` +
      `${published.removed.length} removed, ${published.unchanged} unchanged.`
    log.info(line)
    return line
  } catch (error) {
    log.warning(`The status page could not be written to ${where}: ${describeError(error)}`)
    return undefined
  }
}
