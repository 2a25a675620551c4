// concurrency: auto, the default: one wave for the pass, within what the process can hold.
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { autoConcurrency } from '../src/concurrency.js'
import { actionEnv, targetsFile } from './support/action.js'
import { startFarm, type Farm } from './support/servers.js'

const GB = 1024 ** 3

describe('concurrency: auto', () => {
  it.each([
    [
      'runs every target at once when the pass is small',
      300,
      { openFiles: 65_536, memoryBytes: 4 * GB },
      300
    ],
    [
      'stops at 4,096: 64 MiB for the checks in flight, however much memory is free',
      10_000,
      { openFiles: 65_536, memoryBytes: 4 * GB },
      4096
    ],
    [
      'keeps within a low descriptor limit: two sockets a check, 128 kept back',
      10_000,
      { openFiles: 256, memoryBytes: 4 * GB },
      64
    ],
    [
      'keeps within memory: 16 KiB a check',
      10_000,
      { openFiles: 65_536, memoryBytes: 32 * 1024 * 1024 },
      2048
    ],
    ['takes 256 where the descriptor limit is unknown', 10_000, { memoryBytes: 4 * GB }, 256],
    ['runs at least one', 10, { openFiles: 100, memoryBytes: 4 * GB }, 1]
  ])('%s', (_, targets, limits, expected) => {
    expect(autoConcurrency(targets, limits)).toBe(expected)
  })

  it.each([
    ['stops at 512 when every target is HTTPS: 128 KiB a check', 10_000, 10_000, 512],
    ['counts the HTTPS share: half of them, 72 KiB a check on average', 10_000, 5_000, 910],
    ['is as for HTTP without HTTPS targets', 10_000, 0, 4096],
    ['still runs a small pass all at once', 300, 300, 300]
  ])('%s', (_, targets, secure, expected) => {
    expect(autoConcurrency(targets, { openFiles: 65_536, memoryBytes: 4 * GB }, secure)).toBe(expected)
  })
})

describe('a pass under a low descriptor limit', () => {
  let farm: Farm
  it('picks a bounded number and runs out of no descriptors (a limit of 256, 600 targets)', async () => {
    farm = await startFarm()
    try {
      const lines = Array.from(
        { length: 600 },
        (_, i) => `  - { name: t${i}, url: "${farm.http(`/delay/${50 + (i % 50)}`)}", retries: 0 }`
      )
      const file = targetsFile(`targets:\n${lines.join('\n')}\n`)
      const [output, summary] = [`${file}.out`, `${file}.md`]
      for (const made of [output, summary]) writeFileSync(made, '')
      const env = {
        ...process.env,
        ...actionEnv(
          { targets: file, 'dry-run': 'true' },
          { GITHUB_WORKSPACE: path.dirname(file) },
          output,
          summary
        )
      }
      const log = await new Promise<string>((resolve, reject) =>
        execFile(
          // prlimit (util-linux) lowers the limit for the one process and keeps its environment as it is.
          'prlimit',
          ['--nofile=256', process.execPath, 'dist/index.js'],
          { env: env, maxBuffer: 64 << 20 },
          (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout)
        )
      )
      expect(log).toContain('::debug::Concurrency: 64 (auto)')
      expect(log).toContain('upwatch: all 600 up')
      expect(log).not.toContain('EMFILE')
    } finally {
      await farm.close()
    }
  })
})
