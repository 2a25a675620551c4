// `npm run bench`: one pass of the built action (dist/index.js, run as the runner runs it) over N local
// targets that each answer after a fixed delay, against DynamoDB Local behind a proxy that counts calls.
// Two passes: first sight (every item written), then steady state (reads only). Prints figures.
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { countingProxy, createStateTable, startDynamoDbLocal } from './dynamodb-local.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const N = Number(process.env.BENCH_TARGETS ?? 300)
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 100)
const credentials = { accessKeyId: 'upwatchbench', secretAccessKey: 'upwatchbench1' }

const { endpoint, child } = await startDynamoDbLocal()
const proxy = await countingProxy(endpoint)
const farm = http.createServer((_, response) => setTimeout(() => response.end('ok'), DELAY_MS))
const farmPort = await new Promise(resolve => farm.listen(0, '127.0.0.1', () => resolve(farm.address().port)))
const table = 'upwatch-bench'
await createStateTable(endpoint, table, credentials)

const work = mkdtempSync(path.join(tmpdir(), 'upwatch-bench-'))
const targets = path.join(work, 'targets.yml')
const lines = Array.from(
  { length: N },
  (_, i) => `  - { name: t${i}, url: "http://127.0.0.1:${farmPort}/t${i}" }`
)
writeFileSync(targets, `targets:\n${lines.join('\n')}\n`)

async function pass(label) {
  proxy.reset()
  const output = path.join(work, `${label}.out`)
  writeFileSync(output, '')
  const env = {
    ...process.env,
    INPUT_TARGETS: targets,
    'INPUT_DYNAMODB-TABLE': table,
    GITHUB_OUTPUT: output,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint
  }
  const started = performance.now()
  await new Promise((resolve, reject) =>
    execFile(process.execPath, [path.join(root, 'dist', 'index.js')], { env }, error =>
      error ? reject(error) : resolve()
    )
  )
  return { label, wallMs: Math.round(performance.now() - started), calls: proxy.calls() }
}

const results = [await pass('first sight'), await pass('steady')]
console.log(`\nupwatch bench: ${N} targets answering in ${DELAY_MS} ms each, node ${process.version}\n`)
console.log('pass         wall (ms)  floor (ms)  DynamoDB calls')
for (const { label, wallMs, calls: byOperation } of results) {
  const dynamo =
    Object.entries(byOperation)
      .map(([operation, count]) => `${operation} ${count}`)
      .join(', ') || 'none'
  console.log(
    `${label.padEnd(12)} ${String(wallMs).padStart(9)}  ${String(DELAY_MS).padStart(10)}  ${dynamo}`
  )
}
console.log(`\nsteady pass goal: ceil(${N}/100) = ${Math.ceil(N / 100)} BatchGetItem calls and no writes`)

await proxy.close()
farm.close()
child.kill()
