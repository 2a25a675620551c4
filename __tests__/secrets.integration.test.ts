// Secrets stay hidden, and nothing else is: names and URLs as written, free text redacted for every secret
// long enough to mask, everywhere a server's words go (log, summary, outputs, mail, the state table).
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { resultsOf, runInProcess, targetsFile, type Env } from './support/action.js'
import { createTable, dynamoClient, startFauxqs, type Fauxqs } from './support/aws.js'
import { listen } from './support/servers.js'

const TOKEN = 'tok_SECRET_81f2'
const freshStateFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'upwatch-secrets-')), 'state.json')
let echo: http.Server
let base: string
let fauxqs: Fauxqs
let env: Env
const documents = DynamoDBDocumentClient.from(dynamoClient())

beforeAll(async () => {
  // Answers 503 with the request's credentials in its JSON body, as a careless or hostile server might.
  echo = http.createServer((request, response) => {
    response.writeHead(503, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        status: `${request.headers.authorization ?? ''} ${String(request.headers['x-api-key'] ?? '')}`
      })
    )
  })
  base = `http://127.0.0.1:${await listen(echo)}`
  fauxqs = await startFauxqs()
  env = {
    AWS_ENDPOINT_URL_DYNAMODB: process.env.UPWATCH_TEST_DYNAMODB,
    AWS_ENDPOINT_URL_SNS: fauxqs.endpoint
  }
})

afterAll(async () => {
  echo.closeAllConnections()
  echo.close()
  await fauxqs.close()
  documents.destroy()
})

describe('redaction', () => {
  it('never rewrites a name or a URL as written, and hides a secret a server echoes everywhere', async () => {
    const table = await createTable()
    const mailbox = await fauxqs.mailbox()
    const inputs = {
      targets: targetsFile(`
targets:
  - name: prod-web
    url: ${base}/\${STAGE}/health
    retries: 0
    headers: { X-Api-Key: "\${API_KEY}" }
    expect: { status: 503, json: { status: ok } }
`),
      'dynamodb-table': table,
      'sns-topic-arn': mailbox.topicArn
    }
    const run = await runInProcess(inputs, { ...env, STAGE: 'prod', API_KEY: TOKEN })
    expect(run.errors).toEqual([])

    const [mail] = await mailbox.take()
    expect(mail.subject).toBe('[upwatch] DOWN: prod-web')
    expect(mail.body).toContain(`DOWN: prod-web\n  URL:      ${base}/\${STAGE}/health`)
    expect(mail.body).toContain('Reason:   HTTP 503, JSON status is " ***", expected "ok"')
    const [result] = resultsOf(run)
    expect(result).toMatchObject({ name: 'prod-web', url: `${base}/\${STAGE}/health` })
    expect(run.summary).toContain('<td>prod-web</td>')

    const { Item } = await documents.send(
      new GetCommand({ TableName: table, Key: { url: `${base}/\${STAGE}/health`, name: 'prod-web' } })
    )
    expect(Item?.reason).toBe('HTTP 503, JSON status is " ***", expected "ok"')
    for (const text of [
      run.log.replaceAll(`::add-mask::${TOKEN}`, ''),
      run.summary,
      JSON.stringify(run.outputs),
      JSON.stringify(mail),
      JSON.stringify(Item)
    ])
      expect(text).not.toContain(TOKEN)
  })

  it('hides the Basic credentials made from a URL password', async () => {
    const stateFile = freshStateFile()
    const run = await runInProcess({
      targets: targetsFile(`
targets:
  - name: admin
    url: http://ops:hunter2hunter2@${base.slice('http://'.length)}/admin
    retries: 0
    expect: { status: 503, json: { status: ok } }
`),
      'state-file': stateFile
    })
    const basic = Buffer.from('ops:hunter2hunter2').toString('base64')
    expect(run.log).toContain(`::add-mask::${basic}`)
    const [result] = resultsOf(run)
    expect(result.url).toBe(`http://ops:***@${base.slice('http://'.length)}/admin`)
    expect(result.reason).toBe('HTTP 503, JSON status is "Basic *** ", expected "ok"')
  })

  it('warns once that a secret too short to mask is not masked in free text, and leaves that text alone', async () => {
    const stateFile = freshStateFile()
    const run = await runInProcess(
      {
        targets: targetsFile(`
targets:
  - { name: api, url: "${base}/a", retries: 0, headers: { X-Api-Key: "\${API_TOKEN}" } }
  - { name: web, url: "${base}/b", retries: 0, headers: { X-Api-Key: "\${API_TOKEN}" } }
`),
        'state-file': stateFile
      },
      { API_TOKEN: 'x' }
    )
    expect(run.log).toContain('::add-mask::x')
    const warnings = run.log
      .split('\n')
      .filter(line => line.includes('${API_TOKEN} is shorter than 4 characters'))
    expect(warnings).toHaveLength(1)
    const results = resultsOf(run)
    expect(results.map(result => result.reason)).toEqual([
      'HTTP 503, expected 200-299',
      'HTTP 503, expected 200-299'
    ])
  })
})
