/**
 * The status page's edge: writes its files to a directory, or to `s3://bucket/prefix`, and only those whose
 * content changed.
 *
 * What was published is recorded beside the files in a manifest (MANIFEST: each path and the MD5 of its body).
 * On S3 the manifest is what the files are compared with: one GetObject a run, rather than a HeadObject per
 * file (2,000 badges for 1,000 targets), and it works whatever the bucket's encryption, where an ETag is the
 * body's MD5 only for single-part PUTs without SSE-KMS. It also says which files an earlier page had that
 * this one has not (a target removed, renamed, or made private), so that those are deleted without listing
 * the bucket. It is written last, once everything else succeeded: a run that fails midway leaves the old
 * one, and the next run writes again what may not have been written. In a directory, files are compared with
 * what is on disk, and the manifest serves only to remove the files of an earlier page.
 */

import type { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { clientConfig, explainAwsError } from '../aws.js'
import { describeError, UserError } from '../errors.js'
import { mapLimit } from '../limit.js'
import { type PageFile } from './files.js'

export const MANIFEST = 'upwatch-manifest.json'

/** What a publish did. */
export interface Published {
  /** Paths written: new or changed. */
  written: string[]
  /** Paths of the earlier page that this one has not, removed. */
  removed: string[]
  /** Files left as they were. */
  unchanged: number
}

/** How to reach S3, asked for only when the destination is there. */
export interface AwsAccess {
  region: () => string
  credentials?: AwsCredentialIdentity
}

/** Where the page goes: a directory, or an S3 bucket and a key prefix (empty, or ending in `/`). */
export type PageDestination =
  { kind: 'directory'; path: string } | { kind: 's3'; bucket: string; prefix: string }

/** The destination the input `status-page` names. */
export function pageDestination(input: string): PageDestination {
  if (!input.startsWith('s3://')) return { kind: 'directory', path: input }
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(input)
  if (!match)
    throw new UserError(
      `The input status-page "${input}" is not an S3 URI: write it as s3://bucket or s3://bucket/prefix.`
    )
  const prefix = (match[2] ?? '').replace(/\/*$/, '')
  return { kind: 's3', bucket: match[1], prefix: prefix === '' ? '' : `${prefix}/` }
}

export async function publishPage(
  files: PageFile[],
  destination: PageDestination,
  aws: AwsAccess
): Promise<Published> {
  return destination.kind === 'directory'
    ? publishToDirectory(files, destination.path)
    : publishToS3(files, destination, aws)
}

/** Path -> MD5 (hex) of the body. */
type Manifest = Map<string, string>

const md5 = (body: string) => createHash('md5').update(body).digest('hex')

/**
 * A path a page may have: only these are ever removed, so that a manifest written by hand cannot make the
 * publisher delete anything else.
 */
const PAGE_PATH =
  /^(?:index\.html|status\.json|feed\.atom|badges\/(?:uptime-30d\/)?[a-z0-9~][a-z0-9._~-]*\.json)$/

/** The manifest's text; unknown or garbled content reads as none, so that everything is written again. */
function readManifest(text: string | undefined): Manifest {
  try {
    const parsed = JSON.parse(text ?? '') as { files?: Record<string, unknown> }
    return new Map(
      Object.entries(parsed.files ?? {}).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && PAGE_PATH.test(entry[0])
      )
    )
  } catch {
    return new Map()
  }
}

function manifestText(files: PageFile[]): string {
  return `${JSON.stringify({ version: 1, files: Object.fromEntries(files.map(file => [file.path, md5(file.body)])) })}\n`
}

/** Paths the earlier page had and this one has not. */
function stale(previous: Manifest, files: PageFile[]): string[] {
  const now = new Set(files.map(file => file.path))
  return [...previous.keys()].filter(file => !now.has(file)).sort()
}

async function publishToDirectory(files: PageFile[], directory: string): Promise<Published> {
  const where = (file: string) => path.join(directory, ...file.split('/'))
  try {
    await mkdir(directory, { recursive: true })
    const previous = readManifest(await readIfThere(where(MANIFEST)))
    const written: string[] = []
    for (const file of files) {
      if ((await readIfThere(where(file.path))) === file.body) continue
      await writeWhole(where(file.path), file.body)
      written.push(file.path)
    }
    const removed = stale(previous, files)
    for (const file of removed) await rm(where(file), { force: true })
    const manifest = manifestText(files)
    if ((await readIfThere(where(MANIFEST))) !== manifest) await writeWhole(where(MANIFEST), manifest)
    return { written, removed, unchanged: files.length - written.length }
  } catch (error) {
    throw new UserError(
      `The status page could not be written to the directory ${directory}: ${describeError(error)}`
    )
  }
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Written to a temporary file and renamed, so that a server never serves half a file. */
async function writeWhole(file: string, body: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, body)
  await rename(temporary, file)
}

/** PutObjects in flight at once: the first publish of 1,000 targets writes 2,003 files. */
const S3_CONCURRENCY = 16

async function publishToS3(
  files: PageFile[],
  { bucket, prefix }: Extract<PageDestination, { kind: 's3' }>,
  aws: AwsAccess
): Promise<Published> {
  const uri = `s3://${bucket}/${prefix}`
  try {
    // Loaded only when used: every AWS client adds to the start-up of each run.
    const { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } =
      await import('@aws-sdk/client-s3')
    const s3 = new S3Client(clientConfig(aws.region(), aws.credentials))
    try {
      const previous = readManifest(
        await getIfThere(s3, new GetObjectCommand({ Bucket: bucket, Key: prefix + MANIFEST }))
      )
      const changed = files.filter(file => previous.get(file.path) !== md5(file.body))
      const put = (key: string, body: string, contentType: string, cacheControl: string) =>
        s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: prefix + key,
            Body: body,
            ContentType: contentType,
            CacheControl: cacheControl,
            ContentMD5: createHash('md5').update(body).digest('base64')
          })
        )
      await mapLimit(changed, S3_CONCURRENCY, file =>
        put(file.path, file.body, file.contentType, file.cacheControl)
      )
      const removed = stale(previous, files)
      await mapLimit(removed, S3_CONCURRENCY, file =>
        s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: prefix + file }))
      )
      if (changed.length > 0 || removed.length > 0)
        await put(MANIFEST, manifestText(files), 'application/json; charset=utf-8', 'no-store')
      return { written: changed.map(file => file.path), removed, unchanged: files.length - changed.length }
    } finally {
      s3.destroy()
    }
  } catch (error) {
    throw new UserError(
      `The status page could not be written to ${uri}: ${explainAwsError(error)}. ` +
        `Check that the bucket exists and that the credentials allow s3:GetObject, s3:PutObject and s3:DeleteObject on ${bucket}/${prefix}*.`
    )
  }
}

/**
 * The object's text, or undefined when there is none. Without s3:ListBucket, S3 answers AccessDenied rather than
 * NoSuchKey for a missing object: that too reads as none, and if the access is really denied, the writes that
 * follow say so.
 */
async function getIfThere(s3: S3Client, command: GetObjectCommand): Promise<string | undefined> {
  try {
    const object = await s3.send(command)
    return await object.Body?.transformToString('utf8')
  } catch (error) {
    const name = error instanceof Error ? error.name : ''
    if (name === 'NoSuchKey' || name === 'NotFound' || name === 'AccessDenied') return undefined
    throw error
  }
}
