// upwatch's own way into AWS, over HTTP on loopback: a GitHub token endpoint and an STS endpoint of the
// test's, then DynamoDB Local called with the credentials STS returned; and CloudWatch metrics as a local
// endpoint receives them.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import { gunzipSync } from 'node:zlib'
import { runInProcess, targetsFile, type Env } from './support/action.js'
import { countingProxy, createTable, type CountingProxy } from './support/aws.js'
import { listen, startFarm, type Farm } from './support/servers.js'

const ROLE = 'arn:aws:iam::123456789012:role/upwatch'
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvbW9uaXRvciJ9.c2lnbmF0dXJl'
const ISSUED = {
  accessKeyId: 'ASIAUPWATCHTEST42',
  secretAccessKey: 'assumedSecret42',
  sessionToken: 'assumedSession42'
}

let farm: Farm
let proxy: CountingProxy
const servers: http.Server[] = []
/** What the local STS was asked, and whether it should refuse. */
const sts = { requests: [] as URLSearchParams[], refuse: false }
const tokenRequests: string[] = []
/** Every PutMetricData body the local CloudWatch received. */
const metricCalls: {
  Namespace: string
  MetricData: { MetricName: string; Value: number; Dimensions?: { Name: string; Value: string }[] }[]
}[] = []
let endpoints: { token: string; sts: string; cloudwatch: string }

/** Serves `handler` on loopback; a handler that fails resets the connection, which fails the run that asked. */
async function serve(
  handler: (request: http.IncomingMessage, response: http.ServerResponse) => void | Promise<void>
): Promise<string> {
  const server = http.createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch((error: Error) => response.destroy(error))
  })
  servers.push(server)
  return `http://127.0.0.1:${await listen(server)}`
}

/** A request's body; the SDK gzips large ones (CloudWatch's request compression). */
const body = (request: http.IncomingMessage) =>
  new Promise<string>(resolve => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const raw = Buffer.concat(chunks)
      resolve((request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString())
    })
  })

beforeAll(async () => {
  farm = await startFarm()
  proxy = await countingProxy()
  const token = await serve((request, response) => {
    tokenRequests.push(`${request.url} ${request.headers.authorization}`)
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: TOKEN }))
  })
  const stsUrl = await serve(async (request, response) => {
    const params = new URLSearchParams(await body(request))
    sts.requests.push(params)
    if (sts.refuse) {
      response
        .writeHead(400, { 'content-type': 'text/xml' })
        .end(
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
            '<Code>InvalidIdentityToken</Code><Message>No OpenIDConnect provider found in your account</Message></Error>' +
            '<RequestId>r1</RequestId></ErrorResponse>'
        )
      return
    }
    response
      .writeHead(200, { 'content-type': 'text/xml' })
      .end(
        '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>' +
          `<Credentials><AccessKeyId>${ISSUED.accessKeyId}</AccessKeyId><SecretAccessKey>${ISSUED.secretAccessKey}</SecretAccessKey>` +
          `<SessionToken>${ISSUED.sessionToken}</SessionToken><Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration></Credentials>` +
          '<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/upwatch/s</Arn><AssumedRoleId>AROA1:s</AssumedRoleId></AssumedRoleUser>' +
          '</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>'
      )
  })
  const cloudwatch = await serve(async (request, response) => {
    metricCalls.push(JSON.parse(await body(request)) as (typeof metricCalls)[number])
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}')
  })
  endpoints = { token: `${token}/token?api-version=2.0`, sts: stsUrl, cloudwatch }
})

afterAll(async () => {
  await farm.close()
  await proxy.close()
  for (const server of servers) {
    server.closeAllConnections()
    server.close()
  }
})

/** A runner's environment with OIDC allowed, and no AWS keys of its own. */
function oidcEnv(extra: Env = {}): Env {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: endpoints.token,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_ENDPOINT_URL_STS: endpoints.sts,
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    ...extra
  }
}

describe('role-to-assume', () => {
  it('exchanges a GitHub OIDC token for the role and uses those credentials, masked, for its own calls', async () => {
    const table = await createTable()
    const inputs = {
      targets: targetsFile(`targets:\n  - { name: web, url: "${farm.http('/status/200')}" }\n`),
      'dynamodb-table': table,
      'role-to-assume': ROLE
    }
    proxy.reset()
    const run = await runInProcess(inputs, oidcEnv())
    expect(run.errors).toEqual([])
    expect(run.outputs.up).toBe('1')
    expect(tokenRequests.at(-1)).toBe(
      '/token?api-version=2.0&audience=sts.amazonaws.com Bearer runner-request-token'
    )
    const asked = sts.requests.at(-1)!
    expect([asked.get('Action'), asked.get('RoleArn'), asked.get('WebIdentityToken')]).toEqual([
      'AssumeRoleWithWebIdentity',
      ROLE,
      TOKEN
    ])
    expect(asked.get('RoleSessionName')).toMatch(/^upwatch-4242\.1\.[0-9a-f]{8}$/)
    expect(new Set(proxy.requests().map(call => call.signedBy))).toEqual(new Set([ISSUED.accessKeyId]))
    for (const secret of Object.values(ISSUED)) expect(run.log).toContain(`::add-mask::${secret}`)
  })

  it('says which permission to add when the job may not ask for an OIDC token', async () => {
    const run = await runInProcess(
      {
        targets: targetsFile(`targets:\n  - { name: web, url: "${farm.http('/status/200')}" }\n`),
        'role-to-assume': ROLE
      },
      oidcEnv({ ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined })
    )
    expect(run.exitCode).toBe(1)
    expect(run.errors[0]).toBe(
      'role-to-assume needs an OIDC token from GitHub, and this job may not ask for one. Add to the workflow (or the job):\n' +
        '  permissions:\n    id-token: write\n    contents: read'
    )
  })

  it('explains a rejected token by the trust policy it needs', async () => {
    sts.refuse = true
    try {
      const run = await runInProcess(
        {
          targets: targetsFile(`targets:\n  - { name: web, url: "${farm.http('/status/200')}" }\n`),
          'role-to-assume': ROLE
        },
        oidcEnv()
      )
      expect(run.exitCode).toBe(1)
      expect(run.errors[0]).toContain(`Could not assume the role ${ROLE}: AWS rejected GitHub's token`)
      expect(run.errors[0]).toContain('No OpenIDConnect provider found in your account')
      expect(run.errors[0]).toContain('token.actions.githubusercontent.com, with audience sts.amazonaws.com')
    } finally {
      sts.refuse = false
    }
  })
})

describe('CloudWatch metrics', () => {
  it("sends the heartbeat and each target's Up and Latency to CloudWatch", async () => {
    metricCalls.length = 0
    const run = await runInProcess(
      {
        targets: targetsFile(
          `targets:\n  - { name: api, url: "${farm.http('/status/503')}", retries: 0 }\n` +
            `  - { name: web, url: "${farm.http('/status/200')}" }\n`
        ),
        'state-file': `${targetsFile('')}.state.json`,
        'cloudwatch-namespace': 'upwatch/test'
      },
      { AWS_ENDPOINT_URL_CLOUDWATCH: endpoints.cloudwatch }
    )
    expect(run.errors).toEqual([])
    // How larger passes are cut into calls is metrics.test.ts's.
    expect(metricCalls.map(call => call.Namespace)).toEqual(['upwatch/test'])
    const data = metricCalls[0].MetricData.map(datum => [
      datum.MetricName,
      datum.Dimensions?.[0].Value,
      datum.Value
    ])
    expect(data).toEqual([
      ['Heartbeat', undefined, 1],
      ['Up', 'api', 0],
      ['Latency', 'api', expect.any(Number)],
      ['Up', 'web', 1],
      ['Latency', 'web', expect.any(Number)]
    ])
  })

  it('sends nothing in a dry run, whose heartbeat would hide a monitor that stopped', async () => {
    metricCalls.length = 0
    const run = await runInProcess(
      {
        targets: targetsFile(`targets:\n  - { name: web, url: "${farm.http('/status/200')}" }\n`),
        'cloudwatch-namespace': 'upwatch/test',
        'dry-run': 'true'
      },
      { AWS_ENDPOINT_URL_CLOUDWATCH: endpoints.cloudwatch }
    )
    expect(run.errors).toEqual([])
    expect(run.outputs.up).toBe('1')
    expect(metricCalls).toEqual([])
  })
})
