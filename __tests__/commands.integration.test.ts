// Nothing a server sends, and no name, becomes a workflow command: every line the action prints is read the
// way the runner reads it (support/runner.ts, ported from actions/runner), and the only commands in it are
// those upwatch gives through @actions/core.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runInProcess, targetsFile } from './support/action.js'
import { commandsIn, parseCommand, runnerLines } from './support/runner.js'
import { listen } from './support/servers.js'

/** Names that try to be commands; names may hold no control character, so no line break. */
const NAMES = ['##[error]name', '::error::name', '#\u00ad#[warning]soft hyphen', '  ::warning::lead']

/** What hostile servers answer, by path: JSON values, a header and a body that try to be commands. */
const ANSWERS: Record<string, { headers?: Record<string, string>; body: string }> = {
  '/json': { body: JSON.stringify({ status: '##[error]from a JSON value' }) },
  '/stop': { body: JSON.stringify({ status: '##[stop-commands]upwatch' }) },
  '/hidden': { body: JSON.stringify({ status: '#\u200b#[error]behind a zero-width space' }) },
  '/nested': { body: JSON.stringify({ status: { note: 'x ##[add-mask]HTTP' } }) },
  '/separator': { body: JSON.stringify({ status: 'a\u2028::error::after a line separator' }) },
  '/header': { headers: { 'x-state': '##[warning]from a header' }, body: '{}' },
  '/body': { body: 'not json\r\n::error::from a body\r\n##[error]again' }
}

let server: http.Server
let base: string

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const answer = ANSWERS[request.url ?? ''] ?? { body: '{}' }
    response.writeHead(200, { 'content-type': 'application/json', ...answer.headers }).end(answer.body)
  })
  base = `http://127.0.0.1:${await listen(server)}`
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

const stateFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-commands-')), 'state.json')

/**
 * The debug lines upwatch writes: its settings, the targets it read, its concurrency, when each stage ended
 * (state read, every target checked, state written, first sights written ahead), and each retry.
 */
const DEBUG =
  /^(Settings: |\d+ targets? |Concurrency: \d+( \(auto\))?$|State of \d+ targets (read|written) at \d+ ms$|Every target checked at \d+ ms$|\d+ slow targets to start first at \d+ ms$|.+: attempt \d+ failed \()/

/**
 * What the runner would take for commands in a run's stdout, each as its name and data, leaving out upwatch's
 * debug lines; and any command inside a command's data, which the runner writes to the log, with `within`.
 */
function commandsOf(stdout: string): { command: string; data: string; within?: string }[] {
  return commandsIn(stdout).flatMap(({ form, command, data }) => {
    const inside = runnerLines(data)
      .flatMap(line => parseCommand(line) ?? [])
      .map(found => ({ command: found.command, data: found.data, within: command }))
    const debugLine = form === 'v2' && command === 'debug' && DEBUG.test(data)
    return [...(debugLine ? [] : [{ command, data }]), ...inside]
  })
}

describe('text from servers and names in the log', () => {
  it('never makes a workflow command: not in the log lines, the retries, the mail printed or the failure', async () => {
    const entries = Object.keys(ANSWERS).map(
      (route, index) =>
        `  - name: ${JSON.stringify(NAMES[index % NAMES.length] + ` ${route}`)}\n` +
        `    url: ${base}${route}\n` +
        `    expect: { ${route === '/header' ? 'headers: { x-state: ok }' : 'json: { status: ok }'} }\n`
    )
    const run = await runInProcess({
      targets: targetsFile(`targets:\n${entries.join('')}`),
      'state-file': stateFile(),
      'fail-on-down': 'true'
    })
    // The probes ran, failed, were retried (debug lines), were mailed (printed: no topic) and failed the step.
    expect(run.log).toContain('printed here instead of sent')
    expect(run.log).toMatch(/^::debug::.*attempt 1 failed/m)
    expect(commandsOf(run.log)).toEqual([
      { command: 'warning', data: expect.stringMatching(/^State is kept in a file/) },
      { command: 'error', data: expect.stringMatching(/^7 target\(s\) down: /) }
    ])
    // What was sent is still there to read.
    expect(run.log).toContain('JSON status is "##\\[error]from a JSON value"')
    expect(run.log).toContain('body is not JSON ("not json\\r\\n::error::from a body\\r\\n##\\[error]again")')
  })

  it('refuses a name with a line break, and its refusal is no command either', async () => {
    const run = await runInProcess({
      targets: targetsFile(`targets:\n  - name: "api\\n::error::injected"\n    url: ${base}/json\n`),
      'state-file': stateFile()
    })
    expect(commandsOf(run.log)).toEqual([
      { command: 'warning', data: expect.stringMatching(/^State is kept in a file/) },
      { command: 'error', data: expect.stringContaining('line 2, targets[0].name: expected a name') }
    ])
    expect(run.log).not.toContain('injected')
  })
})
