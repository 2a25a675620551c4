import { readFile } from 'node:fs/promises'
import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { clientConfig, explainAwsError } from '../aws.js'
import { UserError, describeError } from '../errors.js'

/** Where the targets file is: a path on disk, or an S3 object. */
export type TargetsLocation =
  { kind: 'file'; path: string } | { kind: 's3'; bucket: string; key: string; uri: string }

export function locate(targets: string): TargetsLocation {
  if (!targets.startsWith('s3://')) return { kind: 'file', path: targets }
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(targets)
  if (!match)
    throw new UserError(`The input targets "${targets}" is not an S3 URI: write it as s3://bucket/key.`)
  return { kind: 's3', bucket: match[1], key: match[2], uri: targets }
}

/** The text of the targets file, or an error that says where it was looked for and what to do. */
export async function readTargetsText(
  location: TargetsLocation,
  region: () => string,
  credentials: () => Promise<AwsCredentialIdentity | undefined>
): Promise<string> {
  if (location.kind === 'file') {
    try {
      return await readFile(location.path, 'utf8')
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
      throw new UserError(
        missing
          ? `The targets file ${location.path} does not exist. Create it (see examples/upwatch.yml), or point the input targets at your file; ` +
              'in a workflow, run actions/checkout before upwatch so that the repository is there.'
          : `The targets file ${location.path} cannot be read: ${describeError(error)}`
      )
    }
  }
  try {
    // Loaded only when used: every AWS client adds to the start-up of each run.
    const { GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3')
    const s3 = new S3Client(clientConfig(region(), await credentials()))
    const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }))
    return (await object.Body?.transformToString('utf8')) ?? ''
  } catch (error) {
    if (error instanceof UserError) throw error
    throw new UserError(
      `The targets file ${location.uri} cannot be read from S3: ${explainAwsError(error)}. ` +
        'Check that the object exists and that the credentials allow s3:GetObject on it.'
    )
  }
}
