// `npm run bench:emulator`: what DynamoDB Local itself takes to create the items of a first sight, in each form
// a batch of new items can be written, with nothing else running. The first sight of `npm run bench` shares two
// cores with this emulator, and its figure is bounded by it: this prints that bound, form by form.
//
// Each form writes 10,000 new items shaped as a first sight writes them, to a table of its own, 16 calls in
// flight as upwatch writes, after the warm-up `npm run bench` gives the emulator. Printed: the calls, the
// emulator's CPU (user and system, from /proc) and the wall time, round after round.
//
// BENCH_EMULATOR_ITEMS (10000), BENCH_EMULATOR_ROUNDS (3), BENCH_EMULATOR_FORMS (a comma-separated subset of
// the forms' names below).
import {
  BatchExecuteStatementCommand,
  BatchWriteItemCommand,
  DynamoDBClient,
  TransactWriteItemsCommand,
  UpdateItemCommand
} from '@aws-sdk/client-dynamodb'
import { createStateTable, startDynamoDbLocal, warmUp } from './dynamodb-local.mjs'
import { processCpuMs } from './process-cpu.mjs'

const ITEMS = Number(process.env.BENCH_EMULATOR_ITEMS ?? 10_000)
const ROUNDS = Number(process.env.BENCH_EMULATOR_ROUNDS ?? 3)
const IN_FLIGHT = 16
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' }
const at = new Date(Date.UTC(2026, 0, 1)).toISOString()

const key = index => ({ url: { S: `https://t${index}.farm.upwatch.test/` }, name: { S: `t${index}` } })
/** The attributes of a target seen for the first time, up, as upwatch stores them. */
const attributes = index => ({
  state: { S: 'up' },
  since: { S: at },
  failures: { N: '0' },
  successes: { N: '1' },
  announced: { S: 'up' },
  announcedSince: { S: at },
  pending: { M: {} },
  history: { S: `1|${at}|u|${index}` },
  assumed: { BOOL: false },
  status: { BOOL: true },
  version: { N: '1' }
})
const notThere = {
  ConditionExpression: 'attribute_not_exists(#url)',
  ExpressionAttributeNames: { '#url': 'url' }
}

/** An UpdateItem's fields that create the item at `index` only where it is not. */
function creation(table, index) {
  const values = attributes(index)
  const names = Object.keys(values)
  return {
    TableName: table,
    Key: key(index),
    UpdateExpression: `SET ${names.map((_, at) => `#s${at} = :s${at}`).join(', ')}`,
    ConditionExpression: 'attribute_not_exists(#url)',
    ExpressionAttributeNames: {
      '#url': 'url',
      ...Object.fromEntries(names.map((name, at) => [`#s${at}`, name]))
    },
    ExpressionAttributeValues: Object.fromEntries(names.map((name, at) => [`:s${at}`, values[name]]))
  }
}

/** Each form: whether it is conditional, how many items a call takes, and the call for those items. */
const FORMS = {
  'UpdateItem, one by one (before issue 12)': {
    conditional: true,
    per: 1,
    call: (table, [index]) => new UpdateItemCommand(creation(table, index))
  },
  'INSERT, BatchExecuteStatement (upwatch)': {
    conditional: true,
    per: 25,
    call: (table, indexes) =>
      new BatchExecuteStatementCommand({
        Statements: indexes.map(index => {
          const item = { ...key(index), ...attributes(index) }
          const names = Object.keys(item)
          return {
            Statement: `INSERT INTO "${table}" VALUE {${names.map(name => `'${name}': ?`).join(', ')}}`,
            Parameters: names.map(name => item[name])
          }
        })
      })
  },
  'Update, TransactWriteItems': {
    conditional: true,
    per: 100,
    call: (table, indexes) =>
      new TransactWriteItemsCommand({
        TransactItems: indexes.map(index => ({ Update: creation(table, index) }))
      })
  },
  'Put, TransactWriteItems': {
    conditional: true,
    per: 100,
    call: (table, indexes) =>
      new TransactWriteItemsCommand({
        TransactItems: indexes.map(index => ({
          Put: { TableName: table, Item: { ...key(index), ...attributes(index) }, ...notThere }
        }))
      })
  },
  'PutRequest, BatchWriteItem': {
    conditional: false,
    per: 25,
    call: (table, indexes) =>
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: indexes.map(index => ({ PutRequest: { Item: { ...key(index), ...attributes(index) } } }))
        }
      })
  }
}

const chosen = process.env.BENCH_EMULATOR_FORMS?.split(',').map(name => name.trim())
const forms = Object.entries(FORMS).filter(([name]) => !chosen || chosen.some(part => name.includes(part)))
const { endpoint, child } = await startDynamoDbLocal()
const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials })
try {
  await warmUp(endpoint, credentials)
  console.log(
    `DynamoDB Local, ${ITEMS.toLocaleString('en')} new items a form, ${IN_FLIGHT} calls in flight\n`
  )
  console.log(
    `${'form'.padEnd(42)} ${'conditional'.padEnd(11)} ${'calls'.padStart(6)}  emulator CPU ms  wall ms`
  )
  let tables = 0
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, { conditional, per, call }] of forms) {
      const table = `bench-emulator-${tables++}`
      await createStateTable(endpoint, table, credentials)
      const calls = Array.from({ length: Math.ceil(ITEMS / per) }, (_, at) =>
        Array.from({ length: Math.min(per, ITEMS - at * per) }, (_, offset) => at * per + offset)
      )
      const count = calls.length
      const cpuBefore = processCpuMs(child.pid)
      const started = performance.now()
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          for (let indexes = calls.shift(); indexes; indexes = calls.shift())
            await client.send(call(table, indexes))
        })
      )
      const wall = performance.now() - started
      const cpu = processCpuMs(child.pid) - cpuBefore
      console.log(
        `${name.padEnd(42)} ${(conditional ? 'yes' : 'no').padEnd(11)} ${String(count).padStart(6)}  ` +
          `${cpu.toLocaleString('en').padStart(15)}  ${Math.round(wall).toLocaleString('en').padStart(7)}`
      )
    }
  }
} finally {
  client.destroy()
  child.kill()
}
