import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { describeError } from './errors.js'

const ATTEMPTS = 3
const TIMEOUT_MS = 5_000

/**
 * Settings every AWS client of the action shares: the region, retries with the SDK's backoff, and timeouts,
 * so that an endpoint that stops answering fails the run in bounded time instead of hanging it.
 */
export function clientConfig(region: string, credentials?: AwsCredentialIdentity) {
  return {
    region,
    ...(credentials && { credentials }),
    maxAttempts: ATTEMPTS,
    requestHandler: { connectionTimeout: TIMEOUT_MS, requestTimeout: TIMEOUT_MS, throwOnRequestTimeout: true }
  }
}

/** The cause of an AWS failure, with what to do about the common ones. */
export function explainAwsError(error: unknown): string {
  const name = error instanceof Error ? error.name : ''
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(describeError(error))) {
    return (
      'no AWS credentials were found. Run aws-actions/configure-aws-credentials before upwatch, ' +
      'or give the workflow credentials through its environment'
    )
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'AuthorizationError') {
    return `access denied (${describeError(error)}). Grant the role the permission named there; the README lists what upwatch needs`
  }
  if (
    name === 'UnrecognizedClientException' ||
    name === 'InvalidClientTokenId' ||
    name === 'ExpiredTokenException'
  ) {
    return `the AWS credentials were rejected (${describeError(error)}). Check that they are current and for the right account`
  }
  if (name === 'TimeoutError') {
    return `no answer from AWS within ${TIMEOUT_MS / 1000}s, ${ATTEMPTS} times. Check the endpoint and the runner's network`
  }
  return describeError(error).replace(/\.+$/, '')
}
