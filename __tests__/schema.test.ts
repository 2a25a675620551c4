// The JSON Schema for editors is generated from the declaration the validator walks: the committed file must
// be that output, and the schema must accept and reject what the action does, but for the few things that
// JSON Schema cannot say, each named below with why.
import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { Redactor } from '../src/redact.js'
import { readTargets } from '../src/targets/parse.js'
import { SCHEMA_FILE, targetsFileSchema, targetsFileSchemaText } from '../src/targets/schema.js'

/** Every variable the files use but one, so that a URL made of variables can be valid. */
const env = {
  API_TOKEN: 'tok-123456',
  BASE_URL: 'https://a.example',
  HOST: 'a.example',
  PORT: '5432',
  DB: 'db.example:5432',
  TLS: 's'
}

const target = (fields: string) => `targets:\n  - { name: a, ${fields} }\n`
const http = (fields: string) => target(`url: "https://a.example", ${fields}`)
const tcp = (fields: string) => target(`url: "tcp://db.example:5432", ${fields}`)
const window = (fields: string) => `maintenance:\n  - { ${fields} }\ntargets: []\n`

/** Files, and whether the action accepts them. */
const FILES: [string, string, 'valid' | 'invalid'][] = [
  ['the example', readFileSync('examples/upwatch.yml', 'utf8'), 'valid'],
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
`,
    'valid'
  ],
  ['legacy', '{"servers": [{"name": "a", "url": "http://a.example"}]}', 'valid'],
  [
    'URLs made of variables',
    `
canary: \${BASE_URL}
targets:
  - { name: a, url: "\${BASE_URL}/health" }
  - { name: b, url: "https://\${HOST}/x" }
  - { name: c, url: "tcp://\${HOST}:\${PORT}", send: PING }
  - { name: d, url: "tcp://\${DB}" }
  - { name: e, url: "http\${TLS}://a.example" }
`,
    'valid'
  ],
  [
    'URLs the URL parser reads as meant',
    `
canary: "tcp://[::1]:5432"
targets:
  - { name: a, url: "HTTPS://A.EXAMPLE/" }
  - { name: b, url: " https://a.example " }
  - { name: c, url: "https:a.example" }
  - { name: d, url: "tcp://user:pw@db.example:5432/" }
`,
    'valid'
  ],
  [
    'HTTP settings in defaults, which a TCP target ignores',
    `
defaults: { method: POST, headers: { a: b }, follow-redirects: 1, insecure: true, expect: { status: 204, certificate: 1d } }
targets:
  - { name: db, url: "tcp://db.example:5432" }
`,
    'valid'
  ],
  [
    'both kinds of window',
    `
maintenance:
  - { from: "2026-12-01T02:00:00Z", to: "2026-12-01T04:00:00+01:00", timezone: UTC }
  - { days: [sun], start: "02:00", duration: 2h, timezone: Europe/Berlin }
targets: []
`,
    'valid'
  ],
  [
    'every unit of duration',
    http('timeout: " 1.5d ", expect: { max-latency: 500ms, certificate: 2h }'),
    'valid'
  ],
  ['the lowest and highest codes', http('expect: { status: [100, "100-599", " 599 "] }'), 'valid'],
  ['an unknown key', http('tiemout: 5s'), 'invalid'],
  ['a missing url', target('retries: 1'), 'invalid'],
  ['a duration without a unit', http('timeout: 10'), 'invalid'],
  ['status 700', http('expect: { status: 700 }'), 'invalid'],
  ['status "600"', http('expect: { status: "600" }'), 'invalid'],
  ['status "099"', http('expect: { status: "099" }'), 'invalid'],
  ['a range past 599', http('expect: { status: "200-600" }'), 'invalid'],
  ['a JSON value that is not plain', http('expect: { json: { a: [1] } }'), 'invalid'],
  ['too many redirects', http('follow-redirects: 50'), 'invalid'],
  ['a bad method', http('method: fetch'), 'invalid'],
  [
    'a legacy entry with an extra key',
    '{"servers": [{"name": "a", "url": "http://a.example", "port": 1}]}',
    'invalid'
  ],
  ['an ftp URL', target('url: "ftp://files.example"'), 'invalid'],
  ['an ftp URL with a variable', target('url: "ftp://${HOST}/x"'), 'invalid'],
  ['an empty URL', target('url: ""'), 'invalid'],
  ['not a URL', target('url: example.com'), 'invalid'],
  ['an http URL without a host', target('url: "https://"'), 'invalid'],
  ['a tcp URL without a port', target('url: "tcp://db.example"'), 'invalid'],
  ['a tcp URL with an empty port', target('url: "tcp://db.example:"'), 'invalid'],
  ['a tcp URL whose variable comes after the host', target('url: "tcp://db.example/${PORT}"'), 'invalid'],
  ['an ftp canary', 'canary: ftp://files.example\ntargets: []\n', 'invalid'],
  ['a legacy ftp URL', '{"servers": [{"name": "a", "url": "ftp://a.example"}]}', 'invalid'],
  ...[
    'method: GET',
    'headers: { a: b }',
    'body: hello',
    'follow-redirects: false',
    'insecure: true',
    'expect: { status: 200 }',
    'expect: { json: { a: 1 } }',
    'expect: { headers: { a: b } }',
    'expect: { certificate: 14d }'
  ].map((fields): [string, string, 'invalid'] => [`${fields} on a tcp target`, tcp(fields), 'invalid']),
  ['send on an http target', http('send: PING'), 'invalid'],
  ['send on an HTTP target in capitals', target('url: "HTTP://a.example", send: PING'), 'invalid'],
  ['an empty window', window(''), 'invalid'],
  ['a window with only a time zone', window('timezone: UTC'), 'invalid'],
  ['a one-off window with only from', window('from: "2026-12-01T02:00:00Z"'), 'invalid'],
  ['a one-off window with only to', window('to: "2026-12-01T02:00:00Z"'), 'invalid'],
  [
    'a window of both kinds',
    window('from: "2026-12-01T02:00:00Z", to: "2026-12-01T04:00:00Z", days: [sun]'),
    'invalid'
  ],
  ['a weekly window without a duration', window('days: [sun], start: "02:00"'), 'invalid'],
  ['a time without a zone', window('from: "2026-12-01 02:00", to: "2026-12-01T04:00:00Z"'), 'invalid'],
  ['a range that ends below its start', http('expect: { status: "299-200" }'), 'invalid'],
  [
    'a time zone that does not exist',
    window('days: [sun], start: "02:00", duration: 2h, timezone: Europe/Berlinn'),
    'invalid'
  ],
  ['a regular expression that does not compile', http('expect: { body: "/(unclosed/" }'), 'invalid'],
  [
    'a time that is not a date',
    window('from: "2026-13-45T02:00:00Z", to: "2026-12-01T04:00:00Z"'),
    'invalid'
  ],
  [
    'a window that ends before it starts',
    window('from: "2026-12-01T04:00:00Z", to: "2026-12-01T02:00:00Z"'),
    'invalid'
  ],
  [
    'a duplicate name',
    'targets:\n  - { name: a, url: "https://a.example" }\n  - { name: a, url: "https://b.example" }\n',
    'invalid'
  ],
  ['a variable that is not set', http('headers: { X-Key: "${MISSING_KEY}" }'), 'invalid'],
  ['send on a target whose URL is a variable', target('url: "${BASE_URL}", send: PING'), 'invalid'],
  ['a host with a space', target('url: "https://exa mple.com"'), 'invalid'],
  ['a port above 65535', target('url: "tcp://db.example:65536"'), 'invalid'],
  ['the highest port', target('url: "tcp://db.example:65535"'), 'valid'],
  ['the longest timeout', http('timeout: 24d, expect: { certificate: 90d }, remind-every: 400d'), 'valid'],
  ['a timeout longer than a timer can wait', http('timeout: 30d'), 'invalid'],
  ['a weekly window longer than a week', window('days: [sun], start: "02:00", duration: 8d'), 'invalid'],
  ['a name with a line break', 'targets:\n  - { name: "a\\nb", url: "https://a.example" }\n', 'invalid'],
  ['a name with a C1 control', '{"servers": [{"name": "a\\u0085b", "url": "http://a.example"}]}', 'invalid'],
  [
    'a name of 201 characters',
    `targets:\n  - { name: ${'n'.repeat(201)}, url: "https://a.example" }\n`,
    'invalid'
  ],
  // Both count characters, not UTF-16 units: an emoji is one of 200.
  ['a name of 200 emoji', `targets:\n  - { name: ${'🟢'.repeat(200)}, url: "https://a.example" }\n`, 'valid'],
  [
    'a name of 201 emoji',
    `targets:\n  - { name: ${'🟢'.repeat(201)}, url: "https://a.example" }\n`,
    'invalid'
  ]
]

/**
 * The files the action rejects and the schema accepts, each with why JSON Schema cannot (or, for
 * readability, does not) say it. Any other disagreement fails the test.
 */
const BEYOND_SCHEMA: Record<string, string> = {
  'a range that ends below its start':
    'not expressed: comparing the two codes in a pattern takes backreferences, outside the regex subset JSON Schema recommends, or an alternative for each of the 50 first two digits, which no editor would show readably',
  'a time zone that does not exist':
    "the runtime's ICU data decides, and it takes aliases and any case: an enum would refuse names the action knows",
  'a regular expression that does not compile':
    'JSON Schema cannot compile a pattern found in a value; format "regex" is an annotation in 2020-12, and the value is /pattern/flags',
  'a time that is not a date':
    'the action takes what Date.parse reads, more than ISO 8601; a pattern can only ask for the zone at the end',
  'a window that ends before it starts': 'JSON Schema cannot compare two values',
  'a duplicate name': 'uniqueItems compares whole items, not one key of them',
  'a variable that is not set': "the values come from the step's environment, not the file",
  'send on a target whose URL is a variable':
    'the scheme, and so the probe whose keys apply, comes from the value',
  'a timeout longer than a timer can wait':
    'a pattern cannot compare the number with the limit, which differs by unit (2147483647ms, 24d, 596h), readably',
  'a weekly window longer than a week':
    'a pattern cannot compare the number with the limit, which differs by unit (7d, 168h, 10080m), readably',
  'a host with a space':
    "the URL parser's rules for hosts (forbidden characters, IDNA, IPv6) are beyond a readable pattern, which checks that a host starts"
}

/** Compiled as strictly as ajv can, without allowUnionTypes, so that any editor's validator takes it. */
const bySchema = new Ajv2020({ strict: true }).compile(targetsFileSchema())

/** Whether the action itself takes the file. */
function byAction(text: string): boolean {
  return 'file' in readTargets(text, env, new Redactor())
}

describe('the JSON Schema of the targets file', () => {
  it(`is committed as ${SCHEMA_FILE}, as npm run schema writes it`, () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(targetsFileSchemaText())
  })

  it.each(FILES)('agrees with the action on %s', (name, text, verdict) => {
    expect(byAction(text)).toBe(verdict === 'valid')
    expect(bySchema(parse(text))).toBe(verdict === 'valid' || name in BEYOND_SCHEMA)
  })

  it('disagrees only on files of the list, which the action rejects', () => {
    const rejected = FILES.filter(([, , verdict]) => verdict === 'invalid').map(([name]) => name)
    expect(rejected).toEqual(expect.arrayContaining(Object.keys(BEYOND_SCHEMA)))
  })
})
