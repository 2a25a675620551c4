// Review of issue 13: the S3 publisher after a run that failed midway. The manifest is written last, so a failed
// run leaves the old one; but the files that run did put stay, and the manifest still holds the old MD5s. When
// a later page has those files as the old manifest had them (the target is back up), they compare as unchanged
// and are never put again: the badge says "down" for as long as the target stays up.
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import { type PageFile } from '../src/page/files.js'
import { publishPage } from '../src/page/publish.js'
import { CREDENTIALS, REGION } from './support/aws.js'
import { useParts } from './support/parts.js'
import { listen } from './support/servers.js'

const parts = useParts()
let s3: S3Client
let proxy: http.Server
let proxyEndpoint: string
/** While set, a PUT of this key fails with AccessDenied (a policy that denies it, a KMS key disabled...). */
let failing: string | undefined

beforeAll(async () => {
  s3 = new S3Client({ region: REGION, endpoint: parts.fauxqs.endpoint, credentials: CREDENTIALS, forcePathStyle: true })
  await s3.send(new CreateBucketCommand({ Bucket: 'review-midway' }))
  // In front of fauxqs: passes everything on, but the failing PUT, which is refused a moment later.
  const target = new URL(parts.fauxqs.endpoint)
  proxy = http.createServer((request, response) => {
    if (request.method === 'PUT' && failing !== undefined && request.url?.includes(failing)) {
      request.resume()
      setTimeout(() => {
        response.writeHead(403, { 'content-type': 'application/xml' })
        response.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>denied</Message></Error>')
      }, 300)
      return
    }
    const forward = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
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
      await expect(publishPage(page('down', 'api down'), destination, aws)).rejects.toThrow(/AccessDenied|denied/)
      failing = undefined
      // Up again, as in the first page.
      await publishPage(page('up', 'no incidents'), destination, aws)

      const object = await s3.send(new GetObjectCommand({ Bucket: 'review-midway', Key: 'site/badges/api.json' }))
      expect(await object.Body!.transformToString()).toBe(badge('up'))
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_S3
      else process.env.AWS_ENDPOINT_URL_S3 = saved
    }
  })
})
