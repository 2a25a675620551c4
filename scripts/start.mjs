// `npm start`: one pass of the built action over examples/upwatch.yml (or the file given), as a trial on
// this machine: state in .upwatch/state.json, the mail printed here, no AWS needed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const targets = process.argv[2] ?? 'examples/upwatch.yml'
const work = mkdtempSync(path.join(tmpdir(), 'upwatch-start-'))
const outputs = path.join(work, 'outputs.txt')
const summary = path.join(work, 'summary.md')
writeFileSync(outputs, '')
writeFileSync(summary, '')

const env = {
  ...process.env,
  GITHUB_WORKSPACE: process.cwd(),
  GITHUB_OUTPUT: outputs,
  GITHUB_STEP_SUMMARY: summary
}
for (const name of Object.keys(env))
  if (name.startsWith('INPUT_') || name === 'GITHUB_ACTIONS') delete env[name]
env.INPUT_TARGETS = targets

console.log(`upwatch: one pass over ${targets}, state in .upwatch/state.json, mail printed below\n`)
const { status } = spawnSync(process.execPath, [path.join(root, 'dist', 'index.js')], {
  env,
  stdio: 'inherit'
})

const values = readFileSync(outputs, 'utf8').match(/^(up|down|degraded)<<.*\n(.*)$/gm) ?? []
console.log(
  `\nOutputs: ${values.map(entry => entry.replace(/<<.*\n/, '=')).join(', ')} (all outputs in ${outputs})`
)
console.log(`Job summary (Markdown): ${summary}`)
console.log('Run it again: a steady state sends no mail. Delete .upwatch/state.json to start afresh.')
process.exit(status ?? 1)
