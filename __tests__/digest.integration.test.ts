// A week of passes end to end, the clock moved by the test: a pass every two hours over two targets on
// 127.0.0.1, with their state in DynamoDB Local and in a state file, and the mail read from fauxqs. At the hour
// the digest is due two runs start together: one digest is mailed, with the figures of the outage simulated.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { FileStateStore } from '../src/state/file.js'
import { digestKey, LEGACY_DIGEST_KEY, type StateStore } from '../src/state/store.js'
import { type TargetKey } from '../src/targets/model.js'
import { runInProcess, runTogether, targetsFile } from './support/action.js'
import { createTable, dynamoClient, type Mailbox, type ReceivedMail } from './support/aws.js'
import { useParts } from './support/parts.js'

const parts = useParts()
const client: DynamoDBClient = dynamoClient()
afterAll(() => client.destroy())

const HOUR = 3_600_000
/** The week of the digest due on Monday 30 November 2026 at 08:00 UTC begins a week before. */
const START = Date.parse('2026-11-23T08:00:00Z')
const DUE = Date.parse('2026-11-30T08:00:00Z')
const at = (pass: number) => START + pass * 2 * HOUR
/** api answers 503 from Tuesday 06:00 to the pass before 10:00: down 4 hours of the week's 168. */
const [DOWN_FROM, DOWN_UNTIL] = [11, 13]

const SUBJECT = '[upwatch] Week 48: 98.80% up, 1 incident'
/** 14,400 s down of api's 604,800: 97.619...%; of both targets' 1,209,600: 98.809...%. */
const LINES = [
  '98.80% up across 2 targets',
  '1 incident, 4h down in all',
  'api: 97.61% up, 4h down',
  '  DOWN Tue 24 Nov 06:00 to 10:00 (4h)',
  '    HTTP 503, expected 200-299',
  'web: 100% up',
  "SLOWEST BY P95 (ITS SLOWEST DAY'S)"
]

/** The digest's record of the runs here: acme/monitor's (support/action.ts), outside a workflow's event. */
const OWN = digestKey(undefined, 'acme/monitor')

/** The digest of the week due at `due` recorded sent under `key`, as another run would leave it. */
async function sentBefore(store: StateStore, key: TargetKey, due = DUE) {
  const week = new Date(due).toISOString()
  const claim = { week, claim: 'another run', leaseUntil: new Date(due + 3 * 60_000).toISOString() }
  expect(await store.claimDigest(key, claim, week)).toBe(true)
  await store.settleDigest(key, week, 'another run', true, week)
}

const digests = (mails: ReceivedMail[]) => mails.filter(mail => mail.changes.includes('DIGEST'))

/** The week's passes with `inputs`, up to the one before the digest is due; no digest is mailed meanwhile. */
async function week(inputs: Record<string, string>, tag: string, mailbox: Mailbox) {
  const file = targetsFile(
    `targets:\n  - { name: api, url: "${parts.farm.http(`/switch/api-${tag}`)}", retries: 0 }\n` +
      `  - { name: web, url: "${parts.farm.http('/status/200')}" }\n`
  )
  const all = { ...inputs, targets: file, 'sns-topic-arn': mailbox.topicArn, digest: 'weekly' }
  for (let pass = 0; at(pass) < DUE; pass++) {
    if (pass === DOWN_FROM) parts.farm.set(`api-${tag}`, 503)
    if (pass === DOWN_UNTIL) parts.farm.set(`api-${tag}`, 200)
    const run = await runInProcess(all, parts.env, () => at(pass))
    expect([pass, run.errors]).toEqual([pass, []])
  }
  expect(digests(await mailbox.take())).toEqual([])
  return all
}

/** At the due hour: a dry run says so, two runs together mail one digest, and a later run none. */
async function dueHour(inputs: Record<string, string>, mailbox: Mailbox) {
  const dry = await runInProcess({ ...inputs, 'dry-run': 'true' }, parts.env, () => DUE)
  expect(dry.log).toContain('The weekly digest of week 48 is due; a dry run sends none.')
  expect(digests(await mailbox.take())).toEqual([])

  const together = await runTogether(2, inputs, parts.env, () => DUE + 60_000)
  expect(together.errors).toEqual([])
  // Both found it due: one claimed it, the other lost the conditional write.
  expect(together.log).toContain(
    'The weekly digest of week 48 was claimed by an overlapping run, which sends it.'
  )
  const later = await runInProcess(inputs, parts.env, () => DUE + 2 * HOUR)
  expect(later.errors).toEqual([])
  const mails = digests(await mailbox.take())
  expect(mails.map(mail => mail.subject)).toEqual([SUBJECT])
  const lines = mails[0].body.split('\n')
  for (const line of LINES) expect(lines).toContain(line)
}

describe('the weekly digest', () => {
  it('is mailed once for the week from DynamoDB, even by two runs at once', async () => {
    const table = await createTable()
    const mailbox = await parts.fauxqs.mailbox()
    await dueHour(await week({ 'dynamodb-table': table }, table, mailbox), mailbox)
  }, 120_000)

  it('is mailed once for the week from the state file, even by two runs at once', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-digest-')), 'state.json')
    const mailbox = await parts.fauxqs.mailbox()
    const tag = path.basename(path.dirname(stateFile))
    await dueHour(await week({ 'state-file': stateFile }, tag, mailbox), mailbox)
  }, 120_000)

  it('is sent by a later run when the run that claimed it died before sending it', async () => {
    const table = await createTable()
    const mailbox = await parts.fauxqs.mailbox()
    const inputs = await week({ 'dynamodb-table': table }, `dead-${table}`, mailbox)
    const store = new DynamoDbStateStore(client, table)
    const week48 = new Date(DUE).toISOString()
    const claim = {
      week: week48,
      claim: 'a run that died',
      leaseUntil: new Date(DUE + 3 * 60_000).toISOString()
    }
    expect(await store.claimDigest(OWN, claim, week48)).toBe(true)

    await runInProcess(inputs, parts.env, () => DUE + 60_000)
    expect(digests(await mailbox.take())).toEqual([])
    await runInProcess(inputs, parts.env, () => DUE + 5 * 60_000)
    expect(digests(await mailbox.take()).map(mail => mail.subject)).toEqual([SUBJECT])
  }, 120_000)

  it('is mailed for each repository that shares the table', async () => {
    const table = await createTable()
    const mailbox = await parts.fauxqs.mailbox()
    const inputs = await week({ 'dynamodb-table': table }, `shared-${table}`, mailbox)
    // acme/other watches the same targets from the same table; with one record for the table, whichever ran
    // first mailed the week and the other none.
    const other = await runInProcess(
      inputs,
      { ...parts.env, GITHUB_REPOSITORY: 'acme/other' },
      () => DUE + 60_000
    )
    const own = await runInProcess(inputs, parts.env, () => DUE + 2 * 60_000)
    expect([other.errors, own.errors]).toEqual([[], []])
    expect(digests(await mailbox.take()).map(mail => mail.subject)).toEqual([SUBJECT, SUBJECT])
  }, 120_000)

  it('is not mailed twice the week of an upgrade, and is its own from the next week on', async () => {
    const table = await createTable()
    const mailbox = await parts.fauxqs.mailbox()
    const inputs = await week({ 'dynamodb-table': table }, `upgrade-${table}`, mailbox)
    const store = new DynamoDbStateStore(client, table)
    // Week 48 sent under the table's record by an earlier release: this repository's before the upgrade, or
    // another's that still runs one and shares the table.
    await sentBefore(store, LEGACY_DIGEST_KEY, DUE)
    await runInProcess(inputs, parts.env, () => DUE + 60_000)
    expect(digests(await mailbox.take())).toEqual([])

    const DUE49 = DUE + 7 * 24 * HOUR
    for (let at = DUE + 2 * HOUR; at < DUE49; at += 2 * HOUR) await runInProcess(inputs, parts.env, () => at)
    // The other repository sends week 49 under the table's record first, every week: this one's run must still
    // mail its own, not take the other's for it again.
    await sentBefore(store, LEGACY_DIGEST_KEY, DUE49)
    const week49 = await runInProcess(inputs, parts.env, () => DUE49 + 60_000)
    expect(week49.errors).toEqual([])
    expect(digests(await mailbox.take()).map(mail => mail.subject)).toEqual([
      '[upwatch] Week 49: 100% up, 0 incidents'
    ])
  }, 180_000)
})

describe.each([
  [
    'the state file',
    (): StateStore =>
      new FileStateStore(path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-digest-')), 'state.json'))
  ],
  ['DynamoDB', async (): Promise<StateStore> => new DynamoDbStateStore(client, await createTable())]
])("the digest's record in %s", (_, open) => {
  it("is the workflow's own once it has one, and the table's from before until then", async () => {
    const store = await open()
    await sentBefore(store, LEGACY_DIGEST_KEY)
    const week48 = new Date(DUE).toISOString()
    const sent = {
      week: week48,
      claim: 'another run',
      leaseUntil: new Date(DUE + 3 * 60_000).toISOString(),
      sentAt: week48
    }
    const read = async (key: TargetKey) => {
      const { digest, inheritedDigest } = await store.read([], { digest: key })
      return { digest, inheritedDigest }
    }
    expect(await read(OWN)).toEqual({ digest: undefined, inheritedDigest: sent })
    // Adopted once: a second adoption finds the record there and leaves it.
    await store.adoptDigest(OWN, sent)
    await store.adoptDigest(OWN, { ...sent, week: '2020-01-06T08:00:00.000Z' })
    expect(await read(OWN)).toEqual({ digest: sent, inheritedDigest: undefined })
    const week49 = new Date(DUE + 7 * 24 * HOUR).toISOString()
    const claim = { week: week49, claim: 'this run', leaseUntil: week49 }
    expect(await store.claimDigest(OWN, claim, week49)).toBe(true)
    expect(await read(OWN)).toEqual({ digest: claim, inheritedDigest: undefined })
    // The table's record is left as it was, and stands for another repository's until it has its own.
    expect(await read(LEGACY_DIGEST_KEY)).toEqual({ digest: sent, inheritedDigest: undefined })
    expect(await read(digestKey('up.yml', 'acme/other'))).toEqual({
      digest: undefined,
      inheritedDigest: sent
    })
  })
})
