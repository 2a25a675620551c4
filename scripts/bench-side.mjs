// `npm run bench:side -- <ref> [<ref>]`: the probe path of two builds, side by side. On a shared VM the same
// code can take twice as long from one hour to the next, so two builds timed one after the other compare the
// machine as much as the code. Here both probe the same farm of local targets at the same moment, in two
// processes, pass after pass, and what each pass cost is printed beside the other's.
//
// A ref is a git commit (its src/ compiled in a worktree of its own) or `.` (this working tree). One ref: it
// against `.`. Only the probes run (probeAll, as the action calls it), not DynamoDB or the report: what a
// change to src/probes costs.
//
// BENCH_SIDE_SIZE (10000), BENCH_SIDE_PASSES (3), BENCH_SIDE_CONCURRENCY (1024), BENCH_SIDE_KIND (http, or
// https by IP address with a local CA); BENCH_SIDE_FLAGS_1 and BENCH_SIDE_FLAGS_2, Node flags for the first
// and the second build's process (`. .` with flags on one side compares the flags).
import { execFileSync, fork } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { DOMAIN, startFarm } from './bench-farm.mjs'
import { createFarmPki } from './bench-pki.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SIZE = Number(process.env.BENCH_SIDE_SIZE ?? 10000)
const PASSES = Number(process.env.BENCH_SIDE_PASSES ?? 3)
const CONCURRENCY = Number(process.env.BENCH_SIDE_CONCURRENCY ?? 1024)
const KIND = process.env.BENCH_SIDE_KIND ?? 'http'
const SEED = 20261128

if (process.argv[2] === '--pass') await probePasses(process.argv[3], process.argv[4])
else await main(process.argv.slice(2))

async function main(refs) {
  if (refs.length < 1 || refs.length > 2 || !['http', 'https'].includes(KIND)) {
    console.error('Usage: npm run bench:side -- <ref> [<ref>]   (a git commit, or . for this working tree)')
    process.exit(1)
  }
  if (refs.length === 1) refs.push('.')
  const work = mkdtempSync(path.join(os.tmpdir(), 'upwatch-side-'))
  const git = args => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
  const worktrees = []
  try {
    // Each build: the ref's src/ and test helpers compiled to JavaScript as they are, in a directory of its own.
    const builds = refs.map((ref, i) => {
      let tree = root
      if (ref !== '.') {
        tree = path.join(work, `tree-${i}`)
        git(['worktree', 'add', '--detach', '--quiet', tree, ref])
        worktrees.push(tree)
        symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'))
      }
      const out = path.join(tree, '.side-build')
      rmSync(out, { recursive: true, force: true })
      execFileSync(
        process.execPath,
        [
          path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          tree,
          '--noEmit',
          'false',
          '--outDir',
          out
        ],
        { cwd: tree, stdio: 'inherit' }
      )
      const short = ref === '.' ? '' : git(['rev-parse', '--short', ref])
      return { ref: ref === '.' ? 'this tree' : short === ref ? ref : `${ref} (${short})`, out }
    })
    const pki = KIND === 'https' ? createFarmPki(DOMAIN) : undefined
    const caFile = path.join(work, 'ca.pem')
    if (pki) writeFileSync(caFile, pki.ca)
    const farm = await startFarm({ size: SIZE, seed: SEED, timeoutMs: 2000, byName: false, tls: pki })
    const targetsFile = path.join(work, 'targets.yml')
    writeFileSync(targetsFile, farm.targetsFile())
    console.log(
      `bench:side: ${SIZE} ${KIND} targets on loopback (latencies 20-400 ms, 1% never answering, timeout 2 s), ` +
        `${CONCURRENCY} in flight, ${PASSES} passes each, both builds at once; node ${process.version}, ` +
        `${os.cpus().length} cores\n`
    )
    const env = pki ? { ...process.env, NODE_EXTRA_CA_CERTS: caFile } : process.env
    const runs = await Promise.all(
      builds.map(
        ({ out }, index) =>
          new Promise((resolve, reject) => {
            const child = fork(fileURLToPath(import.meta.url), ['--pass', out, targetsFile], {
              env,
              stdio: 'pipe',
              execArgv: (process.env[`BENCH_SIDE_FLAGS_${index + 1}`] ?? '').split(' ').filter(Boolean)
            })
            let text = ''
            child.stdout.on('data', chunk => (text += chunk))
            child.stderr.pipe(process.stderr)
            child.on('error', reject)
            child.on('exit', code =>
              code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`exit ${code}`))
            )
          })
      )
    )
    await farm.close()
    const width = Math.max(...builds.map(build => build.ref.length))
    console.log(`${'build'.padEnd(width)}  pass  wall ms  CPU ms  up`)
    for (let pass = 0; pass < PASSES; pass++) {
      for (const [i, build] of builds.entries()) {
        const { wallMs, cpuMs, up } = runs[i].passes[pass]
        console.log(
          `${build.ref.padEnd(width)}  ${String(pass + 1).padStart(4)}  ${String(wallMs).padStart(7)}  ` +
            `${String(cpuMs).padStart(6)}  ${up}`
        )
      }
    }
    const total = run => run.passes.reduce((sum, pass) => sum + pass.cpuMs, 0)
    const [a, b] = runs.map(total)
    console.log(
      `\nCPU over all passes: ${builds[1].ref} ${b} ms, ${builds[0].ref} ${a} ms (${((b / a - 1) * 100).toFixed(1)}%); ` +
        `peak RSS ${runs[1].peakRssMb} and ${runs[0].peakRssMb} MB`
    )
  } finally {
    for (const tree of worktrees) git(['worktree', 'remove', '--force', tree])
    rmSync(path.join(root, '.side-build'), { recursive: true, force: true })
    rmSync(work, { recursive: true, force: true })
  }
}

/** In a child: the passes of one build over the farm's targets; prints JSON. */
async function probePasses(out, targetsFile) {
  const { readFileSync } = await import('node:fs')
  const { probeAll } = await import(pathToFileURL(path.join(out, 'src', 'probes', 'probe.js')).href)
  const { targetsOf } = await import(pathToFileURL(path.join(out, '__tests__', 'support', 'targets.js')).href)
  const targets = targetsOf(readFileSync(targetsFile, 'utf8'))
  const passes = []
  for (let pass = 0; pass < PASSES; pass++) {
    const started = performance.now()
    const cpu = process.cpuUsage()
    const results = await probeAll(targets, CONCURRENCY)
    const { user, system } = process.cpuUsage(cpu)
    passes.push({
      wallMs: Math.round(performance.now() - started),
      cpuMs: Math.round((user + system) / 1000),
      up: results.filter(result => result.health === 'up').length
    })
  }
  process.stdout.write(
    JSON.stringify({ passes, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })
  )
}
