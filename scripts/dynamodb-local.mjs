// Installs and starts DynamoDB Local for the tests and the benchmark. The jar ships inside the npm package
// amplify-dynamodb-simulator; it is unpacked into .emulators/ once and never committed.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
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

/** A proxy on loopback in front of DynamoDB Local that counts each call by operation, as AWS bills them. */
export async function countingProxy(upstreamEndpoint) {
  const upstream = new URL(upstreamEndpoint)
  let counts = {}
  let requests = []
  const server = http.createServer((request, response) => {
    const operation = String(request.headers['x-amz-target'] ?? 'unknown')
      .split('.')
      .pop()
    counts[operation] = (counts[operation] ?? 0) + 1
    const chunks = []
    request.on('data', chunk => chunks.push(chunk))
    // The access key that signed the call: whose credentials were used.
    const signedBy = /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1]
    request.on('end', () =>
      requests.push({ operation, signedBy, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') })
    )
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
    forward.on('error', () => response.destroy())
    request.pipe(forward)
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    calls: () => ({ ...counts }),
    requests: () => [...requests],
    reset: () => {
      counts = {}
      requests = []
    },
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(installDynamoDbLocal())
