// Found in review: time in which no run checked a target. GitHub disables a repository's scheduled workflows
// after 60 days without activity; a target may also be taken out of the targets file and put back. The fold
// gives all the time since the last write to the state stored then: a target that was down when the runs
// stopped reads as down for the whole 60 days nobody watched it, on the page, its feed and its badges.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type StatusJson } from '../src/page/json.js'
import { runInProcess, targetsFile } from './support/action.js'
import { useParts } from './support/parts.js'

const parts = useParts()
const DAY = 24 * 3_600_000
const NOW = Date.parse('2026-12-01T12:00:00Z')

describe('a target not checked for 60 days', () => {
  it('is not shown down for the 60 days no run checked it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'upwatch-review-'))
    const page = path.join(dir, 'page')
    const file = targetsFile(
      `targets:\n  - { name: api, url: "${parts.farm.http('/switch/review-gap-api')}", retries: 0 }\n`
    )
    const inputs = { targets: file, 'state-file': path.join(dir, 'state.json'), 'status-page': page }
    parts.farm.set('review-gap-api', 200)
    expect((await runInProcess(inputs, parts.env, () => NOW)).errors).toEqual([])
    // Down for the last two runs before the schedule stopped.
    parts.farm.set('review-gap-api', 503)
    expect((await runInProcess(inputs, parts.env, () => NOW + 5 * 60_000)).errors).toEqual([])
    expect((await runInProcess(inputs, parts.env, () => NOW + 10 * 60_000)).errors).toEqual([])
    // 60 days later the workflow is enabled again, and api answers.
    parts.farm.set('review-gap-api', 200)
    const back = NOW + 60 * DAY
    expect((await runInProcess(inputs, parts.env, () => back)).errors).toEqual([])

    const status = JSON.parse(readFileSync(path.join(page, 'status.json'), 'utf8')) as StatusJson
    const [api] = status.targets
    // Down from 12:05 to at least 12:10 was seen; the 60 days after were seen by no one.
    expect(api.uptime['90d'].downSeconds).toBeLessThan(DAY / 1000)
    expect(api.incidents.map(incident => incident.durationSeconds)).not.toContain((60 * DAY) / 1000 - 300)
  })
})
