import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { Redactor } from '../src/redact.js'
import { parseTargets } from '../src/targets/parse.js'

const env = { API_TOKEN: 'tok-123456', DB_PASSWORD: 's3cret-pw' }

async function parse(text: string, redactor = new Redactor()) {
  return (await parseTargets(text, '.github/upwatch.yml', env, redactor)).targets
}

async function errorOf(text: string): Promise<string> {
  try {
    await parse(text)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected the file to be rejected')
}

describe('a valid targets file', () => {
  it('applies defaults, substitutes ${VAR} and picks the probe from the scheme', async () => {
    const redactor = new Redactor()
    const targets = await parse(
      `
defaults:
  timeout: 5s
  retries: 2
  headers:
    User-Agent: upwatch
targets:
  - name: website
    url: https://example.com
  - name: api
    url: https://api.example.com/health
    method: POST
    headers:
      Authorization: Bearer \${API_TOKEN}
    body: '{"ping":true}'
    expect:
      status: ["200-299", 304]
    timeout: 500ms
    retries: 0
  - name: db
    url: tcp://db.example.com:5432
`,
      redactor
    )
    expect(targets).toEqual([
      expect.objectContaining({
        name: 'website',
        protocol: 'http',
        method: 'GET',
        timeoutMs: 5000,
        retries: 2,
        headers: { 'User-Agent': 'upwatch' },
        expect: expect.objectContaining({ status: [{ min: 200, max: 299 }] })
      }),
      expect.objectContaining({
        name: 'api',
        method: 'POST',
        timeoutMs: 500,
        retries: 0,
        body: '{"ping":true}',
        headers: { 'User-Agent': 'upwatch', Authorization: 'Bearer tok-123456' },
        expect: expect.objectContaining({
          status: [
            { min: 200, max: 299 },
            { min: 304, max: 304 }
          ]
        })
      }),
      expect.objectContaining({ name: 'db', protocol: 'tcp', url: 'tcp://db.example.com:5432' })
    ])
    expect(redactor.redact('header Bearer tok-123456')).toBe('header Bearer ***')
  })

  it('merges expectations over the defaults, key by key', async () => {
    const [target] = await parse(`
defaults:
  follow-redirects: false
  expect:
    max-latency: 2s
    certificate: 14d
    headers: { content-type: /json/ }
targets:
  - name: api
    url: https://api.example.com
    insecure: true
    expect:
      body-not: /error/i
      max-latency: 500ms
      headers: { x-version: "2" }
      json: { status: UP, "nodes[0].healthy": true }
`)
    expect(target).toMatchObject({
      followRedirects: 0,
      insecure: true,
      expect: {
        status: [{ min: 200, max: 299 }],
        bodyNot: { source: '/error/i', regex: /error/i },
        maxLatencyMs: 500,
        certificateMs: 14 * 86_400_000,
        headers: [
          { name: 'content-type', matcher: { source: '/json/', regex: /json/ } },
          { name: 'x-version', matcher: { source: '2' } }
        ],
        json: [
          { path: 'status', value: 'UP' },
          { path: 'nodes[0].healthy', value: true }
        ]
      }
    })
  })

  it('reads the alert policy: thresholds, reminders, windows from the file, the defaults and the target, and the canary', async () => {
    const file = await parseTargets(
      `
canary: https://www.example.com
maintenance:
  - { from: "2026-12-01T02:00:00Z", to: "2026-12-01T04:00:00Z" }
defaults:
  failure-threshold: 2
  remind-every: 6h
  maintenance:
    - { days: [sat, sun], start: "22:30", duration: 90m, timezone: Europe/Berlin }
targets:
  - { name: a, url: "https://a.example" }
  - { name: b, url: "https://b.example", success-threshold: 3, notify-degraded: false, maintenance: [] }
`,
      'upwatch.yml',
      env,
      new Redactor()
    )
    expect(file.canary).toMatchObject({ name: 'canary', url: 'https://www.example.com', protocol: 'http' })
    const once = {
      kind: 'once',
      from: Date.parse('2026-12-01T02:00:00Z'),
      to: Date.parse('2026-12-01T04:00:00Z')
    }
    expect(file.targets.map(target => target.policy)).toEqual([
      {
        failureThreshold: 2,
        successThreshold: 1,
        notifyDegraded: true,
        remindEveryMs: 6 * 3_600_000,
        maintenance: [
          once,
          {
            kind: 'weekly',
            days: ['sat', 'sun'],
            startMinute: 22 * 60 + 30,
            durationMinutes: 90,
            timeZone: 'Europe/Berlin'
          }
        ]
      },
      {
        failureThreshold: 2,
        successThreshold: 3,
        notifyDegraded: false,
        remindEveryMs: 6 * 3_600_000,
        maintenance: [once]
      }
    ])
  })

  it('accepts every targets file the README shows', async () => {
    const blocks = [...readFileSync('README.md', 'utf8').matchAll(/^( *)```yaml\n([\s\S]*?)^\1```/gm)]
      .map(([, indent, block]) => block.replace(new RegExp(`^${indent}`, 'gm'), ''))
      .filter(block => block.startsWith('targets:') || block.includes('\ntargets:'))
    expect(blocks.length).toBeGreaterThanOrEqual(3)
    for (const block of blocks)
      expect((await parseTargets(block, 'README.md', env, new Redactor())).targets.length).toBeGreaterThan(0)
  })

  it("takes durations up to each field's limit: a timer's for the timeout, a week for a weekly window", async () => {
    const [target] = await parse(`
targets:
  - name: a
    url: https://a.example
    timeout: 24d
    remind-every: 1000d
    expect: { certificate: 90d, max-latency: 30d }
    maintenance:
      - { days: [sun], start: "02:00", duration: 7d }
`)
    const day = 86_400_000
    expect(target.timeoutMs).toBe(24 * day)
    expect(target.policy.remindEveryMs).toBe(1000 * day)
    expect(target.expect).toMatchObject({ certificateMs: 90 * day, maxLatencyMs: 30 * day })
    expect(target.policy.maintenance).toEqual([expect.objectContaining({ durationMinutes: 7 * 24 * 60 })])
  })

  it('accepts the legacy {"servers": [...]} JSON as it is, with the defaults', async () => {
    const targets = await parse(
      '{\n\t"servers": [\n\t\t{ "name": "googlea", "url": "http://www.google.coma" },\n\t\t{ "name": "google", "url": "http://www.google.com" }\n\t]\n}'
    )
    expect(targets.map(t => [t.name, t.url, t.method, t.timeoutMs, t.retries])).toEqual([
      ['googlea', 'http://www.google.coma', 'GET', 10_000, 1],
      ['google', 'http://www.google.com', 'GET', 10_000, 1]
    ])
  })

  it('keeps the URL as written for the state key and shows no password, while probing the real one', async () => {
    const redactor = new Redactor()
    const [target] = await parse(
      'targets:\n  - name: admin\n    url: https://ops:${DB_PASSWORD}@status.example.com/\n',
      redactor
    )
    expect(target.url).toBe('https://ops:${DB_PASSWORD}@status.example.com/'.replace('${DB_PASSWORD}', '***'))
    expect(target.address).toBe('https://ops:s3cret-pw@status.example.com/')
    expect(redactor.redact(`failed: ${target.address}`)).toBe('failed: https://ops:***@status.example.com/')
  })
})

describe('assignees', () => {
  it("gives each target the defaults' assignees, or its own list instead, for the issue of its outage", async () => {
    const targets = await parse(
      'defaults: { assignees: [octocat, hubot] }\ntargets:\n' +
        '  - { name: api, url: "https://api.example/" }\n' +
        '  - { name: web, url: "https://web.example/", assignees: [mona-lisa] }\n' +
        '  - { name: docs, url: "https://docs.example/", assignees: [] }\n'
    )
    expect(targets.map(target => [target.name, target.assignees])).toEqual([
      ['api', ['octocat', 'hubot']],
      ['web', ['mona-lisa']],
      ['docs', undefined]
    ])
  })
})

// Each bad file with the message a user gets: the file, the line, the field, and what is expected.
const BAD: [string, string, string[]][] = [
  [
    'an unknown key',
    'targets:\n  - name: a\n    url: https://a.example\n    tiemout: 5s\n',
    [
      '.github/upwatch.yml is not a valid targets file:',
      'line 4, targets[0].tiemout: unknown key "tiemout"; allowed here: name, url, body, send, timeout, retries, method, headers, follow-redirects, insecure, expect, failure-threshold, success-threshold, notify-degraded, remind-every, maintenance, group'
    ]
  ],
  [
    'an unknown top-level key',
    'target:\n  - name: a\n',
    [
      'line 1, target: unknown key "target"; allowed here: defaults, targets',
      'top level: "targets" is missing'
    ]
  ],
  [
    'a duplicate name',
    'targets:\n  - name: a\n    url: https://a.example\n  - name: a\n    url: https://b.example\n',
    ['line 4, targets[1].name: "a" is already the name of targets[0]; names must be unique']
  ],
  [
    'a duplicate name beside other problems, the duplicate entry among them, in the order of the file',
    'targets:\n  - name: a\n    url: https://a.example\n    retries: many\n  - name: a\n    url: https://b.example\n    tiemout: 5s\n',
    [
      'line 4, targets[0].retries: expected a whole number from 0 to 10, got the string "many"',
      'line 5, targets[1].name: "a" is already the name of targets[0]; names must be unique',
      'line 7, targets[1].tiemout: unknown key "tiemout"'
    ]
  ],
  [
    'a duplicate whose URL is wrong too',
    'targets:\n  - name: db\n    url: tcp://db.example:5432\n  - name: db\n    url: tcp://db2.example\n',
    [
      'line 4, targets[1].name: "db" is already the name of targets[0]; names must be unique',
      'line 5, targets[1].url: a tcp:// URL needs a host and a port, such as tcp://db.example.com:5432'
    ]
  ],
  [
    'a missing url',
    'targets:\n  - name: a\n  - name: b\n    url: https://b.example\n',
    ['line 2, targets[0]: "url" is missing: http://, https:// or tcp://host:port']
  ],
  [
    'an unsupported scheme',
    'targets:\n  - name: a\n    url: ftp://files.example\n',
    ['line 3, targets[0].url: the scheme "ftp:" is not supported; use http://, https:// or tcp://host:port']
  ],
  [
    'a tcp URL without a port',
    'targets:\n  - name: db\n    url: tcp://db.example\n',
    ['line 3, targets[0].url: a tcp:// URL needs a host and a port, such as tcp://db.example.com:5432']
  ],
  [
    'not a URL',
    'targets:\n  - name: a\n    url: example.com\n',
    [
      'line 3, targets[0].url: "example.com" is not a URL; write it in full, such as https://example.com/health'
    ]
  ],
  [
    'a duration without a unit',
    'defaults:\n  timeout: 10\ntargets: []\n',
    ['line 2, defaults.timeout: expected a duration with a unit, such as 500ms, 10s or 5m, got the number 10']
  ],
  [
    'a bad status range',
    'targets:\n  - name: a\n    url: https://a.example\n    expect:\n      status: [200, 2xx]\n',
    [
      'line 5, targets[0].expect.status: expected a status code such as 200, a range such as "200-299", or a list of them, got a list'
    ]
  ],
  [
    'a negative retry count',
    'targets:\n  - name: a\n    url: https://a.example\n    retries: -1\n',
    ['line 4, targets[0].retries: expected a whole number from 0 to 10, got the number -1']
  ],
  [
    'an unknown method',
    'targets:\n  - name: a\n    url: https://a.example\n    method: FETCH\n',
    ['line 4, targets[0].method: "FETCH" is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS']
  ],
  [
    'a variable that is not set',
    'targets:\n  - name: a\n    url: https://a.example\n    headers:\n      X-Key: ${MISSING_KEY}\n',
    [
      "line 5, targets[0].headers.X-Key: ${MISSING_KEY} is not set in the step's environment: add it to the step, for example env: { MISSING_KEY: ${{ secrets.MISSING_KEY }} }"
    ]
  ],
  [
    'HTTP options on a TCP target',
    'targets:\n  - name: db\n    url: tcp://db.example:5432\n    method: POST\n',
    ['line 4, targets[0].method: "method" applies only to http:// and https:// targets']
  ],
  [
    'a list where a mapping belongs',
    'targets:\n  name: a\n',
    ['line 2, targets: expected a list, got a mapping']
  ],
  [
    'a legacy entry with an extra key',
    '{"servers": [{"name": "a", "url": "http://a.example", "port": 80}]}',
    ['line 1, servers[0].port: unknown key "port"; allowed here: name, url']
  ],
  [
    'YAML that does not parse',
    'targets:\n  - name: a\n   url: https://a.example\n',
    ['.github/upwatch.yml line 3: not valid YAML or JSON:']
  ],
  [
    'a duplicate key',
    'targets:\n  - name: a\n    name: b\n    url: https://a.example\n',
    ['.github/upwatch.yml line 3: not valid YAML or JSON: Map keys must be unique']
  ],
  [
    'a regular expression that does not compile',
    'targets:\n  - name: a\n    url: https://a.example\n    expect:\n      body: "/(unclosed/"\n',
    [
      'line 5, targets[0].expect.body: /(unclosed/ is not a valid regular expression: Invalid regular expression'
    ]
  ],
  [
    'a JSON expectation that is not a plain value',
    'targets:\n  - name: a\n    url: https://a.example\n    expect:\n      json: { checks: { db: up } }\n',
    ['line 5, targets[0].expect.json.checks: expected a string, number, true, false or null, got a mapping']
  ],
  [
    'an assignee that is no GitHub login',
    'defaults:\n  assignees: [octocat, "ops team"]\ntargets: []\n',
    ['line 2, defaults.assignees[1]: expected a GitHub login, such as octocat']
  ],
  [
    'a bad follow-redirects',
    'defaults:\n  follow-redirects: always\ntargets: []\n',
    [
      'line 2, defaults.follow-redirects: expected true, false, or the most redirects to follow (0 to 20), got the string "always"'
    ]
  ],
  [
    'send on an HTTP target',
    'targets:\n  - name: a\n    url: https://a.example\n    send: PING\n',
    ['line 4, targets[0].send: "send" applies only to tcp:// targets']
  ],
  [
    'HTTP expectations on a TCP target',
    'targets:\n  - name: db\n    url: tcp://db.example:5432\n    expect:\n      status: 200\n      certificate: 14d\n',
    [
      'line 5, targets[0].expect.status: "status" applies only to http:// and https:// targets',
      'line 6, targets[0].expect.certificate: "certificate" applies only to http:// and https:// targets'
    ]
  ],
  [
    'a window with both kinds of keys',
    'maintenance:\n  - { from: "2026-12-01T02:00:00Z", to: "2026-12-01T04:00:00Z", days: [sun] }\ntargets: []\n',
    ['line 2, maintenance[0]: a window is either from/to (once) or days/start/duration (weekly), not both']
  ],
  [
    'a window that ends before it starts',
    'targets:\n  - name: a\n    url: https://a.example\n    maintenance:\n      - { from: "2026-12-01T04:00:00Z", to: "2026-12-01T02:00:00Z" }\n',
    [
      'line 5, targets[0].maintenance[0]: the window ends at "2026-12-01T02:00:00Z", before it starts at "2026-12-01T04:00:00Z"'
    ]
  ],
  [
    'a weekly window without a start',
    'defaults:\n  maintenance:\n    - { days: [sun], duration: 2h }\ntargets: []\n',
    ['line 3, defaults.maintenance[0]: a weekly window needs days, start and duration']
  ],
  [
    'a time without a zone, an unknown day and time zone',
    'maintenance:\n  - { from: "2026-12-01 02:00", to: "2026-12-01T04:00:00Z" }\n  - { days: [sunday], start: "2:00", duration: 2h, timezone: Europe/Berlinn }\ntargets: []\n',
    [
      'line 2, maintenance[0].from: expected an ISO 8601 time with its zone, such as 2026-12-01T02:00:00Z',
      'line 3, maintenance[1].days[0]: "sunday" is not one of sun, mon, tue, wed, thu, fri, sat',
      'line 3, maintenance[1].start: expected a time of day such as 02:00',
      'line 3, maintenance[1].timezone: "Europe/Berlinn" is not a time zone; use an IANA name such as Europe/Berlin or UTC'
    ]
  ],
  [
    'a threshold of zero',
    'defaults:\n  failure-threshold: 0\ntargets: []\n',
    ['line 2, defaults.failure-threshold: expected a whole number from 1 to 100, got the number 0']
  ],
  [
    'a canary that is not a URL',
    'canary: example.com\ntargets: []\n',
    ['line 1, canary: "example.com" is not a URL; write it in full, such as https://example.com/health']
  ],
  [
    'names with a line break or an escape code, or too long, or too long twice',
    'targets:\n  - name: "api\\n::error::injected"\n    url: https://a.example\n  - { name: "web\\e[8m", url: https://b.example }\n' +
      `  - { name: ${'n'.repeat(201)}, url: https://c.example }\n  - { name: ${'n'.repeat(201)}, url: https://d.example }\n`,
    [
      'line 2, targets[0].name: expected a name without control characters (line breaks, tabs, escape codes)',
      'line 4, targets[1].name: expected a name without control characters (line breaks, tabs, escape codes)',
      'line 5, targets[2].name: expected at most 200 characters, got 201',
      'line 6, targets[3].name: expected at most 200 characters, got 201'
    ]
  ],
  [
    'a timeout longer than a timer can wait, and a weekly window longer than a week',
    'defaults:\n  timeout: 30d\ntargets:\n  - name: a\n    url: https://a.example\n    timeout: 24.9d\n    maintenance:\n      - { days: [sun], start: "02:00", duration: 8d }\n',
    [
      'line 2, defaults.timeout: "30d" is more than a timer can wait (2147483647ms, about 24.8 days): at most 24d',
      'line 6, targets[0].timeout: "24.9d" is more than a timer can wait (2147483647ms, about 24.8 days): at most 24d',
      'line 8, targets[0].maintenance[0].duration: "8d" is longer than a week, and a weekly window would never end: at most 7d'
    ]
  ],
  [
    'a duration too long to count',
    `targets:\n  - name: a\n    url: https://a.example\n    expect: { certificate: ${'9'.repeat(400)}d }\n`,
    [
      `line 4, targets[0].expect.certificate: "${'9'.repeat(36)}... is more milliseconds than upwatch can count: at most 104249991d`
    ]
  ],
  ['an empty file', '# nothing yet\n', ['.github/upwatch.yml is empty: list what to watch under "targets:"']]
]

describe('a targets file that does not validate', () => {
  it.each(BAD)('rejects %s with the line, the field and what is expected', async (_, text, expected) => {
    const message = await errorOf(text)
    for (const line of expected) expect(message).toContain(line)
    // In the order of the file.
    const positions = expected.map(line => message.indexOf(line))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(message).not.toMatch(/\n\s+at /)
  })

  it('quotes no name that is itself refused, a repeated one neither', async () => {
    const long = 'n'.repeat(100 * 1024)
    const message = await errorOf(
      `targets:\n  - { name: ${long}, url: https://a.example }\n  - { name: ${long}, url: https://b.example }\n`
    )
    expect(message).not.toContain('n'.repeat(201))
    expect(message.split('\n').filter(line => line.startsWith('  - '))).toHaveLength(2)
  })

  it('lists every problem at once', async () => {
    const message = await errorOf(
      'targets:\n  - name: a\n    url: ftp://x\n  - name: b\n    url: https://b.example\n    retries: 99\n'
    )
    expect(message.split('\n').filter(line => line.startsWith('  - '))).toHaveLength(2)
  })
})
