// Fuzzing what upwatch reads from outside: the targets file and the stored state. Random bytes, and random YAML
// and JSON shaped like what is expected (the targets file's own declaration drives the generator, so new keys
// are reached without listing them here), with random keys and values at every depth. The cases are seeded:
// a failure names its seed and case, and UPWATCH_FUZZ_SEED=<seed> replays the run. Properties:
//   - the targets parser returns targets or rejects with a UserError that says where: a line, and a field;
//   - the state decoder never throws, and takes an item either as it is or as first seen, naming what is wrong;
//   - the state file and the table never fail a run over one item, and each item upwatch wrote reads back clean.
import { type AttributeValue, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, describe, expect, it } from '@jest/globals'
import { dump } from 'js-yaml'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describeError, UserError } from '../src/errors.js'
import { Redactor } from '../src/redact.js'
import { reconcile } from '../src/reconcile.js'
import { decodeState } from '../src/state/decode.js'
import { DynamoDbStateStore } from '../src/state/dynamodb.js'
import { FileStateStore } from '../src/state/file.js'
import { HEALTHS, KINDS } from '../src/state/model.js'
import { type StateStore, type Write } from '../src/state/store.js'
import { keyOf, type Policy, type TargetKey } from '../src/targets/model.js'
import { parseTargets } from '../src/targets/parse.js'
import { legacyFile, targetsFile, type Spec } from '../src/targets/schema.js'
import { createTable, dynamoClient } from './support/aws.js'
import { Random, SEED } from './support/random.js'

/** Cases per generator: enough to reach deep, few enough to take a second or two. */
const CASES = 300

/** A case that broke a property: enough to replay it (the seed and index) and to read it (the input). */
interface Finding {
  seed: number
  index: number
  input: string
  problem: string
}

/** Runs `check` on `CASES` cases, each from its own generator; returns what broke. */
async function fuzz(
  generate: (random: Random) => string,
  check: (input: string) => Promise<string | undefined> | string | undefined,
  cases = CASES
): Promise<Finding[]> {
  const findings: Finding[] = []
  for (let index = 0; index < cases; index++) {
    const input = generate(new Random(SEED, index))
    const problem = await check(input)
    if (problem !== undefined) findings.push({ seed: SEED, index, input: input.slice(0, 400), problem })
  }
  return findings
}

// ---------------------------------------------------------------------------------------------------------
// Values

/** Strings worth trying wherever text goes: valid values of every kind the file knows, and near misses. */
const STRINGS = [
  ...['500ms', '10s', '1.5s', '5m', '6h', '14d', ' 2h ', '0s', '10', '10 s', '-1s', '1e3s', '10S', '∞s'],
  ...[
    'https://example.com/health',
    'http://127.0.0.1:8080/',
    'https://${HOST}/x',
    'tcp://db.example.com:5432'
  ],
  ...['tcp://${HOST}:${PORT}', 'tcp://db:99999', 'tcp://db', 'ftp://example.com', '${URL}', '${UNSET}/x'],
  ...['https://user:pa55word@example.com/', 'http://', 'https:// spaced', 'not a url', 'HTTPS://EXAMPLE.COM'],
  ...['200', '200-299', '299-200', '304', '600', '1xx', '/ok/i', '/(/', '/a+/gimsuyd', 'healthy', '//'],
  ...['2026-11-28T10:00:00Z', '2026-11-28T10:00:00+01:00', '2026-13-45T99:00:00Z', '02:00', '24:00', '2:00'],
  ...['Europe/Paris', 'UTC', 'Mars/Olympus', 'sun', 'mon', 'Sat', 'GET', 'POST', 'get', 'BREW'],
  ...['api', 'web', '', ' ', '名前', 'a\nb', '::error::x', '##[group]x', 'Bearer ${TOKEN}', '${TOKEN}'],
  ...['__proto__', 'constructor', 'toString', 'up', 'down', 'DOWN', 'null', 'true', '~', '0x1F', '.inf']
]

/** Scalars as YAML text, put in place of a value after dumping: what dumping a JS value never writes. */
const RAW_YAML = [
  ...[
    '~',
    'null',
    'yes',
    'no',
    'on',
    'off',
    'True',
    '0x1F',
    '0o17',
    '1_000',
    '.inf',
    '-.inf',
    '.nan',
    '1e999'
  ],
  ...['2026-11-28', '2026-11-28T10:00:00Z', '!!binary aGVsbG8=', '!!str 10s', '!!int "3"', '!!float 1'],
  ...[
    '!!set {a, b}',
    '!!omap [a: 1]',
    '!!timestamp 2026-11-28',
    '!!js/regexp /x/',
    '!unknown x',
    '&a x',
    '*a'
  ],
  ...[
    '*nowhere',
    '|\n  block',
    '>-\n  folded',
    '"\\u0000"',
    '"\\ud800"',
    "'it''s'",
    '[]',
    '{}',
    '[a, [b, {c: d}]]'
  ],
  ...['@bad', '`bad', '%YAML 1.2', '? complex', '- a\n- b', '"unterminated', '{a: 1', '[1, 2', 'a: b: c']
]

/** Values as JSON text, put in place of a value after stringifying: what JSON.stringify never writes. */
const RAW_JSON = [
  ...['NaN', 'Infinity', '-0', '1e999', '0x10', '01', '.5', '"\\ud800"', '"\\u0000"', '"a\nb"', "'single'"],
  ...['[1,]', '{"a":1,}', '{"a" 1}', 'undefined', 'true false', '"unterminated', '{"a":1', '[1, 2', '//']
]

/** Any JSON value, up to `depth` levels deep. */
function anyValue(random: Random, depth: number): unknown {
  const kind = random.int(0, depth > 0 ? 7 : 5)
  switch (kind) {
    case 0:
      return null
    case 1:
      return random.chance(0.5)
    case 2:
      return random.pick([0, 1, -1, 0.5, 3, 100, 599, 1e21, -1e-7, Number.MAX_SAFE_INTEGER + 2])
    case 3:
      return random.pick(STRINGS)
    case 4:
      return random.string(20)
    case 5:
      return random.string(12, 'abc:-{}[]#&*!|>\'"%@`,?$ \n\t')
    case 6:
      return Array.from({ length: random.int(0, 3) }, () => anyValue(random, depth - 1))
    default:
      return Object.fromEntries(
        Array.from({ length: random.int(0, 3) }, () => [anyKey(random), anyValue(random, depth - 1)])
      )
  }
}

/** Keys named like what every object inherits (toString, constructor, __proto__) come up too. */
const INHERITED = Object.getOwnPropertyNames(Object.prototype)

function anyKey(random: Random): string {
  if (random.chance(0.05)) return random.pick(INHERITED)
  return random.chance(0.5) ? random.pick(STRINGS) : random.string(8)
}

/**
 * A value for `spec`, as the targets file's declaration describes it: mostly what it asks for (so that the
 * parser goes deep), sometimes anything at all, sometimes with keys it does not know.
 */
function specValue(spec: Spec, random: Random, depth: number): unknown {
  if (random.chance(0.08) || depth <= 0) return anyValue(random, 2)
  switch (spec.type) {
    case 'string': {
      if (spec.enum && random.chance(0.8)) return random.pick(spec.enum)
      const pattern = spec.pattern && new RegExp(spec.pattern)
      const fitting = pattern ? STRINGS.filter(text => pattern.test(text)) : []
      if (fitting.length > 0 && random.chance(0.8)) return random.pick(fitting)
      return random.chance(0.8) ? random.pick(STRINGS) : random.string(16)
    }
    case 'integer':
      return random.chance(0.8)
        ? random.int(spec.min, spec.max)
        : random.pick([spec.min - 1, spec.max + 1, 1.5, -0, 1e21, '3'])
    case 'boolean':
      return random.chance(0.9) ? random.chance(0.5) : random.pick(['true', 1, null])
    case 'scalar':
      return anyValue(random, 0)
    case 'array':
      return Array.from({ length: random.int(0, 4) }, () => specValue(spec.items, random, depth - 1))
    case 'map':
      return Object.fromEntries(
        Array.from({ length: random.int(0, 3) }, () => [
          anyKey(random),
          specValue(spec.values, random, depth - 1)
        ])
      )
    case 'oneOf':
      return specValue(random.pick(spec.options), random, depth)
    case 'object': {
      const entries = Object.entries(spec.fields)
        .filter(([, field]) => random.chance(field.required ? 0.95 : 0.35))
        .map(([key, field]) => [key, specValue(field.spec, random, depth - 1)])
      if (random.chance(0.1)) entries.push([anyKey(random), anyValue(random, 1)])
      return Object.fromEntries(random.chance(0.5) ? entries : entries.reverse())
    }
  }
}

/** A document shaped like a targets file (or, now and then, a legacy one or something else). */
function targetsDocument(random: Random): unknown {
  if (random.chance(0.05)) return anyValue(random, 3)
  return specValue(random.chance(0.15) ? legacyFile : targetsFile, random, 6)
}

/** Marks values to be replaced by raw text once the document is written out. */
function withRawMarks(value: unknown, random: Random, raws: string[], pool: string[]): unknown {
  if (random.chance(0.015)) {
    raws.push(random.pick(pool))
    return `RAWVALUE${raws.length - 1}X`
  }
  if (Array.isArray(value)) return value.map(item => withRawMarks(item, random, raws, pool))
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withRawMarks(item, random, raws, pool)])
    )
  return value
}

/** A few edits to the text: cuts, insertions, doubled lines, indentation moved, tabs. */
function mutate(text: string, random: Random): string {
  let result = text
  for (let edits = random.int(1, 3); edits > 0; edits--) {
    const at = random.int(0, result.length)
    const lines = result.split('\n')
    const line = random.int(0, lines.length - 1)
    switch (random.int(0, 4)) {
      case 0:
        result = result.slice(0, at) + result.slice(at + random.int(1, 8))
        break
      case 1:
        result = result.slice(0, at) + random.string(4, ':-[]{}#&*!|>\'"%@`,? \n\t') + result.slice(at)
        break
      case 2:
        lines.splice(line, 0, lines[line])
        result = lines.join('\n')
        break
      case 3:
        lines[line] = random.chance(0.5) ? `  ${lines[line]}` : lines[line].replace(/^ {1,2}/, '')
        result = lines.join('\n')
        break
      default:
        lines[line] = `\t${lines[line]}`
        result = lines.join('\n')
    }
  }
  return result
}

function yamlText(random: Random): string {
  const raws: string[] = []
  const document = withRawMarks(targetsDocument(random), random, raws, RAW_YAML)
  let text = dump(document, {
    indent: random.int(1, 4),
    flowLevel: random.int(-1, 3),
    lineWidth: random.pick([-1, 20, 80]),
    quoteStyle: random.pick(['single', 'double'] as const),
    forceQuotes: random.chance(0.2),
    noRefs: random.chance(0.5),
    seqNoIndent: random.chance(0.3),
    skipInvalid: true
  })
  text = text.replace(/(['"]?)RAWVALUE(\d+)X\1/g, (_, __, index: string) => raws[Number(index)])
  if (random.chance(0.1)) text = `# upwatch\n---\n${text}`
  if (random.chance(0.05)) text = `${text}---\nsecond: document\n`
  return random.chance(0.15) ? mutate(text, random) : text
}

function jsonText(random: Random): string {
  const raws: string[] = []
  const document = withRawMarks(targetsDocument(random), random, raws, RAW_JSON)
  let text = JSON.stringify(document, null, random.pick([0, 2, 4])) ?? 'null'
  text = text.replace(/"RAWVALUE(\d+)X"/g, (_, index: string) => raws[Number(index)])
  return random.chance(0.2) ? mutate(text, random) : text
}

function bytesText(random: Random): string {
  if (random.chance(0.5)) return new TextDecoder().decode(random.bytes(512))
  const text = random.string(400, 'targets:name url-{}[],#&*!|>\'"%@`?$~ \n\n\t0123456789')
  return random.chance(0.2) ? `\ufeff${text}` : text
}

// ---------------------------------------------------------------------------------------------------------
// The targets parser

const SOURCE = 'fuzz.yml'
const ENV = { HOST: 'example.com', PORT: '5432', TOKEN: 'fuzz-token-1234', URL: 'https://example.com/' }

/** Why the parser's answer to `text` is not one a user should get, or undefined when it is. */
async function parserProblem(text: string): Promise<string | undefined> {
  try {
    await parseTargets(text, SOURCE, ENV, new Redactor())
    return undefined
  } catch (error) {
    if (!(error instanceof UserError)) return `threw ${describeError(error)}`
    return unlocated(error.message)
  }
}

/**
 * What is missing from a refusal: each problem must say on which line, and of which field, it is. A problem
 * starts a line of its own; the text it quotes may hold line breaks of its own.
 */
function unlocated(message: string): string | undefined {
  if (message.startsWith(`${SOURCE} is empty: `)) return undefined
  if (/^fuzz\.yml line \d+: not valid YAML or JSON: \S/.test(message)) return undefined
  const [first, ...problems] = message.split(/\n(?= {2}- )/)
  if (first !== `${SOURCE} is not a valid targets file:` || problems.length === 0)
    return `a message that names no line: ${message}`
  const bad = problems.filter(
    problem => !/^ {2}- line \d+, (top level|.*?): \S/s.test(problem) && !/^ {2}- and \d+ more$/.test(problem)
  )
  return bad.length > 0 ? `problems without a line or a field: ${bad.join(' | ')}` : undefined
}

describe('the targets parser, fuzzed', () => {
  it.each([
    ['random bytes', bytesText],
    ['random YAML shaped like a targets file', yamlText],
    ['random JSON shaped like a targets file', jsonText]
  ])('takes %s, or refuses it with a UserError that names a line and a field', async (_, generate) => {
    expect(await fuzz(generate, parserProblem)).toEqual([])
  })

  it('reaches deep: some generated files are valid, most are refused for their fields, many deep inside', async () => {
    const outcomes = { valid: 0, fields: 0, deep: 0, syntax: 0 }
    await fuzz(yamlText, async text => {
      try {
        await parseTargets(text, SOURCE, ENV, new Redactor())
        outcomes.valid++
      } catch (error) {
        const message = describeError(error)
        if (!message.includes('not a valid targets file')) outcomes.syntax++
        else if (/, (targets|defaults|maintenance)(\[\d+\])?\.[\w-]+[.[]/.test(message)) outcomes.deep++
        else outcomes.fields++
      }
      return undefined
    })
    expect(outcomes.valid).toBeGreaterThan(CASES / 50)
    expect(outcomes.fields + outcomes.deep).toBeGreaterThan(CASES / 2)
    expect(outcomes.deep).toBeGreaterThan(CASES / 5)
    expect(outcomes.syntax).toBeGreaterThan(CASES / 50)
  })

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    'refuses a key named %s with a located message',
    async key => {
      const text = `targets:\n  - name: api\n    url: https://api.example.com\n    ${key}: 1\n`
      expect(await parserProblem(text)).toBeUndefined()
      await expect(parseTargets(text, SOURCE, ENV, new Redactor())).rejects.toThrow(`unknown key "${key}"`)
    }
  )
})

// ---------------------------------------------------------------------------------------------------------
// The state decoder

/** Every attribute a stored state may have, with a valid value drawn at random. */
function validState(random: Random): Record<string, unknown> {
  const time = () => new Date(Date.UTC(2026, 10, random.int(1, 28), random.int(0, 23))).toISOString()
  const pending: Record<string, unknown> = {}
  for (let count = random.int(0, 2); count > 0; count--) {
    const since = time()
    const kind = random.pick(KINDS)
    const id = `${since}/${kind}`
    pending[id] = {
      change: {
        id,
        kind,
        name: 'api',
        url: 'https://api.example.com',
        from: random.chance(0.3) ? null : random.pick(HEALTHS),
        to: random.pick(HEALTHS),
        reason: random.pick(STRINGS),
        since,
        ...(random.chance(0.5) && { previousSince: time() }),
        duration: random.chance(0.3) ? null : random.int(0, 1e6)
      },
      claim: `run-${random.int(1, 9)}`,
      leaseUntil: time()
    }
  }
  const optional = (value: unknown) => (random.chance(0.5) ? value : undefined)
  const state = random.pick(HEALTHS)
  const attributes: Record<string, unknown> = {
    state,
    since: optional(time()),
    failures: random.int(0, 5),
    successes: random.int(0, 5),
    reason: optional(random.pick(STRINGS)),
    streakSince: optional(time()),
    announced: random.pick(HEALTHS),
    announcedSince: optional(time()),
    remindedAt: optional(time()),
    pending,
    notifiedAt: optional(time()),
    assumed: optional(random.chance(0.5)),
    version: optional(random.int(0, 1000)),
    status: optional(state !== 'down'),
    [anyKey(random)]: optional(anyValue(random, 2))
  }
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined))
}

/** A valid state with a few of its attributes, at any depth, replaced, removed or added. */
function spoiledState(random: Random): Record<string, unknown> {
  const state = validState(random)
  for (let edits = random.int(0, 3); edits > 0; edits--) {
    let target: Record<string, unknown> = state
    // Down into pending, an entry and its change, now and then.
    while (random.chance(0.4)) {
      const inner = Object.values(target).filter(
        (value): value is Record<string, unknown> =>
          typeof value === 'object' && value !== null && !Array.isArray(value)
      )
      if (inner.length === 0) break
      target = random.pick(inner)
    }
    const keys = Object.keys(target)
    const key = keys.length > 0 && random.chance(0.9) ? random.pick(keys) : anyKey(random)
    if (random.chance(0.2)) delete target[key]
    else target[key] = anyValue(random, 2)
  }
  return state
}

const FIELD =
  /^(state|since|failures|successes|reason|streakSince|announced|announcedSince|remindedAt|pending|notifiedAt|assumed|version|status)[ .[]/

/** Why the decoder's answer to `attributes` breaks its promises, or undefined. */
function decoderProblem(attributes: Record<string, unknown>): string | undefined {
  let decoded
  try {
    decoded = decodeState(attributes)
  } catch (error) {
    return `threw ${describeError(error)}`
  }
  const { state, faults } = decoded
  const unnamed = faults.filter(fault => !FIELD.test(fault))
  if (unnamed.length > 0) return `faults that name no field: ${unnamed.join(' | ')}`
  if (faults.length > 0) {
    const first = state.assumed === true && state.state === 'up' && Object.keys(state.pending).length === 0
    return first ? undefined : 'an item that cannot be understood, not taken as first seen'
  }
  // What it took as it is reads back the same, and as JSON (the state file) too.
  const again = decodeState(JSON.parse(JSON.stringify(state)) as Record<string, unknown>)
  if (again.faults.length > 0) return `read back with faults: ${again.faults.join(' | ')}`
  return JSON.stringify(again.state) === JSON.stringify(state) ? undefined : 'read back different'
}

describe('the state decoder, fuzzed', () => {
  it.each([
    ['valid stored states', validState, true],
    ['stored states spoiled at random depth', spoiledState, false],
    ['any JSON maps', (random: Random) => ({ ...(anyValue(random, 4) as object) }), false]
  ])('never throws on %s, and takes each as it is or as first seen', async (_, generate, valid) => {
    const findings = await fuzz(
      random => JSON.stringify(generate(random)),
      input => {
        const attributes = JSON.parse(input) as Record<string, unknown>
        const problem = decoderProblem(attributes)
        if (problem) return problem
        if (valid && decodeState(attributes).faults.length > 0) return 'a valid state was refused'
        return undefined
      },
      CASES * 2
    )
    expect(findings).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------------------
// The stores, over whatever they hold

const KEYS: TargetKey[] = ['api', 'web', 'db'].map(name => ({ url: `https://${name}.example.com`, name }))
const policy: Policy = { failureThreshold: 1, successThreshold: 1, notifyDegraded: true, maintenance: [] }

/**
 * One run over `store`: read, decide (the targets down or up at random) and commit. Returns why that broke a
 * promise: a read or a write that failed for anything but a UserError, a lost write (no other run is on),
 * or an item this run wrote that does not read back clean.
 */
async function runOver(store: StateStore, keys: TargetKey[], random: Random): Promise<string | undefined> {
  try {
    const { states } = await store.read(keys)
    const now = '2026-11-29T08:00:00.000Z'
    const writes: Write[] = keys.map(key => ({
      key,
      ...reconcile(
        states.get(keyOf(key)),
        { ...key, health: random.pick(HEALTHS), reason: 'HTTP 503', checkedAt: now },
        policy,
        { now, runId: 'fuzz', leaseMs: 180_000 }
      )
    }))
    const lost = await store.commit(writes)
    if (lost.size > 0) return `lost writes with no other run on: ${[...lost].join(', ')}`
    const { problems } = await store.read(keys)
    return problems.length > 0
      ? `wrote items that do not read back clean: ${problems.join(' | ')}`
      : undefined
  } catch (error) {
    return error instanceof UserError ? undefined : `threw ${describeError(error)}`
  }
}

describe('the state file, fuzzed', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'upwatch-fuzz-'))
  let files = 0

  it.each([
    ['random bytes', (random: Random) => new TextDecoder().decode(random.bytes(300))],
    [
      'random JSON',
      (random: Random) =>
        JSON.stringify(random.chance(0.8) ? { items: anyValue(random, 4) } : anyValue(random, 4))
    ],
    [
      'state files with items spoiled at random depth',
      (random: Random) =>
        JSON.stringify({
          items: [
            ...KEYS.filter(() => random.chance(0.8)).map(key => ({ ...key, ...spoiledState(random) })),
            ...(random.chance(0.2) ? [anyValue(random, 2)] : [])
          ]
        })
    ]
  ])('never fails a run over %s but for a UserError about the whole file', async (_, generate) => {
    const findings = await fuzz(
      generate,
      async text => {
        const file = path.join(folder, `state-${++files}.json`)
        writeFileSync(file, text)
        return runOver(new FileStateStore(file), KEYS, new Random(SEED, files))
      },
      CASES / 2
    )
    expect(findings).toEqual([])
  })
})

describe('the DynamoDB table, fuzzed', () => {
  const client = dynamoClient()
  afterAll(() => client.destroy())

  /** A stored value of any DynamoDB type, numbers and strings close to what upwatch stores among them. */
  function attributeValue(random: Random, depth: number): AttributeValue {
    switch (random.int(0, depth > 0 ? 9 : 7)) {
      case 0:
        return { S: random.pick(STRINGS) }
      case 1:
        return { S: random.string(20) }
      case 2:
        return {
          N: random.pick([
            '0',
            '3',
            '-1',
            '0.5',
            '1e100',
            '-1e-100',
            '123456789012345678901234567890',
            '9.99e125'
          ])
        }
      case 3:
        return { BOOL: random.chance(0.5) }
      case 4:
        return { NULL: true }
      case 5:
        return { SS: [...new Set([random.pick(STRINGS) || 'x', 'up', 'down'])] }
      case 6:
        return { NS: ['1', '2', '1e100'] }
      case 7:
        return { B: random.bytes(8) }
      case 8:
        return { L: Array.from({ length: random.int(0, 3) }, () => attributeValue(random, depth - 1)) }
      default:
        return {
          M: Object.fromEntries(
            Array.from({ length: random.int(0, 3) }, () => [
              random.pick(STRINGS) || 'k',
              attributeValue(random, depth - 1)
            ])
          )
        }
    }
  }

  it('reads items of any type without failing the run, and each item it writes reads back clean', async () => {
    const findings: Finding[] = []
    for (let index = 0; index < 40; index++) {
      const random = new Random(SEED, index)
      const table = await createTable()
      const fields = [
        'state',
        'since',
        'failures',
        'announced',
        'pending',
        'version',
        'status',
        'remindedAt',
        'other'
      ]
      const items = KEYS.map(key => ({
        url: { S: key.url },
        name: { S: key.name },
        ...Object.fromEntries(
          fields.filter(() => random.chance(0.5)).map(field => [field, attributeValue(random, 3)])
        )
      }))
      for (const Item of items) await client.send(new PutItemCommand({ TableName: table, Item }))
      const problem = await runOver(new DynamoDbStateStore(client, table), KEYS, random)
      if (problem) findings.push({ seed: SEED, index, input: JSON.stringify(items).slice(0, 400), problem })
    }
    expect(findings).toEqual([])
  })
})
