// The JSON Schema for editors is generated from the declaration the validator walks: the committed file must
// be that output, and the schema and the validator must agree on what a valid file is.
import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import {
  legacyFile,
  SCHEMA_FILE,
  targetsFile,
  targetsFileSchema,
  targetsFileSchemaText,
  validate
} from '../src/targets/schema.js'

const FILES: [string, string][] = [
  ['the example', readFileSync('examples/upwatch.yml', 'utf8')],
  [
    'every option',
    `
defaults: { timeout: 5s, retries: 2, follow-redirects: 3, insecure: false, expect: { certificate: 14d, max-latency: 2s } }
targets:
  - name: api
    url: https://api.example.com/health
    method: POST
    headers: { Authorization: "Bearer \${API_TOKEN}" }
    body: '{"ping":true}'
    follow-redirects: false
    expect:
      status: ["200-299", 304]
      body: /"status":\\s*"UP"/
      body-not: maintenance
      json: { status: UP, checks.db.healthy: true, version: 2, note: null }
      headers: { content-type: /json/ }
  - { name: redis, url: "tcp://cache:6379", send: "PING\\r\\n", expect: { body: "+PONG" } }
`
  ],
  ['legacy', '{"servers": [{"name": "a", "url": "http://a.example"}]}'],
  ['unknown key', 'targets:\n  - { name: a, url: "https://a.example", tiemout: 5s }\n'],
  ['missing url', 'targets:\n  - { name: a }\n'],
  ['duration without unit', 'targets:\n  - { name: a, url: "https://a.example", timeout: 10 }\n'],
  ['status out of range', 'targets:\n  - { name: a, url: "https://a.example", expect: { status: 700 } }\n'],
  [
    'json value not scalar',
    'targets:\n  - { name: a, url: "https://a.example", expect: { json: { a: [1] } } }\n'
  ],
  [
    'follow-redirects too many',
    'targets:\n  - { name: a, url: "https://a.example", follow-redirects: 50 }\n'
  ],
  ['bad method', 'targets:\n  - { name: a, url: "https://a.example", method: fetch }\n'],
  ['legacy with extra key', '{"servers": [{"name": "a", "url": "http://a.example", "port": 1}]}']
]

describe('the JSON Schema of the targets file', () => {
  it(`is committed as ${SCHEMA_FILE}, as npm run schema writes it`, () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(targetsFileSchemaText())
  })

  it.each(FILES)('agrees with the validator on %s', (_, text) => {
    const data = parse(text)
    const check = new Ajv2020({ strict: false }).compile(targetsFileSchema())
    const byValidator =
      validate(data, 'servers' in data && !('targets' in data) ? legacyFile : targetsFile).length === 0
    expect(check(data)).toBe(byValidator)
  })

  it('accepts the files that should pass, so the comparison above has both kinds', () => {
    const valid = FILES.filter(([, text]) => {
      const data = parse(text)
      return validate(data, 'servers' in data ? legacyFile : targetsFile).length === 0
    })
    expect(valid.map(([name]) => name)).toEqual(['the example', 'every option', 'legacy'])
  })
})
