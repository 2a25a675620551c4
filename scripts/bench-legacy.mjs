// The legacy Lambda's loop, run by the benchmark as a process of its own so that it resolves names and trusts
// certificates as the pass does (the same resolv.conf, NODE_EXTRA_CA_CERTS): for each target one after
// another, a GetItem, a request, a PutItem. Takes its work as JSON in BENCH_LEGACY and prints the time it took
// and how many answered 200.
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { request } from 'undici'

const { urls, table, endpoint, region, credentials, timeoutMs } = JSON.parse(process.env.BENCH_LEGACY)
const client = new DynamoDBClient({ region, endpoint, credentials })
let up = 0
const started = performance.now()
for (const url of urls) {
  const key = { url: { S: url }, name: { S: url } }
  await client.send(new GetItemCommand({ TableName: table, Key: key }))
  let ok
  try {
    const response = await request(url, { signal: AbortSignal.timeout(timeoutMs) })
    await response.body.dump()
    ok = response.statusCode === 200
    if (ok) up++
  } catch {
    ok = false
  }
  // The Lambda read the stored status to compare, and wrote on every check.
  await client.send(new PutItemCommand({ TableName: table, Item: { ...key, status: { BOOL: ok } } }))
}
const wallMs = performance.now() - started
client.destroy()
console.log(JSON.stringify({ wallMs, up }))
