/**
 * Credentials for the action's own AWS clients: with `role-to-assume`, a GitHub OIDC token exchanged for the
 * role's credentials through STS; without it, the SDK's default chain.
 */

import * as core from '@actions/core'
import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { clientConfig, explainAwsError } from './aws.js'
import { describeError, UserError } from './errors.js'
import * as log from './log.js'
import { logRetries, retry } from './retry.js'
import { requireRegion, type Settings } from './settings.js'

const AUDIENCE = 'sts.amazonaws.com'
const SESSION_SECONDS = 3600
const RETRY = { attempts: 4, baseDelayMs: 500, maxDelayMs: 5000 }

/** STS errors worth another try: the identity provider or STS itself being briefly unavailable. */
const TRANSIENT = new Set([
  'IDPCommunicationErrorException',
  'Throttling',
  'ThrottlingException',
  'ServiceUnavailable'
])

/** The assumed role's credentials, masked in the log; undefined when no role is given. */
export async function assumeRole(settings: Settings): Promise<AwsCredentialIdentity | undefined> {
  const role = settings.roleToAssume
  if (!role) return undefined
  if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL || !process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new UserError(
      `role-to-assume needs an OIDC token from GitHub, and this job may not ask for one. Add to the workflow ` +
        '(or the job):\n  permissions:\n    id-token: write\n    contents: read'
    )
  }
  const token = await retry(() => core.getIDToken(AUDIENCE), {
    ...RETRY,
    onRetry: logRetries('GitHub OIDC token', log.debug)
  }).catch(error => {
    throw new UserError(`Could not get an OIDC token from GitHub for ${role}: ${describeError(error)}`)
  })

  const region = requireRegion(settings, 'role-to-assume')
  const { STSClient, AssumeRoleWithWebIdentityCommand } = await import('@aws-sdk/client-sts')
  const sts = new STSClient(clientConfig(region))
  try {
    const { Credentials: issued } = await retry(
      () =>
        sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: role,
            RoleSessionName: `upwatch-${settings.runId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64),
            WebIdentityToken: token,
            DurationSeconds: SESSION_SECONDS
          })
        ),
      {
        ...RETRY,
        retryable: error => TRANSIENT.has((error as Error).name),
        onRetry: logRetries(`AssumeRoleWithWebIdentity for ${role}`, log.debug)
      }
    )
    if (!issued?.AccessKeyId || !issued.SecretAccessKey || !issued.SessionToken) {
      throw new Error('STS answered without credentials')
    }
    for (const secret of [issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken])
      core.setSecret(secret)
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
      expiration: issued.Expiration
    }
  } catch (error) {
    const name = (error as Error).name
    const hint =
      name === 'AccessDenied' || name === 'InvalidIdentityTokenException' || name === 'AccessDeniedException'
        ? `AWS rejected GitHub's token (${describeError(error)}). The role's trust policy must allow ` +
          `sts:AssumeRoleWithWebIdentity from the provider token.actions.githubusercontent.com, with audience ` +
          `${AUDIENCE} and a subject such as repo:OWNER/REPO:ref:refs/heads/main for this repository and branch`
        : explainAwsError(error)
    throw new UserError(`Could not assume the role ${role}: ${hint}.`)
  } finally {
    sts.destroy()
  }
}
