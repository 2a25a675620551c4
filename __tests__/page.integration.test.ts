// The status page as a pass writes it, end to end: targets on 127.0.0.1, state in DynamoDB Local (behind the
// call-counting proxy), mail through fauxqs, the page to a directory and to S3 (fauxqs). A pass writes the page
// after its mail; `status-page-only` writes it from the stored state and does nothing else; a page that cannot
// be written is a warning, not a lost mail.
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type StatusJson } from '../src/page/json.js'
import { runInProcess, targetsFile } from './support/action.js'
import { createTable, s3Client, type Mailbox } from './support/aws.js'
import { useParts } from './support/parts.js'

const parts = useParts()
const NOW = Date.parse('2026-12-01T12:00:00Z')
let s3: S3Client
beforeAll(async () => {
  s3 = s3Client(parts.fauxqs.endpoint)
  await s3.send(new CreateBucketCommand({ Bucket: 'status' }))
})
afterAll(() => s3.destroy())

describe('the status page of a pass', () => {
  let table: string
  let mailbox: Mailbox
  let inputs: Record<string, string>
  let page: string

  beforeEach(async () => {
    table = await createTable()
    mailbox = await parts.fauxqs.mailbox()
    page = mkdtempSync(path.join(tmpdir(), 'upwatch-page-'))
    const file = targetsFile(`
targets:
  - { name: api, url: "${parts.farm.http(`/switch/api-${table}`)}", retries: 0, group: Backend }
  - { name: web, url: "${parts.farm.http('/status/200')}", group: Frontend }
  - { name: internal, url: "${parts.farm.http('/status/200')}", public: false }
`)
    inputs = {
      targets: file,
      'dynamodb-table': table,
      'sns-topic-arn': mailbox.topicArn,
      'status-page': page
    }
  })

  const statusOf = (dir: string) =>
    JSON.parse(readFileSync(path.join(dir, 'status.json'), 'utf8')) as StatusJson

  it('is written after the mail, with the states of this pass and no private target', async () => {
    parts.farm.set(`api-${table}`, 503)
    const run = await runInProcess(inputs, parts.env, () => NOW)
    expect(run.errors).toEqual([])
    expect((await mailbox.take()).map(mail => mail.subject)).toEqual(['[upwatch] DOWN: api'])
    expect(run.log).toContain(`Status page of 2 targets written to ${page}: `)
    const status = statusOf(page)
    expect(status.headline).toBe('1 of 2 down')
    expect(status.targets.map(target => [target.name, target.group, target.state])).toEqual([
      ['api', 'Backend', 'down'],
      ['web', 'Frontend', 'up']
    ])
    const html = readFileSync(path.join(page, 'index.html'), 'utf8')
    expect(html).toContain('1 of 2 down')
    expect(html).not.toContain('internal')
    // Without status-page-details, neither the URLs nor the reason.
    expect(html).not.toContain('127.0.0.1')
    expect(html).not.toContain('HTTP 503')
    expect(existsSync(path.join(page, 'badges', 'api.json'))).toBe(true)
    expect(existsSync(path.join(page, 'badges', 'internal.json'))).toBe(false)
  })

  it('shows URLs and reasons with status-page-details', async () => {
    parts.farm.set(`api-${table}`, 503)
    const run = await runInProcess({ ...inputs, 'status-page-details': 'true' }, parts.env, () => NOW)
    expect(run.errors).toEqual([])
    const api = statusOf(page).targets.find(target => target.name === 'api')!
    expect(api.url).toBe(parts.farm.http(`/switch/api-${table}`))
    expect(api.reason).toContain('HTTP 503')
  })

  it('with status-page-only, is written from the stored state, and nothing is checked, written or mailed', async () => {
    parts.farm.set(`api-${table}`, 503)
    expect((await runInProcess(inputs, parts.env, () => NOW)).errors).toEqual([])
    await mailbox.take()
    const requests = parts.farm.requests()
    parts.proxy.reset()
    const only = mkdtempSync(path.join(tmpdir(), 'upwatch-page-only-'))
    const later = NOW + 30 * 60_000
    const run = await runInProcess(
      { ...inputs, 'status-page': only, 'status-page-only': 'true' },
      parts.env,
      () => later
    )
    expect(run.errors).toEqual([])
    expect(parts.farm.requests()).toBe(requests)
    expect(parts.proxy.calls()).toEqual({ BatchGetItem: 1 })
    expect(await mailbox.take()).toEqual([])
    const status = statusOf(only)
    expect(status.generatedAt).toBe('2026-12-01T12:30:00Z')
    expect(status.headline).toBe('1 of 2 down')
    // Down since the first pass: half an hour of the last 24 hours known, all of it down.
    expect(status.targets[0].uptime['24h'].downSeconds).toBe(1800)
    expect(run.summary).toContain('upwatch status page')
    expect(run.summary).toContain(`Status page of 2 targets written to ${only}: `)
  })

  it('goes to S3, putting only what changed', async () => {
    const s3Inputs = { ...inputs, 'status-page': 's3://status/site' }
    const first = await runInProcess(s3Inputs, parts.env, () => NOW)
    expect(first.errors).toEqual([])
    expect(first.log).toMatch(
      /Status page of 2 targets written to s3:\/\/status\/site\/: \d+ files new or changed, 0 removed, 0 unchanged\./
    )
    const object = await s3.send(new GetObjectCommand({ Bucket: 'status', Key: 'site/status.json' }))
    expect(object.ContentType).toBe('application/json; charset=utf-8')
    expect((JSON.parse(await object.Body!.transformToString()) as StatusJson).headline).toBe(
      'All systems operational'
    )
    // A minute on, the uptime badges have a first figure; a minute later again, only the page and its data
    // change (they say when they were written): the badges and the feed stay as they are.
    expect((await runInProcess(s3Inputs, parts.env, () => NOW + 60_000)).errors).toEqual([])
    const third = await runInProcess(s3Inputs, parts.env, () => NOW + 120_000)
    expect(third.log).toMatch(
      /written to s3:\/\/status\/site\/: 2 files new or changed, 0 removed, \d+ unchanged\./
    )
  })

  it('that cannot be written is a warning: the pass and its mail stand', async () => {
    // A file where the directory should be.
    const blocked = path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-page-')), 'page')
    writeFileSync(blocked, 'not a directory')
    parts.farm.set(`api-${table}`, 503)
    const run = await runInProcess({ ...inputs, 'status-page': blocked }, parts.env, () => NOW)
    expect(run.errors).toEqual([])
    expect((await mailbox.take()).map(mail => mail.subject)).toEqual(['[upwatch] DOWN: api'])
    expect(run.log).toContain(`::warning::The status page could not be written to ${blocked}: `)
  })
})
