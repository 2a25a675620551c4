import { readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { clientConfig, explainAwsError } from '../aws.js'
import { UserError, describeError } from '../errors.js'

/**
 * Where the targets file is: a path on disk, perhaps confined to a workspace, or an S3 object. A file is
 * confined in GitHub Actions: a workflow, or a symbolic link in the repository, could otherwise point upwatch
 * at any file the runner can read, and a refused file is quoted in the error.
 */
export type TargetsLocation =
  | { kind: 'file'; path: string; workspace?: string }
  | { kind: 's3'; bucket: string; key: string; uri: string }

/** Where `targets` (an absolute path or an s3:// URI) is; a path must be inside `workspace`, if one is given. */
export function locate(targets: string, workspace?: string): TargetsLocation {
  if (!targets.startsWith('s3://')) return { kind: 'file', path: targets, workspace }
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
      if (location.workspace !== undefined) await confine(location.path, location.workspace)
      return await readFile(location.path, 'utf8')
    } catch (error) {
      if (error instanceof UserError) throw error
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

/** Refuses a file outside the workspace, both taken through symbolic links: a link may lead anywhere. */
async function confine(file: string, workspace: string): Promise<void> {
  const [root, real] = await Promise.all([realpath(workspace), realPathAsFar(file)])
  const relative = path.relative(root, real)
  if (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)) return
  throw new UserError(
    `The targets file ${file}${real === file ? '' : `, which leads to ${real} through a symbolic link,`} is outside the workspace ${root}. ` +
      'In GitHub Actions upwatch reads only a targets file in the workspace, so that a workflow or a link in the repository ' +
      'cannot make it read (and quote in an error) any file the runner can: put the file in the repository, or give an s3://bucket/key URI.'
  )
}

/** The real path of a file, through symbolic links as far as it exists: a missing file's folder may be a link. */
async function realPathAsFar(file: string): Promise<string> {
  try {
    return await realpath(file)
  } catch (error) {
    const parent = path.dirname(file)
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === file) throw error
    return path.join(await realPathAsFar(parent), path.basename(file))
  }
}
