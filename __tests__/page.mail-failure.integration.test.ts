// Found in review: the status page of a pass whose mail cannot be sent. The page is written after the mail,
// and a failed publish throws out of the pass before it: while SNS fails (a topic deleted, a policy changed),
// the page goes on saying that everything is up, however many targets go down.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type StatusJson } from '../src/page/json.js'
import { runInProcess, targetsFile } from './support/action.js'
import { useParts } from './support/parts.js'

const parts = useParts()
const NOW = Date.parse('2026-12-01T12:00:00Z')

describe('a pass whose mail cannot be sent', () => {
  it('still writes the status page: a target gone down is not shown as up', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'upwatch-review-'))
    const page = path.join(dir, 'page')
    const mailbox = await parts.fauxqs.mailbox()
    const gone = mailbox.topicArn.replace(/[^:]+$/, 'deleted-topic')
    const file = targetsFile(
      `targets:\n  - { name: api, url: "${parts.farm.http('/switch/review-mail-api')}", retries: 0 }\n`
    )
    const inputs = {
      targets: file,
      'state-file': path.join(dir, 'state.json'),
      'sns-topic-arn': gone,
      'status-page': page
    }
    const status = () => JSON.parse(readFileSync(path.join(page, 'status.json'), 'utf8')) as StatusJson

    parts.farm.set('review-mail-api', 200)
    expect((await runInProcess(inputs, parts.env, () => NOW)).errors).toEqual([])
    expect(status().headline).toBe('All systems operational')

    parts.farm.set('review-mail-api', 503)
    const failed = await runInProcess(inputs, parts.env, () => NOW + 5 * 60_000)
    // The step fails for the mail, as it should...
    expect(failed.errors.join('\n')).toContain('Could not publish the mail')
    // ...but the page of that pass is written all the same.
    expect([status().generatedAt, status().headline]).toEqual(['2026-12-01T12:05:00Z', '1 of 1 down'])
  })
})
