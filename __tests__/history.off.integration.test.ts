// Found in review: history: false after a time with history on. The stored history is "left as it is", but
// the results' uptime and the status page still fold it up to now, giving every hour since its last write to
// the current state: a target down for one hour reads as down for days.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type StatusJson } from '../src/page/json.js'
import { resultsOf, runInProcess, targetsFile } from './support/action.js'
import { useParts } from './support/parts.js'

const parts = useParts()
const HOUR = 3_600_000
const NOW = Date.parse('2026-12-01T12:00:00Z')

describe('history turned off after it was on', () => {
  it('does not report a target down for one hour as down for ten days', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'upwatch-review-'))
    const page = path.join(dir, 'page')
    const file = targetsFile(
      `targets:\n  - { name: api, url: "${parts.farm.http('/switch/review-off-api')}", retries: 0 }\n`
    )
    const inputs = { targets: file, 'state-file': path.join(dir, 'state.json') }
    // A few hours with history on, then off; ten days on, the target goes down for an hour.
    parts.farm.set('review-off-api', 200)
    for (let hour = 0; hour < 3; hour++)
      expect((await runInProcess(inputs, parts.env, () => NOW + hour * HOUR)).errors).toEqual([])
    const off = { ...inputs, history: 'false', 'status-page': page }
    const down = NOW + 10 * 24 * HOUR
    expect((await runInProcess(off, parts.env, () => down - 5 * 60_000)).errors).toEqual([])
    parts.farm.set('review-off-api', 503)
    expect((await runInProcess(off, parts.env, () => down)).errors).toEqual([])
    const run = await runInProcess(off, parts.env, () => down + HOUR)
    expect(run.errors).toEqual([])

    // Down one hour of the last 24 and of the last 7 days (or nothing known, with no history kept): never less.
    const { uptime } = resultsOf(run)[0]
    expect([null, 95.83]).toContainEqual(uptime['24h'])
    expect([null, 99.4]).toContainEqual(uptime['7d'])
    const status = JSON.parse(readFileSync(path.join(page, 'status.json'), 'utf8')) as StatusJson
    expect(status.targets[0].uptime['7d'].downSeconds).toBeLessThanOrEqual(HOUR / 1000)
  })
})
