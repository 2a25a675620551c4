// `npm start`: one pass of the built action as a trial on this machine, over examples/upwatch.yml or the
// targets given: state in .upwatch/state.json, the mail printed here, no AWS needed. Inputs come as flags named
// as in action.yml (`npm start -- --dry-run --targets my.yml`), or as INPUT_* variables.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  closingLines,
  inputVariable,
  lineTranslator,
  openingLine,
  parseArgs,
  parseOutputs,
  readInputs,
  resolveInputs,
  UsageError
} from './start-lib.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const inputs = readInputs(readFileSync(path.join(root, 'action.yml'), 'utf8'))
// Paths are the user's: relative to the folder npm was started in (npm runs scripts in the package's root).
const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.env.INIT_CWD || '.')
const example = path.join(root, 'examples', 'upwatch.yml')
const defaults = {
  targets: example.startsWith(workspace + path.sep) ? path.relative(workspace, example) : example
}
let given
try {
  given = parseArgs(process.argv.slice(2), inputs, defaults)
} catch (error) {
  if (!(error instanceof UsageError)) throw error
  console.error(error.message)
  process.exit(2)
}
const values = resolveInputs(inputs, process.env, given, defaults)

const work = mkdtempSync(path.join(tmpdir(), 'upwatch-start-'))
const files = { outputs: path.join(work, 'outputs.txt'), summary: path.join(work, 'summary.md') }
writeFileSync(files.outputs, '')
writeFileSync(files.summary, '')
const env = {
  ...process.env,
  GITHUB_WORKSPACE: workspace,
  GITHUB_OUTPUT: files.outputs,
  GITHUB_STEP_SUMMARY: files.summary
}
// A trial on this machine, not a job: the state file lasts from one run to the next.
delete env.GITHUB_ACTIONS
for (const [name, value] of Object.entries(values)) env[inputVariable(name)] = value

console.log(`${openingLine(values)}\n`)
const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], {
  env,
  stdio: ['inherit', 'pipe', 'inherit']
})
const translator = lineTranslator(text => process.stdout.write(text))
child.stdout.setEncoding('utf8')
child.stdout.on('data', chunk => translator.write(chunk))
child.on('close', code => {
  translator.end()
  const lines = closingLines(parseOutputs(readFileSync(files.outputs, 'utf8')), values, files)
  if (lines.length > 0) console.log(`\n${lines.join('\n')}`)
  process.exitCode = code ?? 1
})
