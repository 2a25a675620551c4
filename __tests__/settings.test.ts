import { afterEach, describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { readSettings } from '../src/settings.js'

const base = { GITHUB_WORKSPACE: '/repo' }
const saved = { ...process.env }

function withInputs(inputs: Record<string, string>) {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
}

/** The message readSettings refuses `inputs` with, or `accepted`. */
function refusal(inputs: Record<string, string>): string {
  withInputs(inputs)
  try {
    readSettings({ ...base })
    return 'accepted'
  } catch (error) {
    return (error as Error).message
  }
}

afterEach(() => {
  process.env = { ...saved }
})

describe('settings', () => {
  it('reads the defaults of action.yml when inputs are empty', () => {
    withInputs({})
    const settings = readSettings({ ...base })
    expect(settings).toMatchObject({
      targets: path.resolve('/repo', '.github/upwatch.yml'),
      stateFile: path.resolve('/repo', '.upwatch/state.json'),
      dynamodbTable: undefined,
      snsTopicArn: undefined,
      region: undefined,
      concurrency: 'auto',
      dryRun: false,
      failOnDown: false
    })
  })

  it('takes the region from the input, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    withInputs({})
    expect(readSettings({ ...base, AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-1')
    expect(
      readSettings({ ...base, AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'eu-west-1' }).region
    ).toBe('eu-central-1')
    withInputs({ 'aws-region': 'ap-northeast-1' })
    expect(readSettings({ ...base, AWS_REGION: 'eu-central-1' }).region).toBe('ap-northeast-1')
  })

  it('keeps s3:// targets as they are and builds the run link from the runner variables', () => {
    withInputs({ targets: 's3://bucket/servers.json', concurrency: '32', 'dry-run': 'true' })
    const settings = readSettings({
      ...base,
      AWS_REGION: 'eu-west-1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/monitor',
      GITHUB_RUN_ID: '99'
    })
    expect(settings).toMatchObject({
      targets: 's3://bucket/servers.json',
      concurrency: 32,
      dryRun: true
    })
    expect(settings.runId).not.toBe(readSettings({ ...base, AWS_REGION: 'eu-west-1' }).runId)
  })

  it.each([
    [{ concurrency: '0' }, 'The input concurrency must be auto or a whole number from 1 to 10000, not "0".'],
    [
      { concurrency: 'many' },
      'The input concurrency must be auto or a whole number from 1 to 10000, not "many".'
    ],
    [{ 'dry-run': 'yes please' }, 'The input dry-run must be true or false, not "yes please".'],
    [
      { 'role-to-assume': 'upwatch-role' },
      'The input role-to-assume must be an IAM role ARN such as arn:aws:iam::123456789012:role/upwatch, not "upwatch-role".'
    ],
    [{ 'cloudwatch-namespace': 'AWS/EC2' }, 'The input cloudwatch-namespace must be 1 to 255 letters'],
    [{ shard: '4/3' }, 'The input shard must be K/N with 1 <= K <= N <= 1000'],
    [
      { 'sns-topic-arn': 'upwatch-topic' },
      'The input sns-topic-arn must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:upwatch, not "upwatch-topic".'
    ],
    [{ 'dynamodb-table': 'x' }, 'The input dynamodb-table must be a DynamoDB table name'],
    [
      { 'dynamodb-table': 'upwatch' },
      'The input dynamodb-table needs an AWS region, and none is set: give the input aws-region (for example aws-region: us-east-1), or set AWS_REGION in the environment.'
    ]
  ])('rejects %j with a message that says what to do', (inputs, message) => {
    withInputs(inputs)
    expect(() => readSettings({ ...base })).toThrow(message)
  })

  it.each(['0x10', '1e2', '0b10000', '16.0', '+16', '\u0661\u0666', '1_000'])(
    'reads concurrency %j as decimal digits only, and refuses it',
    concurrency => {
      withInputs({ concurrency })
      expect(() => readSettings({ ...base })).toThrow(
        `The input concurrency must be auto or a whole number from 1 to 10000, not "${concurrency}".`
      )
    }
  )

  it.each([
    [
      { concurrency: ' 016 ', shard: ' 2 / 4 ' },
      { concurrency: 16, shard: { index: 2, count: 4 } }
    ],
    [
      { concurrency: '10000', shard: '4/4' },
      { concurrency: 10_000, shard: { index: 4, count: 4 } }
    ]
  ])('reads %j in decimal, around spaces as for every input', (inputs, read) => {
    withInputs(inputs)
    expect(readSettings({ ...base })).toMatchObject(read)
  })

  it.each(['0x1/2', '1e0/2', '1/0x2', '1.0/2', '\u0661/2'])(
    'reads shard %j as decimal digits only, and refuses it',
    shard => {
      withInputs({ shard })
      expect(() => readSettings({ ...base })).toThrow(`The input shard must be K/N with 1 <= K <= N <= 1000`)
    }
  )

  it('reports every problem with the inputs at once', () => {
    withInputs({
      targets: 's3://config/upwatch.yml',
      concurrency: 'many',
      'dry-run': 'yes',
      'dynamodb-table': 'upwatch',
      // A topic's ARN names its region: it needs no aws-region.
      'sns-topic-arn': 'arn:aws:sns:eu-west-1:123456789012:upwatch'
    })
    expect(() => readSettings({ ...base })).toThrow(
      [
        '3 problems with the inputs:',
        '  - The input concurrency must be auto or a whole number from 1 to 10000, not "many".',
        '  - The input dry-run must be true or false, not "yes".',
        '  - Targets from S3 and the input dynamodb-table need an AWS region, and none is set: give the input aws-region (for example aws-region: us-east-1), or set AWS_REGION in the environment.'
      ].join('\n')
    )
  })

  it('checks the GitHub API as the reference address only inside GitHub Actions', () => {
    withInputs({})
    const api = { GITHUB_API_URL: 'https://api.github.com' }
    expect(readSettings({ ...base, ...api, GITHUB_ACTIONS: 'true' }).referenceUrl).toBe(
      'https://api.github.com'
    )
    expect(readSettings({ ...base, ...api }).referenceUrl).toBeUndefined()
  })

  it('places the status page in the workspace or in S3, and refuses what cannot work', () => {
    withInputs({ 'status-page': 'site', 'aws-region': 'us-east-1' })
    expect(readSettings({ ...base }).statusPage).toEqual({
      kind: 'directory',
      path: path.resolve('/repo', 'site')
    })
    withInputs({ 'status-page': 's3://bucket/status/', 'aws-region': 'us-east-1' })
    expect(readSettings({ ...base }).statusPage).toEqual({ kind: 's3', bucket: 'bucket', prefix: 'status/' })
    expect(refusal({ 'status-page-only': 'true' })).toBe(
      'The input status-page-only writes the status page and the digest and nothing else, and status-page is ' +
        'empty and digest none: give status-page a directory or an s3:// URI, or set digest to weekly, or leave ' +
        'status-page-only false.'
    )
    expect(refusal({ 'status-page': 'site', shard: '1/2' })).toBe(
      'The input status-page writes the page of every target, and shard picks a slice of them: write the page ' +
        'in one job after the matrix, with status-page-only: true and no shard.'
    )
    expect(refusal({ 'status-page': 's3://bucket' })).toContain('A status page on S3 needs an AWS region')
  })

  it('reads the digest schedule, and refuses one a sharded run or a run without history would send', () => {
    withInputs({
      digest: 'weekly',
      'digest-day': 'Sun',
      'digest-hour': '23',
      'digest-time-zone': 'Europe/Berlin'
    })
    expect(readSettings({ ...base }).digest).toEqual({ day: 'sun', hour: 23, timeZone: 'Europe/Berlin' })
    withInputs({ digest: 'weekly' })
    expect(readSettings({ ...base }).digest).toEqual({ day: 'mon', hour: 8, timeZone: 'UTC' })
    withInputs({})
    expect(readSettings({ ...base }).digest).toBeUndefined()
    expect(refusal({ digest: 'weekly', shard: '1/2' })).toBe(
      'The input digest mails a digest of every target, and shard picks a slice of them: send it from one job ' +
        'after the matrix, with status-page-only: true and no shard.'
    )
    expect(refusal({ digest: 'weekly', history: 'false' })).toBe(
      "The input digest is made from the targets' history, and history is false: leave history at true, or " +
        'digest at none.'
    )
    expect(
      refusal({
        digest: 'daily',
        'digest-day': 'monday',
        'digest-hour': '24',
        'digest-time-zone': 'Mars/Base'
      })
    ).toBe(
      'The input digest must be none or weekly, not "daily". The input digest-day must be a day of the week, ' +
        'sun, mon, tue, wed, thu, fri, sat, not "monday". The input digest-hour must be a whole hour from 0 to 23, ' +
        'not "24". The input digest-time-zone must be an IANA time zone such as Europe/Berlin, or UTC, not ' +
        '"Mars/Base".'
    )
    expect(refusal({ 'status-page-only': 'true', digest: 'weekly' })).toBe('accepted')
  })
})

describe('vantages', () => {
  const eu = 'arn:aws:lambda:eu-west-1:123456789012:function:upwatch-vantage'
  const ap = 'arn:aws:lambda:ap-northeast-1:123456789012:function:upwatch-vantage'
  const eu2 = 'arn:aws:lambda:eu-west-1:123456789012:function:second'
  const read = (inputs: Record<string, string>) => {
    withInputs({ 'aws-region': 'us-east-1', ...inputs })
    return readSettings({ ...base })
  }

  it('reads the ARNs one a line, each in its region, and a majority of the places as the quorum', () => {
    expect(read({})).toMatchObject({
      vantages: [],
      quorum: 1,
      vantageDeadlineMs: 15_000,
      runnerOnlyAfterMs: 3_600_000
    })
    const settings = read({ vantages: `${eu}\n${ap}\n` })
    expect(settings.vantages).toEqual([
      { arn: eu, region: 'eu-west-1', place: 'eu-west-1' },
      { arn: ap, region: 'ap-northeast-1', place: 'ap-northeast-1' }
    ])
    // The runner and two vantages: two of three.
    expect(settings.quorum).toBe(2)
    expect(read({ vantages: `${eu}, ${ap}, ${eu2}` }).quorum).toBe(3)
    expect(read({ vantages: `${eu} ${eu2}` }).vantages.map(vantage => vantage.place)).toEqual([
      'eu-west-1/upwatch-vantage',
      'eu-west-1/second'
    ])
    expect(
      read({ vantages: eu, quorum: '1', 'vantage-deadline': '5s', 'runner-only-after': 'never' })
    ).toMatchObject({
      quorum: 1,
      vantageDeadlineMs: 5000,
      runnerOnlyAfterMs: undefined
    })
  })

  it('refuses what is not a function ARN, a quorum beyond the places, and a deadline a run cannot wait', () => {
    expect(refusal({ 'aws-region': 'us-east-1', vantages: `${eu}\nupwatch-vantage` })).toBe(
      'The input vantages must list Lambda function ARNs such as arn:aws:lambda:eu-west-1:123456789012:function:upwatch-vantage ' +
        '(the FunctionArn output of infra/vantage.yml), one a line; not "upwatch-vantage".'
    )
    expect(refusal({ 'aws-region': 'us-east-1', vantages: `${eu}:live` })).toMatch(
      /^The input vantages must list/
    )
    expect(refusal({ 'aws-region': 'us-east-1', vantages: eu, quorum: '3' })).toBe(
      'The input quorum must be majority or a whole number from 1 to 2 (the runner and 1 vantage), not "3".'
    )
    expect(refusal({ quorum: '2' })).toBe(
      'The input quorum counts the places that must see a target down, and vantages is empty: give vantages, or leave quorum out.'
    )
    expect(refusal({ 'aws-region': 'us-east-1', vantages: eu, 'vantage-deadline': '2m' })).toBe(
      'The input vantage-deadline must be from 1s to 60s, not "2m".'
    )
    expect(refusal({ 'runner-only-after': 'an hour' })).toBe(
      'The input runner-only-after must be a duration such as 15s, 30m or 1h, not "an hour".'
    )
  })

  it('needs no aws-region: each vantage is called in the region of its ARN', () => {
    expect(refusal({ vantages: eu })).toBe('accepted')
  })
})
