// `npm run bench`: the real pass (dist/index.js, run as the runner runs it) against a farm of N local targets
// and DynamoDB Local, first sight then steady state; on the same farm the legacy Lambda's algorithm, one target
// after another with a GetItem and a PutItem each; and beside both the figures of the previous release, kept in
// bench/baseline.json. Prints one table and writes bench-results/bench.json.
//
// A case is a kind of farm and a size, `kind:N`:
//   http:N       HTTP, targets by IP address (127.0.0.1)
//   names:N      HTTP, each target its own host name, resolved through the system's resolver path: a DNS
//                server on 127.53.0.1:53 answering after 20 ms, named by the pass's /etc/resolv.conf in a
//                mount namespace of its own (bench-names.mjs); needs root and unshare
//   https:N      HTTPS by host name, a certificate from a local CA (bench-pki.mjs) trusted through
//                NODE_EXTRA_CA_CERTS, a new handshake for every check; by IP address where names cannot be
//   https-ip:N   HTTPS by IP address
//
// npm run bench                               http:100,1000,10000, names:10000, https:1000,10000
// BENCH_SIZES=100,1000 npm run bench          those of the default cases whose N is listed (and http:N for each)
// BENCH_CASES=names:1000,https:1000 npm run bench   exactly these cases
// BENCH_CONCURRENCY=256 npm run bench         another concurrency input (default: the action's, auto)
// BENCH_DIST=/tmp/old/dist npm run bench      another build's dist/ (git archive <ref> dist | tar -x -C /tmp/old)
// BENCH_NODE_FLAGS='--max-semi-space-size=16' npm run bench   Node flags for the measured pass alone
// npm run bench -- --write-baseline           also write this run's figures into bench/baseline.json, as those
//                                             of the release this tree is (one case replaces the same case)
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient
} from '@aws-sdk/client-sqs'
import { buildApp } from 'fauxqs'
import { execFile, execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { DOMAIN, startFarm, targetOf } from './bench-farm.mjs'
import { resolvConfNamespace, startDnsServer } from './bench-names.mjs'
import { createFarmPki } from './bench-pki.mjs'
import { countingProxy, createStateTable, startDynamoDbLocal, warmUp } from './dynamodb-local.mjs'
import { processCpuMs } from './process-cpu.mjs'

const RUNTIME = 24
if (Number(process.versions.node.split('.')[0]) < RUNTIME) {
  console.error(
    `The benchmark measures upwatch on Node ${RUNTIME}, its runtime on GitHub, and this is Node ` +
      `${process.versions.node}. Run it with npm run bench, which finds Node ${RUNTIME} in node_modules/.bin.`
  )
  process.exit(1)
}
const WRITE_BASELINE = '--write-baseline'
const unknown = process.argv.slice(2).filter(arg => arg !== WRITE_BASELINE)
if (unknown.length > 0) {
  console.error(`Unknown argument ${unknown.join(' ')}: the benchmark takes only ${WRITE_BASELINE}.`)
  process.exit(1)
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BASELINE_FILE = path.join(root, 'bench', 'baseline.json')
const TIMEOUT_MS = 2000
const SEED = 20261128
const DNS_DELAY_MS = 20
/** The legacy algorithm takes about N x mean latency: it runs on this many targets and is scaled to N. */
const BASELINE_SAMPLE = 100
/** A ratio to the baseline above this is marked as a regression. */
const REGRESSION = 1.1
/** GitHub refuses a step's summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted"). */
const SUMMARY_LIMIT = 1024 * 1024
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? ''
const region = 'us-east-1'
const credentials = { accessKeyId: 'upwatchbench', secretAccessKey: 'upwatchbench1' }
const work = mkdtempSync(path.join(os.tmpdir(), 'upwatch-bench-'))
/**
 * The build every pass runs: a copy of dist/ (or of BENCH_DIST, another build's dist/ to compare with) taken at
 * the start, which a rebuild meanwhile leaves alone.
 */
const distDir = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(root, 'dist')
const action = path.join(work, 'dist', 'index.js')

const KINDS = {
  http: { byName: false, tls: false },
  names: { byName: true, tls: false },
  https: { byName: true, tls: true },
  'https-ip': { byName: false, tls: true }
}
const DEFAULT_CASES = ['http:100', 'http:1000', 'http:10000', 'names:10000', 'https:1000', 'https:10000']

/** The cases to run, as { kind, size }, from BENCH_CASES or BENCH_SIZES. */
function selectCases() {
  const parse = id => {
    const [kind, size] = id.trim().split(':')
    if (!Object.hasOwn(KINDS, kind) || !/^[1-9]\d*$/.test(size ?? '')) {
      console.error(
        `"${id}" is no case: kind:N, with a kind of ${Object.keys(KINDS).join(', ')}, e.g. names:1000.`
      )
      process.exit(1)
    }
    return { kind, size: Number(size) }
  }
  let cases = DEFAULT_CASES.map(parse)
  if (process.env.BENCH_CASES) cases = process.env.BENCH_CASES.split(',').map(parse)
  else if (process.env.BENCH_SIZES) {
    const sizes = process.env.BENCH_SIZES.split(',').map(size => {
      if (/^[1-9]\d*$/.test(size.trim())) return Number(size)
      console.error(`BENCH_SIZES takes whole numbers, as in 100,1000: not "${size}".`)
      process.exit(1)
    })
    cases = [
      ...sizes.map(size => ({ kind: 'http', size })),
      ...cases.filter(({ kind, size }) => kind !== 'http' && sizes.includes(size))
    ]
  }
  return cases
}

async function startMail() {
  const app = buildApp({ logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const endpoint = `http://127.0.0.1:${app.server.address().port}`
  const sns = new SNSClient({ region, endpoint, credentials })
  const sqs = new SQSClient({ region, endpoint, credentials })
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'bench' }))
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench' }))
  await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${region}:000000000000:bench` })
  )
  return {
    endpoint,
    topicArn: TopicArn,
    /** Messages published since the last call. */
    async take() {
      let count = 0
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 })
        )
        if (Messages.length === 0) return count
        count += Messages.length
        const Entries = Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle }))
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries }))
      }
    },
    close: () => app.close()
  }
}

/** The outputs a pass wrote to GITHUB_OUTPUT (`name<<delimiter`, the value, the delimiter), by name. */
function readOutputs(file) {
  const text = readFileSync(file, 'utf8')
  const outputs = {}
  for (const [, name, , value] of text.matchAll(/^([^<\n]+)<<(.+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[name] = value
  }
  return outputs
}

/** Every target's result: the results output holds what fits in 1 MB, the results file all of them. */
function everyResult(outputs) {
  const file = outputs['results-file']
  return file ? JSON.parse(readFileSync(file, 'utf8')).results : JSON.parse(outputs.results ?? '[]')
}

/** The mean of each phase's time over the targets that were up. */
function phases(results) {
  const up = results.filter(result => result.state === 'up')
  const mean = key => {
    const values = up.map(result => result.timings?.[key]).filter(ms => typeof ms === 'number')
    return values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length)
  }
  return {
    dnsMs: mean('dnsMs'),
    connectMs: mean('connectMs'),
    tlsMs: mean('tlsMs'),
    firstByteMs: mean('firstByteMs')
  }
}

const run = (file, args, env) =>
  new Promise((resolve, reject) =>
    execFile(file, args, { env, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)
    )
  )

/** What to execute for a case's process: by name, in the namespace that shows it the bench's resolv.conf. */
/** Node flags for the measured pass alone (BENCH_NODE_FLAGS, space-separated), to try one side by side. */
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)

function caseCommand(context, file, args) {
  return context.kind.byName ? context.namespace.command(file, args) : [file, args]
}

/**
 * One pass of the built action: wall time, start to first contact with a target (a connection to the farm,
 * or by name a DNS question), peak RSS, CPU time, the AWS calls it made, the summary and outputs it wrote.
 */
async function upwatchPass(label, context) {
  const { farm, dns, proxy, mail, table, targets } = context
  proxy.reset()
  farm.reset()
  dns?.reset()
  const usageFile = path.join(work, `${label}.usage`)
  const outputFile = path.join(work, `${label}.out`)
  const summaryFile = path.join(work, `${label}.md`)
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env = {
    ...process.env,
    ...context.env,
    INPUT_TARGETS: targets,
    'INPUT_DYNAMODB-TABLE': table,
    'INPUT_SNS-TOPIC-ARN': mail.topicArn,
    INPUT_CONCURRENCY: CONCURRENCY,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: work,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    AWS_ENDPOINT_URL_SNS: mail.endpoint,
    UPWATCH_BENCH_RSS_FILE: usageFile
  }
  const preload = pathToFileURL(path.join(root, 'scripts', 'rss-preload.mjs')).href
  const started = performance.now()
  const benchCpu = process.cpuUsage()
  const dynamoCpu = processCpuMs(context.dynamoPid)
  const log = await run(
    ...caseCommand(context, process.execPath, [...nodeFlags, '--import', preload, action]),
    env
  )
  writeFileSync(path.join(work, `${label}.log`), log)
  const wallMs = Math.round(performance.now() - started)
  const { user, system } = process.cpuUsage(benchCpu)
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'))
  const farmStats = farm.stats()
  const dnsStats = dns?.stats()
  const firstContactAt = Math.min(farmStats.firstContactAt ?? Infinity, dnsStats?.firstQuestionAt ?? Infinity)
  const outputs = readOutputs(outputFile)
  return {
    wallMs,
    startToFirstProbeMs: Number.isFinite(firstContactAt) ? Math.round(firstContactAt - started) : null,
    peakRssMb: Math.round(usage.maxRSS / 1024),
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    // The farm, the DNS server and the proxies share the machine with the pass: what they took meanwhile.
    benchCpuMs: Math.round((user + system) / 1000),
    // DynamoDB Local shares the cores too: on a runner, DynamoDB is elsewhere.
    dynamoCpuMs: dynamoCpu === undefined ? undefined : processCpuMs(context.dynamoPid) - dynamoCpu,
    dynamodb: proxy.calls(),
    snsPublishes: await mail.take(),
    summaryBytes: statSync(summaryFile).size,
    outputBytes: statSync(outputFile).size,
    up: Number(outputs.up),
    // The pass says how many checks it ran at once in a debug line, which core.debug writes whatever the level.
    concurrency: /::debug::Concurrency: (.*)/.exec(log)?.[1] ?? 'unknown',
    phases: phases(everyResult(outputs)),
    dnsQuestions: dnsStats?.questions,
    handshakes: context.kind.tls ? farmStats.handshakes : undefined,
    resumed: context.kind.tls ? farmStats.resumed : undefined,
    misdirected: farmStats.misdirected
  }
}

/** The legacy Lambda's loop (bench-legacy.mjs) on the first BASELINE_SAMPLE targets, scaled to N. */
async function legacyPass(context) {
  const { farm, proxy, table, size } = context
  proxy.reset()
  const urls = farm.urls.slice(0, BASELINE_SAMPLE)
  const env = {
    ...process.env,
    ...context.env,
    BENCH_LEGACY: JSON.stringify({
      urls,
      table: `${table}-legacy`,
      endpoint: proxy.endpoint,
      region,
      credentials,
      timeoutMs: TIMEOUT_MS
    })
  }
  const stdout = await run(
    ...caseCommand(context, process.execPath, [path.join(root, 'scripts', 'bench-legacy.mjs')]),
    env
  )
  const { wallMs, up } = JSON.parse(stdout)
  const expected = farm.answering(urls.length)
  const scale = size / urls.length
  const scaled = Object.fromEntries(
    Object.entries(proxy.calls()).map(([op, count]) => [op, Math.round(count * scale)])
  )
  return {
    wallMs: Math.round(wallMs * scale),
    measuredOn: urls.length,
    up,
    expected,
    dynamodb: scaled,
    snsPublishes: null
  }
}

/** Runs one case: a farm, a table, the targets file, two passes and the legacy loop. */
async function runCase({ kind, size }, shared) {
  const spec = KINDS[kind]
  const farm = await startFarm({
    size,
    seed: SEED,
    timeoutMs: TIMEOUT_MS,
    byName: spec.byName,
    tls: spec.tls ? shared.pki : undefined,
    lookupMs: spec.byName ? DNS_DELAY_MS : 0
  })
  const table = `bench-${kind}-${size}`
  await createStateTable(shared.endpoint, table, credentials)
  await createStateTable(shared.endpoint, `${table}-legacy`, credentials)
  const targets = path.join(work, `targets-${kind}-${size}.yml`)
  writeFileSync(targets, farm.targetsFile())
  const context = {
    ...shared,
    kind: spec,
    size,
    farm,
    table,
    targets,
    dns: spec.byName ? shared.dns : undefined,
    env: spec.tls ? { NODE_EXTRA_CA_CERTS: shared.caFile } : {}
  }
  try {
    const loadAverage = os.loadavg()[0]
    const loopMs = machineLoopMs()
    const first = await upwatchPass(`first-${kind}-${size}`, context)
    const steady = await upwatchPass(`steady-${kind}-${size}`, context)
    const legacy = await legacyPass(context)
    return {
      id: `${kind}:${size}`,
      kind,
      size,
      floorMs: farm.floorMs,
      answering: farm.answering(),
      loadAverage,
      loopMs,
      first,
      steady,
      legacy
    }
  } finally {
    await farm.close()
  }
}

/**
 * How fast the machine is now: the best of three runs of a fixed loop, in ms. A shared virtual machine's cores
 * are not always as fast: on the one this benchmark was written on, the same loop took from 1x to 2x its best
 * time within the hour, and every figure of a pass moves with it. Printed beside each case, so that a slow run
 * can be told from a slow machine.
 */
function machineLoopMs() {
  const once = () => {
    const started = performance.now()
    let sum = 0
    for (let i = 0; i < 1e8; i++) sum += i % 7
    if (sum < 0) throw new Error('unreachable: keeps the loop from being optimised away')
    return performance.now() - started
  }
  return Math.round(Math.min(once(), once(), once()))
}

// --- the baseline: the previous release's figures, and how this run compares ---

function readBaseline() {
  return existsSync(BASELINE_FILE) ? JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) : { cases: {} }
}

function thisTree() {
  const git = args => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  const dirty = git(['status', '--porcelain', '--', 'src', 'package.json', 'package-lock.json']) !== ''
  return `upwatch ${version} at ${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ' with changes to src' : ''}`
}

function writeBaseline(baseline, results) {
  const measured = {
    release: thisTree(),
    node: process.version,
    machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}`,
    date: new Date().toISOString().slice(0, 10),
    concurrency: CONCURRENCY || 'the default'
  }
  for (const { id, floorMs, loadAverage, loopMs, first, steady, legacy } of results) {
    const figures = ({
      phases: _p,
      up: _u,
      handshakes: _h,
      resumed: _r,
      misdirected: _m,
      dnsQuestions: _q,
      ...kept
    }) => kept
    baseline.cases[id] = {
      measured: { ...measured, loadAverage: Number(loadAverage.toFixed(2)), loopMs },
      floorMs,
      first: figures(first),
      steady: figures(steady),
      legacy: { wallMs: legacy.wallMs, measuredOn: legacy.measuredOn, dynamodb: legacy.dynamodb }
    }
  }
  mkdirSync(path.dirname(BASELINE_FILE), { recursive: true })
  writeFileSync(BASELINE_FILE, JSON.stringify(baseline, null, 2) + '\n')
}

// --- the table ---

const integer = n => n.toLocaleString('en-US')
const kb = bytes => (bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)
/** An operation's name, short: BatchGetItem is BatchGet, BatchExecuteStatement BatchExec. */
const short = op => op.replace(/ExecuteStatement$/, 'Exec').replace(/Items?$/, '')
function calls(dynamodb, sns) {
  const made = Object.entries(dynamodb).map(([op, n]) => `${short(op)} ${n}`)
  if (sns) made.push(`SNS ${sns}`)
  return made.join(', ') || 'none'
}

/** `now / before`, marked with ! above REGRESSION; '-' without a figure to compare with. */
function ratio(now, before) {
  if (typeof now !== 'number' || typeof before !== 'number' || before === 0) return '-'
  const r = now / before
  return `${r.toFixed(2)}${r > REGRESSION ? '!' : ''}`
}

function sameCalls(now, before) {
  const keys = new Set([...Object.keys(now), ...Object.keys(before)])
  return [...keys].every(key => (now[key] ?? 0) === (before[key] ?? 0))
}

function table(results, baseline) {
  const header = [
    'case',
    'pass',
    'wall ms',
    '×prev',
    '/floor',
    'false down',
    'CPU ms',
    '1st probe ms',
    '×prev',
    'RSS MB',
    '×prev',
    'summary/out KB',
    'AWS calls'
  ]
  const rows = [header]
  const notes = []
  for (const result of results) {
    const prev = baseline.cases[result.id]
    const sides = [
      ['first sight', result.first, prev?.first],
      ['steady', result.steady, prev?.steady],
      ['one by one ¹', result.legacy, prev?.legacy]
    ]
    sides.forEach(([side, r, before], index) => {
      const legacy = side.startsWith('one')
      let callCell = calls(r.dynamodb, r.snsPublishes)
      if (before?.dynamodb && !sameCalls(r.dynamodb, before.dynamodb)) {
        callCell += ' *'
        notes.push(`* ${result.id} ${side}: the baseline made ${calls(before.dynamodb, before.snsPublishes)}`)
      }
      const size = (bytes, limit) => (bytes === undefined ? '-' : `${kb(bytes)}${bytes > limit ? '²' : ''}`)
      rows.push([
        index === 0 ? result.id : '',
        side,
        integer(r.wallMs),
        ratio(r.wallMs, before?.wallMs),
        (r.wallMs / result.floorMs).toFixed(2),
        integer((legacy ? r.expected : result.answering) - r.up),
        legacy ? '-' : integer(r.cpuMs),
        legacy ? '-' : integer(r.startToFirstProbeMs ?? NaN),
        legacy ? '-' : ratio(r.startToFirstProbeMs, before?.startToFirstProbeMs),
        legacy ? '-' : String(r.peakRssMb),
        legacy ? '-' : ratio(r.peakRssMb, before?.peakRssMb),
        legacy ? '-' : `${size(r.summaryBytes, SUMMARY_LIMIT)} / ${size(r.outputBytes, Infinity)}`,
        callCell
      ])
    })
  }
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
  const widths = header.map((_, c) => Math.max(...rows.map(row => row[c].length)))
  const lines = rows.map(row =>
    row
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd()
  )
  lines.splice(1, 0, widths.map(w => '-'.repeat(w)).join('  '))
  return { lines, notes }
}

/** Where the baseline's figures come from, one line for the cases measured alike. */
function previousReleases(results, baseline) {
  const cases = new Map()
  for (const { id } of results) {
    const m = baseline.cases[id]?.measured
    if (!m) continue
    const about = `${m.release}, node ${m.node}, concurrency ${m.concurrency}, ${m.machine}, ${m.date}`
    cases.set(about, [...(cases.get(about) ?? []), id])
  }
  return [...cases].map(([about, ids]) => `prev (${ids.join(', ')}): ${about}`)
}

/** What each case saw beyond the table: checks that the farm was reached as meant, and where time went. */
function details(result) {
  const lines = []
  const phase = ({ dnsMs, connectMs, tlsMs, firstByteMs }) =>
    [
      dnsMs !== null && `DNS ${dnsMs}`,
      connectMs !== null && `connect ${connectMs}`,
      tlsMs !== null && `TLS ${tlsMs}`,
      firstByteMs !== null && `first byte ${firstByteMs}`
    ]
      .filter(Boolean)
      .join(', ')
  for (const [side, r] of [
    ['first sight', result.first],
    ['steady', result.steady]
  ]) {
    const seen = [
      `${integer(r.up)} of ${integer(result.size)} up (${integer(result.answering)} answer)`,
      `concurrency ${r.concurrency}`,
      `the farm's process ${integer(r.benchCpuMs)} ms of CPU`,
      r.dynamoCpuMs !== undefined && `DynamoDB Local ${integer(r.dynamoCpuMs)} ms of CPU`,
      r.dnsQuestions !== undefined && `${integer(r.dnsQuestions)} DNS questions`,
      r.handshakes !== undefined && `${integer(r.handshakes)} handshakes, ${r.resumed} resumed`,
      r.misdirected > 0 && `${r.misdirected} misdirected`,
      `mean ms over those up: ${phase(r.phases)}`
    ]
    const wrong = r.up !== result.answering || r.misdirected > 0 || r.resumed > 0
    lines.push(`${wrong ? '!' : ' '} ${result.id} ${side}: ${seen.filter(Boolean).join('; ')}`)
  }
  lines.push(
    `  ${result.id}: the machine's fixed loop took ${integer(result.loopMs)} ms before the case (load average ` +
      `${result.loadAverage.toFixed(2)}); a larger figure is a slower machine, and every time above moves with it`
  )
  const { up, expected, measuredOn } = result.legacy
  if (up !== expected)
    lines.push(`! ${result.id} one by one: ${up} of ${measuredOn} answered, not ${expected}`)
  return lines
}

// --- main ---

if (!existsSync(path.join(distDir, 'index.js'))) {
  console.error('No dist/index.js to measure: npm run bench builds it (npm run package) before it runs.')
  process.exit(1)
}
cpSync(distDir, path.dirname(action), { recursive: true })

const cases = selectCases()
const wantsNames = cases.some(({ kind }) => KINDS[kind].byName)
const skipped = []
const shared = {}
const results = []
const { endpoint, child } = await startDynamoDbLocal()
shared.endpoint = endpoint
shared.dynamoPid = child.pid
await warmUp(endpoint, credentials)
shared.proxy = await countingProxy(endpoint)
const mail = await startMail()
shared.mail = mail
try {
  if (wantsNames) {
    shared.dns = await startDnsServer({
      addressOf: name => (targetOf(name) === undefined ? undefined : '127.0.0.1'),
      delayMs: DNS_DELAY_MS
    }).catch(error => ({ error }))
    if (shared.dns.error) {
      shared.namespace = { unavailable: `no DNS server on port 53: ${shared.dns.error.message}` }
      shared.dns = undefined
    } else shared.namespace = await resolvConfNamespace(shared.dns.address, work)
  }
  if (cases.some(({ kind }) => KINDS[kind].tls)) {
    shared.pki = createFarmPki(DOMAIN)
    shared.caFile = path.join(work, 'ca.pem')
    writeFileSync(shared.caFile, shared.pki.ca)
  }
  for (const selected of cases) {
    let chosen = selected
    if (KINDS[selected.kind].byName && shared.namespace?.unavailable) {
      if (selected.kind === 'names') {
        skipped.push(`${selected.kind}:${selected.size} skipped: ${shared.namespace.unavailable}`)
        continue
      }
      chosen = { kind: 'https-ip', size: selected.size }
      skipped.push(`https:${selected.size} ran by IP address as https-ip: ${shared.namespace.unavailable}`)
    }
    process.stderr.write(`bench: ${chosen.kind}:${chosen.size}...\n`)
    results.push(await runCase(chosen, shared))
  }
} finally {
  await shared.proxy.close()
  await shared.dns?.close()
  await mail.close()
  child.kill()
}

const baseline = readBaseline()
const { lines, notes } = table(results, baseline)
const load = os
  .loadavg()
  .map(n => n.toFixed(2))
  .join(' ')
console.log(
  `\nupwatch bench: node ${process.version}, ${os.cpus().length} cores, load average now ${load}\n` +
    `concurrency ${CONCURRENCY || 'the default'}, timeout 2s, retries 0; latencies 20-400 ms and 1% never ` +
    `answering (seed ${SEED})\n`
)
for (const line of lines) console.log(line)
console.log(
  [
    '',
    `×prev: this run / bench/baseline.json${Object.keys(baseline.cases).length ? '' : ' (none yet)'}; ! above ${REGRESSION}, a regression to look at.`,
    `/floor: wall / the least time a pass can take (its slowest target: the latency, or the 2 s timeout).`,
    `false down: targets that answer, judged down (one by one: of the ${BASELINE_SAMPLE} it ran on).`,
    `1st probe: from the start of the process to its first connection to a target (by name: its first DNS question).`,
    `¹ the legacy Lambda's loop (GetItem, request, PutItem per target) on the first ${BASELINE_SAMPLE} targets, scaled to N.`,
    ...(results.some(r => r.first.summaryBytes > SUMMARY_LIMIT || r.steady.summaryBytes > SUMMARY_LIMIT)
      ? ['² over the 1 MiB GitHub takes for a step summary: it would not be shown.']
      : []),
    ...notes,
    ...previousReleases(results, baseline),
    ''
  ].join('\n')
)
if (results.some(r => KINDS[r.kind].byName)) {
  console.log(
    `By name: DNS on ${shared.dns.address}:53 answering in ${DNS_DELAY_MS} ms, the pass's /etc/resolv.conf bound in a ` +
      `mount namespace (adds about ${shared.namespace.setupMs} ms to a pass's wall time).`
  )
}
if (shared.pki) {
  console.log(
    "HTTPS: a local CA (RSA-2048) trusted through NODE_EXTRA_CA_CERTS; the farm's certificate for " +
      `*.${DOMAIN} and 127.0.0.1 has an ECDSA P-256 key; no session tickets or cache, one connection per check.`
  )
}
for (const line of skipped) console.log(`! ${line}`)
console.log('\nWhat each pass saw, and where the time of a check went:')
for (const result of results) for (const line of details(result)) console.log(line)

mkdirSync(path.join(root, 'bench-results'), { recursive: true })
writeFileSync(
  path.join(root, 'bench-results', 'bench.json'),
  JSON.stringify(
    { node: process.version, concurrency: CONCURRENCY || 'the default', skipped, results },
    null,
    2
  ) + '\n'
)
console.log(
  `\nwritten to bench-results/bench.json; each pass's log, summary, outputs and results file are in ${work}`
)
if (process.argv.includes(WRITE_BASELINE)) {
  writeBaseline(baseline, results)
  console.log(`and to bench/baseline.json, as the figures of ${thisTree()}`)
}
