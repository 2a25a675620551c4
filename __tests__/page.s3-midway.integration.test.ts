// Found in review: the S3 publisher after a run that failed or died midway. Such a run used to leave the files
// it did put and the old manifest, with the old MD5s: a later page that had those files as the old manifest had
// them (the target back up) compared them as unchanged and never put them again, and the badge said "down" for
// as long as the target stayed up. Cut after any of its requests, a run now leaves a bucket that the next run,
// with the old page or the new, puts right.
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import { type PageFile } from '../src/page/files.js'
import { MANIFEST, publishPage } from '../src/page/publish.js'
import { CREDENTIALS, REGION, s3Client } from './support/aws.js'
import { useParts } from './support/parts.js'
import { listen } from './support/servers.js'

const parts = useParts()
let s3: S3Client
let proxy: http.Server
let proxyEndpoint: string
/** While set, a PUT of this key fails with AccessDenied (a policy that denies it, a KMS key disabled...). */
let failing: string | undefined
/**
 * While set, the requests that come after the first `cut` are refused without reaching fauxqs: the bucket is
 * left as a publisher that died after those requests would leave it, whatever its code does after the refusal.
 */
let cut: number | undefined
let seen = 0

beforeAll(async () => {
  s3 = s3Client(parts.fauxqs.endpoint)
  await s3.send(new CreateBucketCommand({ Bucket: 'review-midway' }))
  // In front of fauxqs: passes everything on, but the failing PUT, refused a moment later, and what is past the cut.
  const target = new URL(parts.fauxqs.endpoint)
  proxy = http.createServer((request, response) => {
    if (cut !== undefined && ++seen > cut) {
      request.resume()
      response.writeHead(403, { 'content-type': 'application/xml' })
      response.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>dead</Message></Error>')
      return
    }
    if (request.method === 'PUT' && failing !== undefined && request.url?.includes(failing)) {
      request.resume()
      setTimeout(() => {
        response.writeHead(403, { 'content-type': 'application/xml' })
        response.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>denied</Message></Error>')
      }, 300)
      return
    }
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: request.headers
      },
      answer => {
        response.writeHead(answer.statusCode ?? 500, answer.headers)
        answer.pipe(response)
      }
    )
    request.pipe(forward)
  })
  proxyEndpoint = `http://127.0.0.1:${await listen(proxy)}`
})
afterAll(async () => {
  s3.destroy()
  proxy.closeAllConnections()
  await new Promise(resolve => proxy.close(resolve))
})

const file = (path: string, body: string): PageFile => ({
  path,
  body,
  contentType: 'application/json; charset=utf-8',
  cacheControl: 'public, max-age=60'
})
const badge = (message: string) =>
  `${JSON.stringify({ schemaVersion: 1, label: 'api', message, color: message === 'up' ? 'brightgreen' : 'red' })}\n`

describe('the S3 publisher after a run that failed midway', () => {
  it('puts again a badge the failed run changed, once the target is back as it was', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_S3
    process.env.AWS_ENDPOINT_URL_S3 = proxyEndpoint
    try {
      const destination = { kind: 's3' as const, bucket: 'review-midway', prefix: 'site/' }
      const aws = { region: () => REGION, credentials: CREDENTIALS }
      const page = (state: string, feed: string) => [
        file('status.json', `{"api":"${state}"}\n`),
        file('feed.atom', feed),
        file('badges/api.json', badge(state))
      ]
      // Up: published whole.
      await publishPage(page('up', 'no incidents'), destination, aws)
      // Down: the badge is put, the feed is refused; the run fails and leaves the old manifest.
      failing = 'feed.atom'
      await expect(publishPage(page('down', 'api down'), destination, aws)).rejects.toThrow(
        /AccessDenied|denied/
      )
      failing = undefined
      // Up again, as in the first page.
      await publishPage(page('up', 'no incidents'), destination, aws)

      const object = await s3.send(
        new GetObjectCommand({ Bucket: 'review-midway', Key: 'site/badges/api.json' })
      )
      expect(await object.Body!.transformToString()).toBe(badge('up'))
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3
      else process.env.AWS_ENDPOINT_URL_S3 = saved
    }
  })
})

describe('the S3 publisher after a run that died at any point', () => {
  const before = [
    file('status.json', '{"api":"up"}\n'),
    file('feed.atom', 'no incidents'),
    file('badges/api.json', badge('up')),
    file('badges/old.json', badge('up'))
  ]
  const after = [
    file('status.json', '{"api":"down"}\n'),
    file('feed.atom', 'api down'),
    file('badges/api.json', badge('down')),
    file('badges/new.json', badge('up'))
  ]
  const aws = { region: () => REGION, credentials: CREDENTIALS }
  /** The page's files under the prefix, and their text, the manifest left out. */
  const bucket = async (prefix: string) => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'review-midway', Prefix: prefix }))
    const keys = (listed.Contents ?? []).map(object => object.Key!).filter(key => key !== prefix + MANIFEST)
    const texts = await Promise.all(
      keys.map(async (key): Promise<[string, string]> => {
        const object = await s3.send(new GetObjectCommand({ Bucket: 'review-midway', Key: key }))
        return [key.slice(prefix.length), await object.Body!.transformToString()]
      })
    )
    return Object.fromEntries(texts)
  }
  const whole = (page: PageFile[]) => Object.fromEntries(page.map(each => [each.path, each.body]))

  // A whole publish of `after` is 8 requests: the manifest read, the manifest marking what changes, 4 PUTs, a
  // DELETE (old.json) and the manifest whole. Cut after each, the next run's page, old or new, is all there is.
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8])('after %i requests', async requests => {
    const saved = process.env.AWS_ENDPOINT_URL_S3
    process.env.AWS_ENDPOINT_URL_S3 = proxyEndpoint
    try {
      for (const next of [before, after]) {
        const destination = {
          kind: 's3' as const,
          bucket: 'review-midway',
          prefix: `died-${requests}-${next === before ? 'back' : 'on'}/`
        }
        await publishPage(before, destination, aws)
        cut = requests
        seen = 0
        const dying = publishPage(after, destination, aws)
        // Refused once past the cut; uncut, the 8 requests are all there are.
        if (requests < 8) await expect(dying).rejects.toThrow(/dead/)
        else expect([(await dying).written.length, seen]).toEqual([4, 8])
        cut = undefined
        await publishPage(next, destination, aws)
        expect(await bucket(destination.prefix)).toEqual(whole(next))
        // And it stays so: a run with nothing new puts nothing.
        expect((await publishPage(next, destination, aws)).written).toEqual([])
      }
    } finally {
      cut = undefined
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3
      else process.env.AWS_ENDPOINT_URL_S3 = saved
    }
  })
})
