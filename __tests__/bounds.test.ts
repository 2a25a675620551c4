// Hostile targets files are bounded: a file of any size is refused with a message that says where, in time
// that grows with the file, not with its square, and the message lists at most MAX_LISTED problems.
import { describe, expect, it } from '@jest/globals'
import { Redactor } from '../src/redact.js'
import { MAX_LISTED } from '../src/targets/explain.js'
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
