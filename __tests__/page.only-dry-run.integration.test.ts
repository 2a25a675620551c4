// Found in review: status-page-only with dry-run. A pass with dry-run writes its page to a directory to look
// at "but puts nothing in a bucket" (main.ts, pageAllowed); status-page-only does not ask, and a trial run of
// the page job with dry-run: true overwrites the published page in the bucket.
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runInProcess, targetsFile } from './support/action.js'
import { createTable, s3Client } from './support/aws.js'
import { useParts } from './support/parts.js'

const parts = useParts()
let s3: S3Client
beforeAll(async () => {
  s3 = s3Client(parts.fauxqs.endpoint)
  await s3.send(new CreateBucketCommand({ Bucket: 'review-dry' }))
})
afterAll(() => s3.destroy())

describe('status-page-only with dry-run', () => {
  it('puts nothing in the bucket', async () => {
    const file = targetsFile(`targets:\n  - { name: web, url: "${parts.farm.http('/status/200')}" }\n`)
    const inputs = {
      targets: file,
      'dynamodb-table': await createTable(),
      'status-page': 's3://review-dry/site',
      'status-page-only': 'true',
      'dry-run': 'true'
    }
    const run = await runInProcess(inputs, parts.env)
    expect(run.errors).toEqual([])
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'review-dry' }))
    expect((listed.Contents ?? []).map(object => object.Key)).toEqual([])
  })
})
