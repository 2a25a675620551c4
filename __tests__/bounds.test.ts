// Hostile targets files are bounded: a file of any size is refused with a message that says where, in time
// that grows with the file, not with its square, and the message lists at most MAX_LISTED problems.
import { describe, expect, it } from '@jest/globals'
import { Redactor } from '../src/redact.js'
import { MAX_LISTED } from '../src/targets/explain.js'
import { EXPANSION } from '../src/targets/expansion.js'
import { parseTargets } from '../src/targets/parse.js'

async function errorOf(text: string): Promise<string> {
  try {
    await parseTargets(text, '.github/upwatch.yml', {}, new Redactor())
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('expected the file to be rejected')
}

/** A targets file of `count` entries, each on one line from line 2. */
const entries = (count: number, entry: (index: number) => string) =>
  `targets:\n${Array.from({ length: count }, (_, index) => `  - ${entry(index)}`).join('\n')}\n`

/** A target with `count` more keys, each on its own line from line 4, made by `key`. */
const keys = (count: number, key: (index: number) => string) =>
  `targets:\n  - name: a\n    url: https://a.example\n${Array.from({ length: count }, (_, index) => `    ${key(index)}`).join('\n')}\n`

const ALLOWED =
  'name, url, body, send, timeout, retries, method, headers, follow-redirects, insecure, expect, failure-threshold, success-threshold, notify-degraded, remind-every, maintenance, group, public, assignees'

const listed = (message: string) => message.split('\n').filter(line => line.startsWith('  - '))

describe('a hostile targets file', () => {
  it('with 150,000 invalid entries is refused with the first problems located, not a stack overflow', async () => {
    const message = await errorOf(
      entries(150_000, index => `{ name: t${index}, url: "https://a.example", tiemout: 5s }`)
    )
    expect(message).toMatch(
      /^\.github\/upwatch\.yml is not a valid targets file:\n {2}- line 2, targets\[0\]\.tiemout: unknown key "tiemout"/
    )
    expect(listed(message)).toHaveLength(MAX_LISTED + 1)
    expect(message.endsWith(`\n  - and ${150_000 - MAX_LISTED} more`)).toBe(true)
  })

  it(`lists the first ${MAX_LISTED} problems in the order of the file, and counts the rest`, async () => {
    const message = await errorOf(
      entries(150, index => `{ name: t${index}, url: "https://a.example", retries: -1 }`)
    )
    const lines = listed(message)
    expect(lines.slice(0, MAX_LISTED)).toEqual(
      Array.from(
        { length: MAX_LISTED },
        (_, index) =>
          `  - line ${index + 2}, targets[${index}].retries: expected a whole number from 0 to 10, got the number -1`
      )
    )
    expect(lines.slice(MAX_LISTED)).toEqual(['  - and 50 more'])
  })

  it('with 100,000 unknown keys in one mapping is refused with each problem located', async () => {
    const message = await errorOf(keys(100_000, index => `k${index}: 1`))
    const lines = listed(message)
    expect(lines[0]).toMatch(/^ {2}- line 4, targets\[0\]\.k0: unknown key "k0"; allowed here: name, url,/)
    expect(lines[MAX_LISTED - 1]).toMatch(/^ {2}- line 103, targets\[0\]\.k99: unknown key "k99"/)
    expect(lines[MAX_LISTED]).toBe(`  - and ${100_000 - MAX_LISTED} more`)
  })

  it('with a repeated key at the end of a mapping of 100,000 is refused at the repeated key', async () => {
    const message = await errorOf(keys(100_000, index => `k${index % 99_999}: 1`))
    expect(message).toContain(
      '.github/upwatch.yml line 100003: not valid YAML or JSON: Map keys must be unique.'
    )
  })
})

describe('a targets file with aliases', () => {
  const headers = (count: number) => Array.from({ length: count }, (_, index) => `h${index}: v`).join(', ')

  it('that stand for far more than the file writes out is refused at the first alias', async () => {
    // 2,000 aliases to a target with 2,000 headers: 4,000,000 headers from 40 KB.
    const text = `targets:\n  - &t { name: a, url: "https://a.example", headers: { ${headers(2000)} } }\n${'  - *t\n'.repeat(1999)}`
    expect(await errorOf(text)).toBe(
      `.github/upwatch.yml line 3: its aliases (*name), the first here, stand for more than ${EXPANSION} times the file's own size, ` +
        'too much to check: write the repeated parts out, or share them through "defaults:".'
    )
  })

  it('that refer to themselves are refused, not followed forever', async () => {
    expect(await errorOf('targets: &t\n  - *t\n')).toMatch(/^\.github\/upwatch\.yml line 2: its aliases/)
  })

  it('that share parts as people do are read', async () => {
    const text =
      `defaults: { headers: &auth { ${headers(20)} } }\ntargets:\n` +
      Array.from(
        { length: 200 },
        (_, index) => `  - { name: t${index}, url: "https://a.example", headers: *auth }\n`
      ).join('')
    const file = await parseTargets(text, 'upwatch.yml', {}, new Redactor())
    expect(file.targets).toHaveLength(200)
    expect(Object.keys(file.targets[199].headers)).toHaveLength(20)
  })
})

describe('a message about the content of a targets file', () => {
  const long = 'x'.repeat(300)
  const secret = 'https://ops:hunter2@vault.example/'

  it('quotes values and keys short, with passwords in URLs masked', async () => {
    const message = await errorOf(
      entries(3, index =>
        [
          `{ name: "${'n'.repeat(150)}", url: "ftp${'p'.repeat(100)}://a.example"`,
          `"${secret}${long}": 1, method: "GET ${long}", retries: "${secret}"`,
          index === 0
            ? `maintenance: [{ days: [sun], start: "02:00", duration: 2h, timezone: "${long}" }] }`
            : '}'
        ].join(', ')
      )
    )
    expect(listed(message).slice(0, 6)).toEqual([
      `  - line 2, targets[0].https://ops:***@vault.example/xxxxxxx...: unknown key "https://ops:***@vault.example/xxxxxx...; allowed here: ${ALLOWED}`,
      '  - line 2, targets[0].method: "GET xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
      '  - line 2, targets[0].retries: expected a whole number from 0 to 10, got the string "https://ops:***@vault.example/"',
      '  - line 2, targets[0].maintenance[0].timezone: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... is not a time zone; use an IANA name such as Europe/Berlin or UTC',
      `  - line 3, targets[1].https://ops:***@vault.example/xxxxxxx...: unknown key "https://ops:***@vault.example/xxxxxx...; allowed here: ${ALLOWED}`,
      '  - line 3, targets[1].method: "GET xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'
    ])
    expect(message).toContain(
      '  - line 3, targets[1].name: "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn... is already the name of targets[0]; names must be unique'
    )
    expect(message).not.toContain('hunter2')
    expect(message).not.toMatch(/[xn]{41}/)
    const urls = await errorOf(
      entries(
        2,
        index =>
          `{ name: t${index}, url: "${index === 0 ? `ftp${long}://a.example` : `a.example/?token=${long}`}" }`
      )
    )
    expect(listed(urls)).toEqual([
      '  - line 2, targets[0].url: the scheme "ftpxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... is not supported; use http://, https:// or tcp://host:port',
      '  - line 3, targets[1].url: "a.example/?token=xxxxxxxxxxxxxxxxxxx... is not a URL; write it in full, such as https://example.com/health'
    ])
  })

  it.each([
    ['a tag', `timeout: !${secret}${long} 5s`],
    ['a block scalar header', `body: |  ${secret} ${long} and more words\n      text`],
    ['an alias', `timeout: *${secret}${long}`]
  ])('that is not YAML quotes %s short, with passwords in URLs masked', async (_, line) => {
    const message = await errorOf(`targets:\n  - name: a\n    url: https://a.example\n    ${line}\n`)
    expect(message).toMatch(/^\.github\/upwatch\.yml line 4: not valid YAML or JSON: /)
    expect(message).not.toContain('hunter2')
    expect(message).not.toMatch(/x{41}/)
  })
})
