// Installs and starts DynamoDB Local for the tests and the benchmark. The jar ships inside the npm package
// amplify-dynamodb-simulator; it is unpacked into .emulators/ once and never committed.
import {
  BatchExecuteStatementCommand,
  BatchGetItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  UpdateItemCommand
} from '@aws-sdk/client-dynamodb'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const home = path.join(root, '.emulators', 'dynamodb')

export function installDynamoDbLocal() {
  if (existsSync(path.join(home, 'DynamoDBLocal.jar'))) return home
  const work = path.join(root, '.emulators', 'download')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] })
  const archive = readdirSync(work).find(name => name.endsWith('.tgz'))
  execFileSync('tar', ['xzf', archive, 'package/emulator'], { cwd: work })
  rmSync(home, { recursive: true, force: true })
  mkdirSync(path.dirname(home), { recursive: true })
  execFileSync('mv', [path.join(work, 'package', 'emulator'), home])
  rmSync(work, { recursive: true, force: true })
  return home
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Starts DynamoDB Local on a free loopback port; resolves once it answers, with its endpoint and process. */
export async function startDynamoDbLocal() {
  const dir = installDynamoDbLocal()
  const port = await freePort()
  const child = spawn(
    'java',
    [
      '-Djava.library.path=./DynamoDBLocal_lib',
      '-jar',
      'DynamoDBLocal.jar',
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port)
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] }
  )
  let errors = ''
  child.stderr.on('data', chunk => (errors += chunk))
  const endpoint = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (is Java installed?): ${errors}`)
    const up = await new Promise(resolve => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)))
      socket.on('error', () => resolve(false))
    })
    if (up) return { endpoint, child }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  child.kill()
  throw new Error(`DynamoDB Local did not start within 30 s: ${errors}`)
}

/** Creates a table shaped as the README says: url (S) partition key, name (S) sort key, on demand. */
export async function createStateTable(endpoint, name, credentials) {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials })
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
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
  } finally {
    client.destroy()
  }
}

/**
 * Runs the calls a pass makes, with items shaped as a pass writes them (the attributes and types of a target
 * seen for the first time, its history one string), on a table of its own and at the scale of a large pass:
 * INSERTs in batches of 25, BatchGetItem of 100 keys, conditional UpdateItem. DynamoDB itself is never cold,
 * and the JVM compiles the emulator's paths for what it is given: after 4,000 small items a first sight of
 * 10,000 real ones still cost 8.7 s of the emulator's CPU against 5.2 s once warm, on the 2 cores the measured
 * pass shares with it. After 10,000 items, 10,000 INSERTs still took 4.1 s of the emulator's user CPU, against
 * 2.4 to 2.8 s for the next 10,000; after 20,000, 2.7 to 2.8 s.
 */
export async function warmUp(endpoint, credentials, items = 20_000) {
  const table = 'bench-warm-up'
  await createStateTable(endpoint, table, credentials)
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials })
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString()
  const key = index => ({ url: { S: `http://warm-up.test/${index}` }, name: { S: `warm-up ${index}` } })
  const item = index => ({
    ...key(index),
    state: { S: 'up' },
    since: { S: at },
    failures: { N: '0' },
    successes: { N: '1' },
    announced: { S: 'up' },
    pending: { M: {} },
    history: { S: `1|${at}|${'u'.repeat(40)}|${index}` },
    checkedAt: { S: at },
    status: { BOOL: true },
    version: { N: '1' }
  })
  const statement = index => {
    const attributes = item(index)
    const names = Object.keys(attributes)
    return {
      Statement: `INSERT INTO "${table}" VALUE {${names.map(name => `'${name}': ?`).join(', ')}}`,
      Parameters: names.map(name => attributes[name])
    }
  }
  const batches = Array.from({ length: Math.ceil(items / 100) }, (_, batch) => batch)
  const worker = async () => {
    for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
      const indexes = Array.from({ length: 100 }, (_, index) => batch * 100 + index)
      for (let from = 0; from < indexes.length; from += 25)
        await client.send(
          new BatchExecuteStatementCommand({ Statements: indexes.slice(from, from + 25).map(statement) })
        )
      await client.send(
        new BatchGetItemCommand({
          RequestItems: { [table]: { Keys: indexes.map(key), ConsistentRead: true } }
        })
      )
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(indexes[0]),
          UpdateExpression: 'SET #s0 = :s0, #s1 = :s1, #s2 = :s2 REMOVE #r0',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: {
            '#s0': 'checkedAt',
            '#s1': 'successes',
            '#s2': 'version',
            '#r0': 'reason',
            '#version': 'version'
          },
          ExpressionAttributeValues: {
            ':s0': { S: at },
            ':s1': { N: '2' },
            ':s2': { N: '2' },
            ':expected': { N: '1' }
          }
        })
      )
    }
  }
  try {
    await Promise.all(Array.from({ length: 8 }, worker))
  } finally {
    client.destroy()
  }
}

/**
 * A proxy on loopback in front of DynamoDB Local that counts each call by operation, as AWS names them, and
 * can disturb the next calls of an operation as a throttled table does (inject). Every call the client makes
 * is counted, disturbed or not.
 */
export async function countingProxy(upstreamEndpoint) {
  const upstream = new URL(upstreamEndpoint)
  let counts = {}
  let requests = []
  let faults = {}
  const server = http.createServer(async (request, response) => {
    const operation = String(request.headers['x-amz-target'] ?? 'unknown')
      .split('.')
      .pop()
    counts[operation] = (counts[operation] ?? 0) + 1
    try {
      const chunks = []
      for await (const chunk of request) chunks.push(chunk)
      const text = Buffer.concat(chunks).toString()
      const body = JSON.parse(text || '{}')
      // The access key that signed the call: whose credentials were used.
      const signedBy = /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1]
      requests.push({ operation, signedBy, body })
      const fault = faults[operation]?.shift()
      if (fault === undefined) {
        const answer = await forward(upstream, request, text)
        response.writeHead(answer.status, answer.headers)
        response.end(answer.body)
      } else if (fault === 'throttle') {
        respond(response, 400, {
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded (injected).'
        })
      } else {
        const { forwarded, leftOut } = leaveOut(operation, body, fault.unprocessed)
        const answer = forwarded
          ? await forward(upstream, request, JSON.stringify(forwarded))
          : { status: 200, body: '{}' }
        if (answer.status !== 200) {
          response.writeHead(answer.status, answer.headers)
          response.end(answer.body)
        } else {
          respond(
            response,
            200,
            leftOut(JSON.parse(answer.body), fault.code ?? 'ProvisionedThroughputExceeded')
          )
        }
      }
    } catch {
      response.destroy()
    }
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    calls: () => ({ ...counts }),
    requests: () => [...requests],
    inject: (operation, ...next) => {
      faults[operation] = [...(faults[operation] ?? []), ...next]
    },
    reset: () => {
      counts = {}
      requests = []
      faults = {}
    },
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The call sent on to DynamoDB Local with `body`; its answer read whole. */
function forward(upstream, request, body) {
  return new Promise((resolve, reject) => {
    const { 'transfer-encoding': _, ...headers } = request.headers
    headers['content-length'] = String(Buffer.byteLength(body))
    const call = http.request(
      { host: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers },
      answer => {
        const chunks = []
        answer.on('data', chunk => chunks.push(chunk))
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) })
        )
        answer.on('error', reject)
      }
    )
    call.on('error', reject)
    call.end(body)
  })
}

function respond(response, status, json) {
  const body = JSON.stringify(json)
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': `injected-${Date.now()}`
  })
  response.end(body)
}

/**
 * A batch call without its first `count` items (keys, write requests or statements), and how to answer for
 * them as DynamoDB does for what it did not process: UnprocessedKeys, UnprocessedItems, or an error per
 * statement with the given code. `forwarded` is undefined when nothing is left to send.
 */
function leaveOut(operation, body, count) {
  if (operation === 'BatchExecuteStatement') {
    const left = body.Statements.slice(0, count)
    const rest = body.Statements.slice(count)
    return {
      forwarded: rest.length > 0 ? { ...body, Statements: rest } : undefined,
      leftOut: (answer, code) => ({
        ...answer,
        Responses: [
          ...left.map(() => ({ Error: { Code: code, Message: `${code} (injected)` } })),
          ...(answer.Responses ?? [])
        ]
      })
    }
  }
  const [table, entry] = Object.entries(body.RequestItems)[0]
  if (operation === 'BatchGetItem') {
    const left = entry.Keys.slice(0, count)
    const rest = entry.Keys.slice(count)
    return {
      forwarded:
        rest.length > 0 ? { ...body, RequestItems: { [table]: { ...entry, Keys: rest } } } : undefined,
      leftOut: answer => ({
        ...answer,
        Responses: answer.Responses ?? { [table]: [] },
        UnprocessedKeys: {
          [table]: { ...entry, Keys: [...left, ...(answer.UnprocessedKeys?.[table]?.Keys ?? [])] }
        }
      })
    }
  }
  if (operation === 'BatchWriteItem') {
    const left = entry.slice(0, count)
    const rest = entry.slice(count)
    return {
      forwarded: rest.length > 0 ? { ...body, RequestItems: { [table]: rest } } : undefined,
      leftOut: answer => ({
        ...answer,
        UnprocessedItems: { [table]: [...left, ...(answer.UnprocessedItems?.[table] ?? [])] }
      })
    }
  }
  throw new Error(`The proxy cannot leave items of ${operation} unprocessed`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(installDynamoDbLocal())
