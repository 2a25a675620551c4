// Runs the action as a user's workflow would see it: inputs as INPUT_* variables, outputs and summary read
// back from the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the log from stdout.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ChangeOutput, type ResultOutput, type ResultsFile } from '../../src/report/outputs.js'
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
export function actionEnv(inputs: Inputs, env: Env, outputFile: string, summary = summaryFile): Env {
  const vars: Env = {
    GITHUB_ACTIONS: 'true',
    // The folder targetsFile writes in: in GitHub Actions the targets file must be inside the workspace.
    GITHUB_WORKSPACE: work,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/monitor',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summary,
    // The job's temporary folder, where the results file goes.
    RUNNER_TEMP: work,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION
  }
  for (const [name, value] of Object.entries(inputs)) vars[`INPUT_${name.toUpperCase()}`] = value
  return { ...vars, ...env }
}

/** Fresh output and summary files for a run; in-process runs share the one summary file core knows. */
function prepare(ownSummary: boolean): { outputFile: string; summary: string } {
  const outputFile = path.join(work, `output-${++runs}.txt`)
  const summary = ownSummary ? path.join(work, `summary-${runs}.md`) : summaryFile
  writeFileSync(outputFile, '')
  writeFileSync(summary, '')
  return { outputFile, summary }
}

function collect(outputFile: string, summary: string, log: string, exitCode: number): ActionRun {
  return {
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summary, 'utf8'),
    log,
    errors: log
      .split('\n')
      .filter(line => line.startsWith('::error::'))
      .map(line => line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%25/g, '%')),
    exitCode
  }
}

/**
 * Runs `run()` from src/main.ts in this process, with the given inputs and extra environment, and the time
 * `now` gives, if any. One at a time: the process's environment, stdout and exit code are the run's. Runs that
 * must overlap go through runTogether when they share their inputs, else through runDist.
 */
export function runInProcess(inputs: Inputs, env: Env = {}, now?: () => number): Promise<ActionRun> {
  return runTogether(1, inputs, env, now)
}

/**
 * Runs `run()` `count` times at once in this process, as overlapping runs of one workflow: each reads the same
 * inputs and takes its own run id. Their logs come interleaved in one; the outputs are the last one's.
 */
export async function runTogether(
  count: number,
  inputs: Inputs,
  env: Env = {},
  now?: () => number
): Promise<ActionRun> {
  if (running) throw new Error('runInProcess: another run is on; overlapping runs need runDist')
  running = true
  const { outputFile, summary } = prepare(false)
  const vars = actionEnv(inputs, env, outputFile)
  const saved = Object.fromEntries(Object.keys(vars).map(name => [name, process.env[name]]))
  Object.assign(process.env, vars)
  for (const [name, value] of Object.entries(vars)) if (value === undefined) delete process.env[name]
  let log = ''
  // Kept to be put back as it was, never called without its stream.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const write = process.stdout.write
  process.stdout.write = (chunk: string | Uint8Array) => {
    log += chunk.toString()
    return true
  }
  process.exitCode = 0
  try {
    const { run } = await import('../../src/main.js')
    // A test that moves the clock starts the run at its time.
    await Promise.all(Array.from({ length: count }, () => run(now, now?.())))
    return collect(outputFile, summary, log, Number(process.exitCode ?? 0))
  } finally {
    process.stdout.write = write
    process.exitCode = 0
    running = false
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

let running = false

/**
 * Runs the built dist/index.js as the runner does: `node dist/index.js` in its own process, with its own
 * output, summary, log and exit code, so that runs may overlap.
 */
export function runDist(inputs: Inputs, env: Env = {}): Promise<ActionRun> {
  const { outputFile, summary } = prepare(true)
  const vars = { ...process.env, ...actionEnv(inputs, env, outputFile, summary) }
  for (const name of Object.keys(vars)) if (vars[name] === undefined) delete vars[name]
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(root, 'dist', 'index.js')],
      { env: vars, timeout: 60_000 },
      (error, stdout) => {
        // ExecFileException is an Error, which its Omit<> type hides from the rule.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (error && typeof error.code !== 'number') reject(error)
        else resolve(collect(outputFile, summary, stdout, error ? Number(error.code) : 0))
      }
    )
  })
}

/** The `changes` output of a run, in the shape src/report/outputs.ts writes. */
export function changesOf(run: ActionRun): ChangeOutput[] {
  return JSON.parse(run.outputs.changes) as ChangeOutput[]
}

/** The `results` output of a run, in the shape src/report/outputs.ts writes. */
export function resultsOf(run: ActionRun): ResultOutput[] {
  return JSON.parse(run.outputs.results) as ResultOutput[]
}

/** The file that the `results-file` output of a run names, as src/report/file.ts writes it. */
export function resultsFileOf(run: ActionRun): ResultsFile {
  return JSON.parse(readFileSync(run.outputs['results-file'], 'utf8')) as ResultsFile
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
