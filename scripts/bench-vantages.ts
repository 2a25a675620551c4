// `npm run bench:vantages`: what asking the vantages adds to a pass. The action's run() in this process, with a
// state file, against N targets that have just gone down for everyone (HTTP 500), once with two vantages
// (eu-west-1 and ap-northeast-1, the Lambda stand-in of the tests running the real handler) and once without;
// each pass from the same state (every target up), several times, alternating. Prints, per N, the Invoke calls
// each vantage took and the checks in them, the time the asking took by its own log line, and the median wall
// time of a pass with and without vantages, once the Lambda client is loaded (the first asking of a process,
// which loads it, is printed apart). Loopback only: real Lambda adds the round trip to the farthest vantage's
// region and, after a quiet spell, a cold start of the function.
//
// BENCH_VANTAGES_SIZES (1,20): the numbers of suspect targets. BENCH_VANTAGES_RUNS (7): passes of each kind.
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { functionArn, startLambda, type LambdaStandIn } from '../__tests__/support/lambda.js'
import { run } from '../src/main.js'
import { listen } from '../__tests__/support/servers.js'

const SIZES = (process.env.BENCH_VANTAGES_SIZES ?? '1,20').split(',').map(Number)
const RUNS = Number(process.env.BENCH_VANTAGES_RUNS ?? 7)
const VANTAGES = [functionArn('eu-west-1'), functionArn('ap-northeast-1')]

const work = mkdtempSync(path.join(os.tmpdir(), 'upwatch-bench-vantages-'))
/** What every target answers: up for the pass before, down for the one measured. */
let status = 200
let passes = 0
const farm = http.createServer((_, response) => response.writeHead(status).end(`${status}\n`))

/** One pass of the action against the stand-in at `endpoint`, its log kept from the terminal; returns the log. */
async function pass(endpoint: string, inputs: Record<string, string>): Promise<string> {
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'upwatchbench',
    AWS_SECRET_ACCESS_KEY: 'upwatchbench1',
    AWS_ENDPOINT_URL_LAMBDA: endpoint,
    GITHUB_OUTPUT: path.join(work, 'output.txt'),
    RUNNER_TEMP: work
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  const saved = Object.fromEntries(Object.keys(env).map(name => [name, process.env[name]]))
  Object.assign(process.env, env)
  writeFileSync(env.GITHUB_OUTPUT, '')
  let log = ''
  // Kept to be put back as it was, never called without its stream.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const write = process.stdout.write
  process.stdout.write = (chunk: string | Uint8Array) => {
    log += chunk.toString()
    return true
  }
  try {
    await run()
  } finally {
    process.stdout.write = write
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
  if (process.exitCode) throw new Error(`The pass failed:\n${log}`)
  return log
}

/**
 * A pass over `size` targets that have just gone down, from a fresh state where each was up: its ms, the Invoke
 * calls it made, and the ms the asking took by its log line.
 */
async function measured(lambda: LambdaStandIn, farmUrl: string, size: number, vantages: string[]) {
  const targets = path.join(work, `targets-${size}.yml`)
  const lines = Array.from({ length: size }, (_, i) => `  - { name: t${i}, url: "${farmUrl}/t${i}" }`)
  writeFileSync(targets, `defaults: { retries: 0 }\ntargets:\n${lines.join('\n')}\n`)
  const inputs = {
    targets,
    'state-file': path.join(work, `state-${++passes}.json`),
    vantages: vantages.join('\n')
  }
  status = 200
  await pass(lambda.endpoint, inputs)
  status = 500
  const calls = lambda.calls.length
  const started = performance.now()
  const log = await pass(lambda.endpoint, inputs)
  const ms = performance.now() - started
  const asked = /Asked \d+ vantage\(s\) about \d+ target\(s\) in (\d+) ms/.exec(log)
  return { ms, calls: lambda.calls.slice(calls), askedMs: asked ? Number(asked[1]) : undefined }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]

async function main() {
  const farmUrl = `http://127.0.0.1:${await listen(farm)}`
  const lambda = await startLambda(Object.fromEntries(VANTAGES.map(arn => [arn, {}])))
  try {
    // A pass without vantages first, which loads the action's modules; then the first asking of the process,
    // which loads the Lambda client, as the one asking of a run on GitHub does.
    await measured(lambda, farmUrl, 1, [])
    const first = await measured(lambda, farmUrl, 1, VANTAGES)
    console.log(
      `Node ${process.versions.node}, loopback, the stand-in in this process. The first asking of a process ` +
        `(loading @aws-sdk/client-lambda, as every run that asks does): ${first.askedMs} ms`
    )
    for (const size of SIZES) {
      const without: number[] = []
      const withVantages: number[] = []
      const asking: number[] = []
      let calls = lambda.calls.slice(0, 0)
      for (let round = 0; round < RUNS; round++) {
        without.push((await measured(lambda, farmUrl, size, [])).ms)
        const asked = await measured(lambda, farmUrl, size, VANTAGES)
        withVantages.push(asked.ms)
        if (asked.askedMs !== undefined) asking.push(asked.askedMs)
        calls = asked.calls
      }
      const perVantage = VANTAGES.map(arn => {
        const mine = calls.filter(call => call.arn === arn)
        const checks = mine.map(call => call.payload.checks.length)
        const total = checks.reduce((sum, count) => sum + count, 0)
        return `${arn.split(':')[3]} ${mine.length} call${mine.length === 1 ? '' : 's'} (${checks.join('+')} check${total === 1 ? '' : 's'})`
      })
      const added = median(withVantages) - median(without)
      console.log(
        `${size} suspect target${size === 1 ? '' : 's'}: Invoke ${perVantage.join(', ')}; asking ` +
          `${median(asking)} ms (median of ${RUNS}, slowest ${Math.max(...asking)} ms); pass ` +
          `${median(without).toFixed(0)} ms without vantages, ${median(withVantages).toFixed(0)} ms with: ` +
          `+${added.toFixed(0)} ms`
      )
    }
  } finally {
    farm.closeAllConnections()
    await Promise.all([lambda.close(), new Promise(resolve => farm.close(resolve))])
  }
}

void main()
