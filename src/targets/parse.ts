import { load, type YAMLException } from 'js-yaml'
import { parseDuration } from '../duration.js'
import { type Window } from '../maintenance.js'
import { basicToken, maskUrlPasswords, urlCredentials, type Redactor } from '../redact.js'
import { quote } from './excerpt.js'
import { explain, type Refusal } from './explain.js'
import { overExpanded } from './expansion.js'
import { type Matcher, parseMatcher } from './matcher.js'
import { type Expectations, type StatusRange, type Target } from './model.js'
import {
  compiled,
  conforms,
  isRecord,
  keysNotFor,
  legacyFile,
  statusRange,
  targetsFile,
  validate,
  VARIABLE,
  type Issue,
  type Path,
  type SpecValue
} from './schema.js'

/** Every `${VAR}` in a text, for String.replace, which starts a global expression at 0 and leaves it so. */
const VARIABLES = new RegExp(VARIABLE, 'g')

const DEFAULTS = {
  timeout: '10s',
  retries: 1,
  method: 'GET',
  followRedirects: 5,
  expectStatus: [{ min: 200, max: 299 }]
}

/**
 * Reads a targets file (YAML or JSON, or the legacy `{"servers": [...]}`) into targets with defaults
 * applied and `${VAR}` substituted from `env`. Every substituted value and URL password goes to `redactor`.
 * A file that does not validate rejects with one UserError that lists every problem with its line and field.
 */
export async function parseTargets(
  text: string,
  source: string,
  env: NodeJS.ProcessEnv,
  redactor: Redactor
): Promise<TargetsFile> {
  const reading = readTargets(text, env, redactor)
  if ('file' in reading) return reading.file
  throw await explain(text, source, reading)
}

/**
 * The targets of a file, or why it is refused: parseTargets without the words, which need `yaml` (explain.ts).
 * Synchronous, for tests that build targets from the text of valid files.
 */
export function readTargets(
  text: string,
  env: NodeJS.ProcessEnv,
  redactor: Redactor
): { file: TargetsFile } | Refusal {
  // js-yaml reads a large file many times faster; `yaml`, which keeps positions, only explains errors.
  let data: unknown
  try {
    data = load(text)
  } catch (error) {
    return { syntax: error as YAMLException }
  }
  if (data === null || data === undefined) return { empty: true }
  if (overExpanded(data, text.length)) return { expanded: true }
  const legacy = isRecord(data) && 'servers' in data && !('targets' in data)
  const issues = validate(data, legacy ? legacyFile : targetsFile)
  const file = build(data, legacy, env, redactor, issues)
  return issues.length > 0 ? { issues } : { file }
}

/** A targets file as its declaration (schema.ts) describes it, and the parts of it that build reads. */
type FileShape = SpecValue<typeof targetsFile>
type EntryShape = FileShape['targets'][number]
type DefaultsShape = NonNullable<FileShape['defaults']>
type ExpectShape = NonNullable<EntryShape['expect']>
type WindowShape = NonNullable<FileShape['maintenance']>[number]

/** What the whole file yields: the targets, and the canary that vouches for the runner's network. */
export interface TargetsFile {
  targets: Target[]
  canary?: Target
}

/**
 * Targets from the entries that passed validation, adding the issues only a whole file shows (duplicate
 * names, unset variables, bad URLs), so that one run reports every problem.
 */
function build(
  data: unknown,
  legacy: boolean,
  env: NodeJS.ProcessEnv,
  redactor: Redactor,
  issues: Issue[]
): TargetsFile {
  const listKey = legacy ? 'servers' : 'targets'
  const entries = isRecord(data) ? data[listKey] : undefined
  if (!isRecord(data) || !Array.isArray(entries)) return { targets: [] }
  const { defaults: defaultsField, maintenance, canary, targets } = targetsFile.fields
  // The legacy format has nothing but its list: any other key is unknown, and already an issue.
  const file: Record<string, unknown> = legacy ? {} : data
  const defaults: DefaultsShape = conforms(file.defaults, defaultsField.spec) ? file.defaults : {}
  const shared = windows(
    conforms(file.maintenance, maintenance.spec) ? file.maintenance : [],
    ['maintenance'],
    issues
  )
  const inherited = windows(defaults.maintenance ?? [], ['defaults', 'maintenance'], issues)
  const context = { defaults, shared, inherited, env, redactor, issues }
  // Entries that passed validation are built, a duplicate too, so that its own problems show with the rest.
  // validate has looked at every entry already: one with no issue of its own conforms, without a second look.
  const entry = legacy ? legacyFile.fields.servers.spec.items : targets.spec.items
  const refused = new Set(
    issues.flatMap(({ path }) => (path[0] === listKey && typeof path[1] === 'number' ? [path[1]] : []))
  )
  const passed = (_value: unknown, index: number): _value is SpecValue<typeof entry> => !refused.has(index)
  const built = entries.flatMap((value: unknown, index) =>
    passed(value, index) ? [buildTarget(value, [listKey, index], context)] : []
  )
  // Every entry with a valid name takes part, valid or not: a duplicate shows with the other problems, not
  // after. A name refused on its own (too long, a control character) is not quoted again.
  const seen = new Map<string, number>()
  entries.forEach((value: unknown, index) => {
    if (!isRecord(value) || !conforms(value.name, entry.fields.name.spec)) return
    const first = seen.get(value.name)
    if (first === undefined) seen.set(value.name, index)
    else
      issues.push({
        path: [listKey, index, 'name'],
        message: `${quote(value.name)} is already the name of ${listKey}[${first}]; names must be unique`
      })
  })
  const url = file.canary
  return {
    targets: built,
    canary: conforms(url, canary.spec) ? buildTarget({ name: 'canary', url }, ['canary'], context) : undefined
  }
}

interface BuildContext {
  defaults: DefaultsShape
  /** The file's own maintenance windows, which every target has. */
  shared: Window[]
  /** The windows in `defaults`, for targets without their own. */
  inherited: Window[]
  env: NodeJS.ProcessEnv
  redactor: Redactor
  issues: Issue[]
}

/** One target, defaults applied; `where` is its path in the file, for the issues it raises. */
function buildTarget(
  entry: EntryShape,
  where: Path,
  { defaults, shared, inherited, env, redactor, issues }: BuildContext
): Target {
  // The canary is a bare URL: its problems are about the `canary` key itself.
  const at = (...rest: Path): Path => (where[0] === 'canary' ? where : [...where, ...rest])
  const substitute = (text: string, path: Path) =>
    text.replace(VARIABLES, (_, variable: string) => {
      const value = env[variable]
      if (value === undefined) {
        issues.push({
          path,
          message:
            `\${${variable}} is not set in the step's environment: add it to the step, ` +
            `for example env: { ${variable}: \${{ secrets.${variable} }} }`
        })
        return ''
      }
      redactor.add(value, `\${${variable}}`)
      return value
    })

  const address = substitute(entry.url, at('url'))
  const protocol = checkUrl(address, entry.url, at('url'), issues)
  const credentials = urlCredentials(address)
  if (credentials) {
    const source = `the password in the URL of ${where[0] === 'canary' ? 'the canary' : `"${entry.name}"`}`
    redactor.add(credentials.password, source)
    redactor.add(basicToken(credentials), source)
  }
  const misplaced = (keys: string[], path: Path, object: object | undefined, applies: string) => {
    for (const key of keys.filter(key => object && key in object)) {
      issues.push({
        path: [...path, key],
        atKey: true,
        message: `"${key}" applies only to ${applies} targets`
      })
    }
  }
  if (protocol) {
    const misplacedKeys = keysNotFor(protocol)
    const applies = protocol === 'tcp' ? 'http:// and https://' : 'tcp://'
    misplaced(misplacedKeys.target, at(), entry, applies)
    misplaced(misplacedKeys.expect, at('expect'), entry.expect, applies)
  }

  const headers: Record<string, string> = {}
  const secretHeaders: string[] = []
  for (const [header, value] of Object.entries({ ...defaults.headers, ...entry.headers })) {
    headers[header] = substitute(
      value,
      entry.headers && header in entry.headers ? at('headers', header) : ['defaults', 'headers', header]
    )
    if (holdsVariable(value)) secretHeaders.push(header)
  }
  const own = entry.maintenance ? windows(entry.maintenance, at('maintenance'), issues) : inherited
  const remindEvery = entry['remind-every'] ?? defaults['remind-every']
  const group = entry.group ?? defaults.group
  const listed = entry.public ?? defaults.public ?? true
  const assignees = entry.assignees ?? defaults.assignees ?? []
  return {
    name: entry.name,
    ...(group !== undefined && { group }),
    ...(!listed && { public: false }),
    ...(assignees.length > 0 && { assignees }),
    url: maskUrlPasswords(entry.url),
    address,
    protocol: protocol ?? 'http',
    method: entry.method ?? defaults.method ?? DEFAULTS.method,
    headers,
    body: entry.body === undefined ? undefined : substitute(entry.body, at('body')),
    secrets: { headers: secretHeaders, body: entry.body !== undefined && holdsVariable(entry.body) },
    send: entry.send === undefined ? undefined : substitute(entry.send, at('send')),
    expect: expectations({ ...defaults.expect }, { ...entry.expect }),
    followRedirects: redirects(entry['follow-redirects'] ?? defaults['follow-redirects']),
    insecure: entry.insecure ?? defaults.insecure ?? false,
    timeoutMs: parseDuration(entry.timeout ?? defaults.timeout ?? DEFAULTS.timeout),
    retries: entry.retries ?? defaults.retries ?? DEFAULTS.retries,
    policy: {
      failureThreshold: entry['failure-threshold'] ?? defaults['failure-threshold'] ?? 1,
      successThreshold: entry['success-threshold'] ?? defaults['success-threshold'] ?? 1,
      notifyDegraded: entry['notify-degraded'] ?? defaults['notify-degraded'] ?? true,
      remindEveryMs: remindEvery === undefined ? undefined : parseDuration(remindEvery),
      maintenance: [...shared, ...own]
    }
  }
}

/** Whether text as written holds `${VAR}`, and so a secret once substituted. */
function holdsVariable(text: string): boolean {
  return compiled(VARIABLE).test(text)
}

/**
 * Maintenance windows as written, each wholly from/to or days/start/duration (the declaration's `kinds` saw
 * to that); a one-off window must end after it starts.
 */
function windows(written: WindowShape[], where: Path, issues: Issue[]): Window[] {
  return written.flatMap((window, index): Window[] => {
    if (window.from !== undefined && window.to !== undefined) {
      const [from, to] = [Date.parse(window.from), Date.parse(window.to)]
      if (from < to) return [{ kind: 'once', from, to }]
      issues.push({
        path: [...where, index],
        message: `the window ends at ${quote(window.to)}, before it starts at ${quote(window.from)}`
      })
      return []
    }
    const { days, start, duration, timezone = 'UTC' } = window as Required<WindowShape>
    const [hours, minutes] = start.split(':').map(Number)
    return [
      {
        kind: 'weekly',
        days,
        startMinute: hours * 60 + minutes,
        durationMinutes: Math.ceil(parseDuration(duration) / 60_000),
        timeZone: timezone
      }
    ]
  })
}

/** A target's expectations over the defaults': each key replaces the default's, and the maps merge. */
function expectations(defaults: ExpectShape, own: ExpectShape): Expectations {
  const merged = { ...defaults, ...own }
  const matcher = (source: string | undefined) =>
    source === undefined ? undefined : (parseMatcher(source) as Matcher)
  return {
    status: merged.status === undefined ? DEFAULTS.expectStatus : toRanges(merged.status),
    body: matcher(merged.body),
    bodyNot: matcher(merged['body-not']),
    json: Object.entries({ ...defaults.json, ...own.json }).map(([path, value]) => ({ path, value })),
    headers: Object.entries({ ...defaults.headers, ...own.headers }).map(([name, source]) => ({
      name: name.toLowerCase(),
      matcher: matcher(source)!
    })),
    maxLatencyMs: merged['max-latency'] === undefined ? undefined : parseDuration(merged['max-latency']),
    certificateMs: merged.certificate === undefined ? undefined : parseDuration(merged.certificate)
  }
}

/** `follow-redirects`: true is the default maximum, false none. */
function redirects(setting: boolean | number | undefined): number {
  if (setting === undefined || setting === true) return DEFAULTS.followRedirects
  return setting === false ? 0 : setting
}

function checkUrl(address: string, written: string, path: Path, issues: Issue[]): 'http' | 'tcp' | undefined {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    issues.push({
      path,
      message: `${quote(written)} is not a URL; write it in full, such as https://example.com/health`
    })
    return undefined
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return 'http'
  if (url.protocol === 'tcp:') {
    if (url.hostname !== '' && url.port !== '') return 'tcp'
    issues.push({ path, message: 'a tcp:// URL needs a host and a port, such as tcp://db.example.com:5432' })
    return undefined
  }
  issues.push({
    path,
    message: `the scheme ${quote(url.protocol)} is not supported; use http://, https:// or tcp://host:port`
  })
  return undefined
}

function toRanges(status: NonNullable<ExpectShape['status']>): StatusRange[] {
  return (Array.isArray(status) ? status : [status]).map(statusRange)
}
