// `npm run bench`: one pass of the built action (dist/index.js, run as the runner runs it) over N local
// targets that each answer after a fixed delay, against DynamoDB Local behind a proxy that counts calls.
// Two passes: first sight (every item written), then steady state (reads only). Prints figures.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDynamoDbLocal } from './dynamodb-local.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const N = Number(process.env.BENCH_TARGETS ?? 300)
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 100)
const credentials = { accessKeyId: 'upwatchbench', secretAccessKey: 'upwatchbench1' }

const listen = server =>
  new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))

const { endpoint, child } = await startDynamoDbLocal()
const upstream = new URL(endpoint)
let calls = {}
const proxy = http.createServer((request, response) => {
  const operation = String(request.headers['x-amz-target'] ?? 'unknown')
    .split('.')
    .pop()
  calls[operation] = (calls[operation] ?? 0) + 1
  const forward = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: request.url,
      method: request.method,
      headers: request.headers
    },
    answer => {
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(response)
    }
  )
  request.pipe(forward)
})
const farm = http.createServer((_, response) => setTimeout(() => response.end('ok'), DELAY_MS))
const [proxyPort, farmPort] = [await listen(proxy), await listen(farm)]

const table = 'upwatch-bench'
const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials })
await client.send(
  new CreateTableCommand({
    TableName: table,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'url', AttributeType: 'S' },
      { AttributeName: 'name', AttributeType: 'S' }
    ],
    KeySchema: [
      { AttributeName: 'url', KeyType: 'HASH' },
      { AttributeName: 'name', KeyType: 'RANGE' }
    ]
  })
)

const work = mkdtempSync(path.join(tmpdir(), 'upwatch-bench-'))
const targets = path.join(work, 'targets.yml')
const lines = Array.from(
  { length: N },
  (_, i) => `  - { name: t${i}, url: "http://127.0.0.1:${farmPort}/t${i}" }`
)
writeFileSync(targets, `targets:\n${lines.join('\n')}\n`)

async function pass(label) {
  calls = {}
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
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${proxyPort}`
  }
  const started = performance.now()
  await new Promise((resolve, reject) =>
    execFile(process.execPath, [path.join(root, 'dist', 'index.js')], { env }, error =>
      error ? reject(error) : resolve()
    )
  )
  return { label, wallMs: Math.round(performance.now() - started), calls: { ...calls } }
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

client.destroy()
proxy.close()
farm.close()
child.kill()
