// `npm run bench`: the real pass (dist/index.js, run as the runner runs it) against a farm of N local targets
// and DynamoDB Local, first sight then steady state; and on the same farm the legacy Lambda's algorithm, one
// target after another with a GetItem and a PutItem each. Prints a table and writes bench-results/bench.json.
//
// BENCH_SIZES=100,1000 npm run bench   to choose the sizes (default 100, 1000, 10000);
// BENCH_CONCURRENCY=1000               to pass another concurrency input (default: the action's, 256).
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  DeleteMessageBatchCommand,
  SQSClient
} from '@aws-sdk/client-sqs'
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import { buildApp } from 'fauxqs'
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { request } from 'undici'
import { countingProxy, createStateTable, startDynamoDbLocal } from './dynamodb-local.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number)
const TIMEOUT_MS = 2000
const NEVER = 0.01
const SEED = 20261128
/** The legacy algorithm takes about N x mean latency: it runs on this many targets and is scaled to N. */
const BASELINE_SAMPLE = 100
const FARM_PORTS = 8
const region = 'us-east-1'
const credentials = { accessKeyId: 'upwatchbench', secretAccessKey: 'upwatchbench1' }
const work = mkdtempSync(path.join(tmpdir(), 'upwatch-bench-'))

/** A small fixed-seed generator, so every run sees the same farm. */
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** N targets over a few ports: latency 20 to 400 ms, and 1% that never answer. */
async function startFarm(size) {
  const next = random(SEED + size)
  const latency = Array.from({ length: size }, () =>
    next() < NEVER ? Infinity : 20 + Math.round(next() * 380)
  )
  let firstRequestAt
  const servers = []
  for (let port = 0; port < FARM_PORTS; port++) {
    const server = http.createServer((req, res) => {
      firstRequestAt ??= performance.now()
      const ms = latency[Number(req.url.slice(2))]
      if (ms !== Infinity) setTimeout(() => res.end('ok'), ms)
    })
    await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
    servers.push(server)
  }
  const url = i => `http://127.0.0.1:${servers[i % FARM_PORTS].address().port}/t${i}`
  return {
    urls: latency.map((_, i) => url(i)),
    floorMs: Math.max(...latency.map(ms => (ms === Infinity ? TIMEOUT_MS : ms))),
    firstRequestAt: () => firstRequestAt,
    reset: () => (firstRequestAt = undefined),
    close: () =>
      Promise.all(servers.map(server => (server.closeAllConnections(), new Promise(r => server.close(r)))))
  }
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

/** One pass of the built action; wall time, start to first probe, peak RSS, and the AWS calls it made. */
async function upwatchPass(label, { farm, proxy, mail, table, targets }) {
  proxy.reset()
  farm.reset()
  const rssFile = path.join(work, `${label}.rss`)
  const output = path.join(work, `${label}.out`)
  writeFileSync(output, '')
  const env = {
    ...process.env,
    INPUT_TARGETS: targets,
    'INPUT_DYNAMODB-TABLE': table,
    'INPUT_SNS-TOPIC-ARN': mail.topicArn,
    INPUT_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '',
    GITHUB_OUTPUT: output,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    AWS_ENDPOINT_URL_SNS: mail.endpoint,
    UPWATCH_BENCH_RSS_FILE: rssFile
  }
  const started = performance.now()
  await new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [
        '--import',
        pathToFileURL(path.join(root, 'scripts', 'rss-preload.mjs')).href,
        path.join(root, 'dist', 'index.js')
      ],
      { env, maxBuffer: 64 << 20 },
      error => (error ? reject(error) : resolve())
    )
  )
  const wallMs = Math.round(performance.now() - started)
  return {
    wallMs,
    startToFirstProbeMs: Math.round(farm.firstRequestAt() - started),
    peakRssMb: Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024),
    dynamodb: proxy.calls(),
    snsPublishes: await mail.take()
  }
}

/** The legacy Lambda's loop on the first BASELINE_SAMPLE targets: GetItem, a request, PutItem, one by one. */
async function legacyPass({ farm, proxy, table, size }) {
  proxy.reset()
  const client = new DynamoDBClient({ region, endpoint: proxy.endpoint, credentials })
  const sample = Math.min(size, BASELINE_SAMPLE)
  const started = performance.now()
  for (const url of farm.urls.slice(0, sample)) {
    const key = { url: { S: url }, name: { S: url } }
    await client.send(new GetItemCommand({ TableName: table, Key: key }))
    let ok
    try {
      const response = await request(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      await response.body.dump()
      ok = response.statusCode === 200
    } catch {
      ok = false
    }
    // The Lambda read the stored status to compare, and wrote on every check.
    await client.send(new PutItemCommand({ TableName: table, Item: { ...key, status: { BOOL: ok } } }))
  }
  const sampleMs = performance.now() - started
  client.destroy()
  const scale = size / sample
  const calls = Object.fromEntries(
    Object.entries(proxy.calls()).map(([op, count]) => [op, Math.round(count * scale)])
  )
  return { wallMs: Math.round(sampleMs * scale), measuredOn: sample, dynamodb: calls, snsPublishes: null }
}

const { endpoint, child } = await startDynamoDbLocal()
const proxy = await countingProxy(endpoint)
const mail = await startMail()
const results = []
try {
  for (const size of SIZES) {
    const farm = await startFarm(size)
    const table = `bench-${size}`
    await createStateTable(endpoint, table, credentials)
    const targets = path.join(work, `targets-${size}.yml`)
    writeFileSync(
      targets,
      `defaults: { timeout: 2s, retries: 0 }\ntargets:\n${farm.urls.map((url, i) => `  - { name: t${i}, url: "${url}" }`).join('\n')}\n`
    )
    const context = { farm, proxy, mail, table, targets, size }
    const first = await upwatchPass(`first-${size}`, context)
    const steady = await upwatchPass(`steady-${size}`, context)
    const legacy = await legacyPass({ ...context, table: `${table}-legacy` }).catch(async error => {
      if (error.name !== 'ResourceNotFoundException') throw error
      await createStateTable(endpoint, `${table}-legacy`, credentials)
      return legacyPass({ ...context, table: `${table}-legacy` })
    })
    results.push({ size, floorMs: farm.floorMs, first, steady, legacy })
    await farm.close()
  }
} finally {
  await proxy.close()
  await mail.close()
  child.kill()
}

const calls = byOperation =>
  Object.entries(byOperation)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ') || 'none'
const rows = [
  [
    'N',
    'side',
    'wall ms',
    'floor ms',
    'wall/floor',
    'DynamoDB calls',
    'SNS',
    'peak RSS MB',
    'start to 1st probe ms'
  ]
]
for (const { size, floorMs, first, steady, legacy } of results) {
  for (const [side, r] of [
    ['upwatch, first sight', first],
    ['upwatch, steady', steady],
    [`one by one (${legacy.measuredOn === size ? 'measured' : `scaled from ${legacy.measuredOn}`})`, legacy]
  ]) {
    rows.push([
      String(size),
      side,
      String(r.wallMs),
      String(floorMs),
      (r.wallMs / floorMs).toFixed(2),
      calls(r.dynamodb),
      r.snsPublishes === null ? '-' : String(r.snsPublishes),
      r.peakRssMb === undefined ? '-' : String(r.peakRssMb),
      r.startToFirstProbeMs === undefined ? '-' : String(r.startToFirstProbeMs)
    ])
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map(row => row[c].length)))
console.log(
  `\nupwatch bench: node ${process.version}, concurrency ${process.env.BENCH_CONCURRENCY ?? 256}, timeout 2s, retries 0, ` +
    `latencies 20-400 ms and 1% never answering (seed ${SEED})\n`
)
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '))
mkdirSync(path.join(root, 'bench-results'), { recursive: true })
writeFileSync(
  path.join(root, 'bench-results', 'bench.json'),
  JSON.stringify({ node: process.version, results }, null, 2) + '\n'
)
console.log('\nwritten to bench-results/bench.json')
