/**
 * The status page's edge: writes its files to a directory, or to `s3://bucket/prefix`, and only those whose
 * content changed.
 *
 * What was published is recorded beside the files in a manifest (MANIFEST: each path and the MD5 of its body).
 * On S3 the manifest is what the files are compared with: one GetObject a run, rather than a HeadObject per
 * file (2,000 badges for 1,000 targets), and it works whatever the bucket's encryption, where an ETag is the
 * body's MD5 only for single-part PUTs without SSE-KMS. It also says which files an earlier page had that
 * this one has not (a target removed, renamed, or made private), so that those are deleted without listing
 * the bucket. In a directory, files are compared with what is on disk, and the manifest serves to remove the
 * files of an earlier page (and to whoever copies the directory to S3 and publishes there).
 *
 * A publish stopped at any point, by a refused write or by the process dying, leaves a manifest that claims
 * no content a file has not: before anything is written or removed, the manifest is written with those paths
 * marked unknown (UNKNOWN, never equal to an MD5), and the full manifest once everything else succeeded. A
 * path marked unknown is written again by the next run if its page has it, and removed if not: new paths are
 * marked too, so that a file put by a run that stopped is not left behind. This costs a second manifest write
 * in a run that changes anything. Two publishers writing the same page at once are not made safe: each
 * object's last writer wins, and the manifest may end up claiming the other's content for a file until it
 * changes again; run one at a time (a workflow's `concurrency` group).
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

/** Path -> MD5 (hex) of the body, or UNKNOWN. */
type Manifest = Map<string, string>

const md5 = (body: string) => createHash('md5').update(body).digest('hex')

/** In a manifest, a path whose content is not known: a publish was writing or removing it when it stopped. */
const UNKNOWN = ''

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

function manifestText(entries: [string, string][]): string {
  return `${JSON.stringify({ version: 1, files: Object.fromEntries(entries) })}\n`
}

/** The manifest of a page written whole. */
function publishedManifest(files: PageFile[]): string {
  return manifestText(files.map(file => [file.path, md5(file.body)]))
}

/**
 * The manifest written before a publish writes or removes anything: the paths about to be written (`changed`)
 * or removed are marked unknown, the others have the MD5 of what they hold.
 */
function pendingManifest(files: PageFile[], changed: PageFile[], removed: string[]): string {
  const unsure = new Set(changed.map(file => file.path))
  return manifestText([
    ...files.map((file): [string, string] => [file.path, unsure.has(file.path) ? UNKNOWN : md5(file.body)]),
    ...removed.map((file): [string, string] => [file, UNKNOWN])
  ])
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
    const changed: PageFile[] = []
    for (const file of files) if ((await readIfThere(where(file.path))) !== file.body) changed.push(file)
    const removed = stale(previous, files)
    if (changed.length > 0 || removed.length > 0)
      await writeWhole(where(MANIFEST), pendingManifest(files, changed, removed))
    for (const file of changed) await writeWhole(where(file.path), file.body)
    for (const file of removed) await rm(where(file), { force: true })
    const manifest = publishedManifest(files)
    if ((await readIfThere(where(MANIFEST))) !== manifest) await writeWhole(where(MANIFEST), manifest)
    const written = changed.map(file => file.path)
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
      const removed = stale(previous, files)
      if (changed.length === 0 && removed.length === 0)
        return { written: [], removed, unchanged: files.length }
      const manifest = (text: string) => put(MANIFEST, text, 'application/json; charset=utf-8', 'no-store')
      await manifest(pendingManifest(files, changed, removed))
      await untilFirstFailure(changed, file => put(file.path, file.body, file.contentType, file.cacheControl))
      await untilFirstFailure(removed, file =>
        s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: prefix + file }))
      )
      await manifest(publishedManifest(files))
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
 * Calls `fn` on each item, S3_CONCURRENCY at once; after a failure starts no more, and throws the first error
 * once the calls in flight have ended: nothing of a failed publish lands after it has returned.
 */
async function untilFirstFailure<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let failure: { error: unknown } | undefined
  await mapLimit(items, S3_CONCURRENCY, async item => {
    if (failure) return
    try {
      await fn(item)
    } catch (error) {
      failure ??= { error }
    }
  })
  if (failure) throw failure.error
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
