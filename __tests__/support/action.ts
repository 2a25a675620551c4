// Runs the action as a user's workflow would see it: inputs as INPUT_* variables, outputs and summary read
// back from the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the log from stdout.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CREDENTIALS, REGION } from './aws.js'

export interface ActionRun {
  outputs: Record<string, string>
  summary: string
  log: string
  /** `::error::` messages: what the step failed with. */
  errors: string[]
  exitCode: number
}

export type Inputs = Record<string, string>
export type Env = Record<string, string | undefined>

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const work = mkdtempSync(path.join(tmpdir(), 'upwatch-action-'))
// @actions/core keeps the first summary path it sees, so one file serves every run of a test file.
const summaryFile = path.join(work, 'summary.md')
let runs = 0

/** The environment of a run: the runner's variables, test credentials, inputs, and the test's extras. */
export function actionEnv(inputs: Inputs, env: Env, outputFile: string): Env {
  const vars: Env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: root,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/monitor',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION
  }
  for (const [name, value] of Object.entries(inputs)) vars[`INPUT_${name.toUpperCase()}`] = value
  return { ...vars, ...env }
}

function prepare(): { outputFile: string } {
  const outputFile = path.join(work, `output-${++runs}.txt`)
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  return { outputFile }
}

function collect(outputFile: string, log: string, exitCode: number): ActionRun {
  return {
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    log,
    errors: log
      .split('\n')
      .filter(line => line.startsWith('::error::'))
      .map(line => line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%25/g, '%')),
    exitCode
  }
}

/** Runs `run()` from src/main.ts in this process, with the given inputs and extra environment. */
export async function runInProcess(inputs: Inputs, env: Env = {}): Promise<ActionRun> {
  const { outputFile } = prepare()
  const vars = actionEnv(inputs, env, outputFile)
  const saved = Object.fromEntries(Object.keys(vars).map(name => [name, process.env[name]]))
  Object.assign(process.env, vars)
  for (const [name, value] of Object.entries(vars)) if (value === undefined) delete process.env[name]
  // Runs may overlap: each collects the log lines written while it is on, and the last one restores stdout.
  let log = ''
  const listener = (chunk: string) => (log += chunk)
  capture(listener)
  process.exitCode = 0
  try {
    const { run } = await import('../../src/main.js')
    await run()
    return collect(outputFile, log, Number(process.exitCode ?? 0))
  } finally {
    release(listener)
    process.exitCode = 0
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

const listeners = new Set<(chunk: string) => void>()
const originalWrite = process.stdout.write.bind(process.stdout)

function capture(listener: (chunk: string) => void): void {
  listeners.add(listener)
  process.stdout.write = ((chunk: string | Uint8Array) => {
    for (const each of listeners) each(chunk.toString())
    return true
  }) as typeof process.stdout.write
}

function release(listener: (chunk: string) => void): void {
  listeners.delete(listener)
  if (listeners.size === 0) process.stdout.write = originalWrite
}

/** Runs the built dist/index.js as the runner does: `node dist/index.js` in its own process. */
export function runDist(inputs: Inputs, env: Env = {}): Promise<ActionRun> {
  const { outputFile } = prepare()
  const vars = { ...process.env, ...actionEnv(inputs, env, outputFile) }
  for (const name of Object.keys(vars)) if (vars[name] === undefined) delete vars[name]
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(root, 'dist', 'index.js')],
      { env: vars, timeout: 60_000 },
      (error, stdout) => {
        if (error && typeof error.code !== 'number') reject(error)
        else resolve(collect(outputFile, stdout, error ? Number(error.code) : 0))
      }
    )
  })
}

/** GITHUB_OUTPUT holds `name<<DELIMITER`, the value, `DELIMITER` for each output. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const pattern = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm
  for (const match of text.matchAll(pattern)) outputs[match[1]] = match[3]
  return outputs
}

/** Writes a targets file into a fresh folder and returns its path. */
export function targetsFile(content: string, name = 'upwatch.yml'): string {
  const dir = mkdtempSync(path.join(work, 'targets-'))
  const file = path.join(dir, name)
  writeFileSync(file, content)
  return file
}
