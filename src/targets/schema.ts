/**
 * The targets file's structure, declared once. The validator walks this declaration, the JSON Schema for
 * editors is generated from it and the parser's types are derived from it (SpecValue), so none can drift
 * apart. What depends on `${VAR}` values (a URL, and so which keys apply to a target) is checked by parse.ts
 * once they are substituted; the declaration gives editors what can be said before.
 */

import {
  DURATION_PATTERN,
  NUMBER_LIMIT,
  parseDuration,
  TIMER_LIMIT,
  WEEK_LIMIT,
  type DurationLimit
} from '../duration.js'
import { CONTROL_CHARACTERS } from '../escape.js'
import { isTimeZone, WEEKDAYS } from '../maintenance.js'
import { quote } from './excerpt.js'
import { parseMatcher } from './matcher.js'
import { type JsonScalar, type StatusRange } from './model.js'

export type Path = (string | number)[]

export interface Issue {
  path: Path
  message: string
  /** The issue is about the key at `path` (an unknown key), not its value. */
  atKey?: boolean
}

export type Spec =
  | {
      type: 'string'
      enum?: string[]
      /** A regular expression the value must match, also given to editors through the JSON Schema. */
      pattern?: string
      /** The most characters (code points, as JSON Schema counts them) the value may have. */
      maxLength?: number
      /** What a pattern cannot say, checked once the pattern matched: the problem, if there is one. */
      check?: (value: string) => string | undefined
      hint?: string
      /**
       * The value may hold `${VAR}`: the action checks it once substituted (parse.ts), so `pattern` only tells
       * editors what can be known before, and the validator does not test it.
       */
      substituted?: true
    }
  | { type: 'integer'; min: number; max: number }
  | { type: 'boolean' }
  /** A JSON scalar: string, number, boolean or null. */
  | { type: 'scalar' }
  | {
      type: 'object'
      fields: Record<string, Field>
      kinds?: Kinds
      /** The key whose URL's scheme picks the probe, for fields marked with a `probe`. */
      probeFrom?: string
    }
  | { type: 'array'; items: Spec; minItems?: number }
  | { type: 'map'; values: Spec }
  | { type: 'oneOf'; options: Spec[]; hint: string }

export interface Field {
  spec: Spec
  required?: boolean
  doc: string
  /**
   * The key applies only to targets whose URL picks this probe. The action rejects it on a target of the
   * other probe once `${VAR}` is substituted, and ignores it in `defaults`; the JSON Schema says so where the
   * scheme is written out.
   */
  probe?: Probe
}

/**
 * The type of the values a declaration admits: what `validate` lets through is of this type, so the code that
 * reads a valid file is typed by the same declaration that checks it.
 */
export type SpecValue<S> = S extends { type: 'string'; enum: readonly (infer Word)[] }
  ? Word
  : S extends { type: 'string' }
    ? string
    : S extends { type: 'integer' }
      ? number
      : S extends { type: 'boolean' }
        ? boolean
        : S extends { type: 'scalar' }
          ? JsonScalar
          : S extends { type: 'array'; items: infer Item }
            ? SpecValue<Item>[]
            : S extends { type: 'map'; values: infer Value }
              ? Record<string, SpecValue<Value>>
              : S extends { type: 'oneOf'; options: readonly (infer Option)[] }
                ? SpecValue<Option>
                : S extends { type: 'object'; fields: infer Fields }
                  ? FieldsValue<Fields>
                  : never

/** An object's value: its required fields, and the others optional. */
type FieldsValue<Fields> = {
  [Key in keyof Fields as Fields[Key] extends { required: true } ? Key : never]: FieldValue<Fields[Key]>
} & {
  [Key in keyof Fields as Fields[Key] extends { required: true } ? never : Key]?: FieldValue<Fields[Key]>
}
type FieldValue<F> = F extends { spec: infer S } ? SpecValue<S> : never

/** True when `value` passes `validate` against `spec`, and so is of the type the declaration gives. */
export function conforms<S extends Spec>(value: unknown, spec: S): value is SpecValue<S> {
  return validate(value, spec).length === 0
}

/**
 * The kinds an object can be, each a set of keys: it has every key of one kind and none of another's. An
 * object with no key of any kind is taken for the last kind, so the message says what that kind needs.
 */
interface Kinds {
  options: { keys: string[]; doc: string; incomplete: string }[]
  /** The message for an object with keys of two kinds. */
  mixed: string
}

/** The probes, and the URL schemes that pick each. */
const PROBES = { http: ['http', 'https'], tcp: ['tcp'] } as const
type Probe = keyof typeof PROBES

/** URL schemes ignore case: `tcp` as `[Tt][Cc][Pp]`. */
const caseless = (word: string) => [...word].map(letter => `[${letter.toUpperCase()}${letter}]`).join('')
const scheme = (probe: Probe) => `(?:${PROBES[probe].map(caseless).join('|')})`
/** Every start of a scheme, itself included: `h`, `ht` ... `https`, `t`, `tc`, `tcp`. */
const schemeStarts = [
  ...new Set(
    Object.values(PROBES)
      .flat()
      .flatMap(word => [...word].map((_, end) => word.slice(0, end + 1)))
  )
]
/** `${VAR}` in a value: the variable's name is the first group. */
export const VARIABLE = String.raw`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`

/** A port, 0 to 65535, as the URL parser reads it (leading zeros and all). */
const PORT = String.raw`0*(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|\d{1,4})`

/**
 * A URL as written, before `${VAR}` is substituted. A variable can stand for any text, so this says only
 * what no value can repair: a scheme other than http, https or tcp, an http URL without a host, a tcp URL
 * without a host and a port. A URL that is wholly a variable, or whose scheme is, could be anything.
 */
const URL_PATTERN =
  String.raw`^\s*(?:` +
  [
    // The scheme, or its rest, comes from the environment.
    `(?:${schemeStarts.map(caseless).join('|')})?${VARIABLE}`,
    // http:// or https:// and the start of a host; the URL parser allows other slashes, or none, here.
    String.raw`${scheme('http')}:[/\\]*[^\s/\\?#]`,
    // tcp:// with the host, the port or both from the environment.
    String.raw`${scheme('tcp')}:(?://[^/?#]*|/?)${VARIABLE}`,
    // tcp://host:port, perhaps with a user, then the end or a path.
    String.raw`${scheme('tcp')}://(?:[^\s/?#@]*@)?(?:\[[^\]]*\]|[^\s/?#@:\[\]]+):${PORT}(?:[/?#]|\s*$)`
  ].join('|') +
  ')'
const url = { type: 'string', pattern: URL_PATTERN, substituted: true } satisfies Spec

/** A duration with a unit, at most `limit` (duration.ts says why each limit is what it is). */
const duration = (limit: DurationLimit) =>
  ({
    type: 'string',
    pattern: DURATION_PATTERN,
    hint: 'a duration with a unit, such as 500ms, 10s or 5m',
    // Only the check compares the number with the limit: a pattern cannot, readably.
    check: value =>
      parseDuration(value) > limit.ms
        ? `${quote(value.trim())} is ${limit.why}: at most ${limit.written}`
        : undefined
  }) satisfies Spec

/** A status code, or a range of them as written: `200`, `200-299`. The codes are the first and second groups. */
const STATUS_RANGE = String.raw`^\s*([1-5]\d\d)(?:-([1-5]\d\d))?\s*$`

const patterns = new Map<string, RegExp>()

/**
 * A declared pattern, compiled once: a file of 10,000 targets checks thousands of values against the same few
 * patterns. Without the g or y flag a RegExp keeps no state between tests, so one instance serves them all.
 */
export function compiled(pattern: string): RegExp {
  let regex = patterns.get(pattern)
  if (!regex) patterns.set(pattern, (regex = new RegExp(pattern)))
  return regex
}

/** The codes a `status` entry that passed validation stands for. */
export function statusRange(code: number | string): StatusRange {
  const [, min, max = min] = compiled(STATUS_RANGE).exec(String(code)) ?? []
  return { min: Number(min), max: Number(max) }
}

const statusCode = {
  type: 'oneOf',
  hint: 'a status code such as 200, or a range such as "200-299"',
  options: [
    { type: 'integer', min: 100, max: 599 },
    {
      type: 'string',
      pattern: STATUS_RANGE,
      // Only the check sees a range that ends below its start: a pattern would need backreferences, outside
      // the regex subset JSON Schema recommends, or an alternative for each of the 50 hundreds-and-tens.
      check: value => {
        const { min, max } = statusRange(value)
        return min > max ? `${quote(value)} ends below its start` : undefined
      }
    }
  ]
} satisfies Spec

const matcher = {
  type: 'string',
  hint: 'a substring, or a regular expression written as /pattern/flags',
  check: value => {
    const parsed = parseMatcher(value)
    return typeof parsed === 'string' ? parsed : undefined
  }
} satisfies Spec

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** What a healthy answer looks like; each key can also be set in `defaults`. */
const expectations = {
  status: {
    spec: {
      type: 'oneOf',
      hint: 'a status code such as 200, a range such as "200-299", or a list of them',
      options: [statusCode, { type: 'array', items: statusCode, minItems: 1 }]
    },
    doc: 'HTTP status codes that count as up: codes and ranges. Default 200-299.',
    probe: 'http'
  },
  body: {
    spec: matcher,
    doc: 'Text the body (for TCP: the reply) must contain: a substring, or /regex/flags.'
  },
  'body-not': {
    spec: matcher,
    doc: 'Text whose presence in the body (for TCP: the reply) means down, such as an error page served with 200.'
  },
  json: {
    spec: { type: 'map', values: { type: 'scalar' } },
    doc: 'Paths into a JSON body and the values expected there, such as { "status": "UP", "checks.db.healthy": true }.',
    probe: 'http'
  },
  headers: {
    spec: { type: 'map', values: matcher },
    doc: 'Response headers that must match: a substring, or /regex/flags. A missing header fails.',
    probe: 'http'
  },
  'max-latency': {
    spec: duration(NUMBER_LIMIT),
    doc: 'Slower than this is degraded, not down; the reason gives the time measured.'
  },
  certificate: {
    spec: duration(NUMBER_LIMIT),
    doc: 'For https: validity the certificate must have left, such as 14d. Less is degraded; expired or invalid is down.',
    probe: 'http'
  }
} satisfies Record<string, Field>

const ISO_HINT = 'an ISO 8601 time with its zone, such as 2026-12-01T02:00:00Z'
const ZONE_AT_END = String.raw`(Z|[+-]\d\d:?\d\d)$`
const isoTime = {
  type: 'string',
  pattern: ZONE_AT_END,
  hint: ISO_HINT,
  // Only the check sees a time that Date.parse cannot read.
  check: value => (Number.isNaN(Date.parse(value)) ? `expected ${ISO_HINT}` : undefined)
} satisfies Spec

/** A maintenance window: `from`/`to` once, or `days`/`start`/`duration` every week. */
const maintenanceWindow = {
  type: 'object',
  kinds: {
    options: [
      {
        keys: ['from', 'to'],
        doc: 'A one-off window: from and to.',
        incomplete: 'a one-off window needs both from and to'
      },
      {
        keys: ['days', 'start', 'duration'],
        doc: 'A weekly window: days, start and duration, and a timezone if not UTC.',
        incomplete:
          'a weekly window needs days, start and duration, such as { days: [sun], start: "02:00", duration: 2h }'
      }
    ],
    mixed: 'a window is either from/to (once) or days/start/duration (weekly), not both'
  },
  fields: {
    from: { spec: isoTime, doc: 'Start of a one-off window, such as 2026-12-01T02:00:00Z.' },
    to: { spec: isoTime, doc: 'End of a one-off window.' },
    days: {
      spec: { type: 'array', items: { type: 'string', enum: [...WEEKDAYS] }, minItems: 1 },
      doc: 'Weekly window: the days it starts on (sun, mon, tue, wed, thu, fri, sat).'
    },
    start: {
      spec: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', hint: 'a time of day such as 02:00' },
      doc: 'Weekly window: the wall-clock time it starts, HH:MM.'
    },
    duration: {
      spec: duration(WEEK_LIMIT),
      doc: 'Weekly window: how long it lasts, such as 2h; at most 7d.'
    },
    timezone: {
      spec: {
        type: 'string',
        hint: 'an IANA time zone such as Europe/Berlin',
        check: value =>
          isTimeZone(value)
            ? undefined
            : `${quote(value)} is not a time zone; use an IANA name such as Europe/Berlin or UTC`
      },
      doc: 'Weekly window: the time zone of start, such as Europe/Berlin. Default UTC.'
    }
  }
} satisfies Spec

const maintenance = {
  spec: { type: 'array', items: maintenanceWindow },
  doc: 'Maintenance windows: checks run and state is kept, but nothing is mailed; what is still wrong when a window ends is mailed then.'
} satisfies Field

/** Fields a target may set for itself or inherit from `defaults`. */
const inheritable = {
  timeout: {
    spec: duration(TIMER_LIMIT),
    doc: "How long one attempt may take, connect to last byte; at most 24d, a timer's limit. Default 10s."
  },
  retries: {
    spec: { type: 'integer', min: 0, max: 10 },
    doc: 'Extra attempts inside one run before the check counts as failed. Default 1.'
  },
  method: { spec: { type: 'string', enum: METHODS }, doc: 'HTTP method. Default GET.', probe: 'http' },
  headers: {
    spec: { type: 'map', values: { type: 'string' } },
    doc: 'Request headers; ${VAR} is taken from the environment and treated as a secret.',
    probe: 'http'
  },
  'follow-redirects': {
    spec: {
      type: 'oneOf',
      hint: 'true, false, or the most redirects to follow (0 to 20)',
      options: [{ type: 'boolean' }, { type: 'integer', min: 0, max: 20 }]
    },
    doc: 'Whether to follow redirects, or the most to follow. Default 5; false checks the redirect itself.',
    probe: 'http'
  },
  insecure: {
    spec: { type: 'boolean' },
    doc: 'DANGEROUS: skip TLS certificate verification. A forged or expired certificate then passes.',
    probe: 'http'
  },
  expect: { spec: { type: 'object', fields: expectations }, doc: 'What a healthy answer looks like.' },
  'failure-threshold': {
    spec: { type: 'integer', min: 1, max: 100 },
    doc: 'Failed runs in a row before a target counts as down (or degraded). Default 1.'
  },
  'success-threshold': {
    spec: { type: 'integer', min: 1, max: 100 },
    doc: 'Good runs in a row before a target counts as recovered. Default 1.'
  },
  'notify-degraded': {
    spec: { type: 'boolean' },
    doc: 'Mail changes to and from degraded. Default true; false treats degraded as up in mail.'
  },
  'remind-every': {
    spec: duration(NUMBER_LIMIT),
    doc: 'While a target stays down, mail a reminder this often, such as 6h. Default: no reminders.'
  },
  maintenance,
  group: {
    spec: {
      type: 'string',
      pattern: `^[^${CONTROL_CHARACTERS}]+$`,
      maxLength: 200,
      hint: 'a group name without control characters (line breaks, tabs, escape codes)'
    },
    doc: 'A group the target belongs to, such as a team or a region: the summary counts targets per group, and the results name it. At most 200 characters, none of them a control character. Default: none.'
  },
  public: {
    spec: { type: 'boolean' },
    doc: 'Whether the target appears on the status page. Default true; false keeps it off the page, its feed and its badges.'
  },
  assignees: {
    spec: {
      type: 'array',
      items: {
        type: 'string',
        pattern: '^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$',
        maxLength: 39,
        hint: 'a GitHub login, such as octocat'
      }
    },
    doc: 'GitHub logins assigned to the issue of an outage of the target (input incident-issues). Default: none.'
  }
} satisfies Record<string, Field>

/**
 * A target's name: it heads lines of the log and the mail and rows of the summary, so it holds no line break
 * or other control character, and is short enough to read there.
 */
const targetName = {
  type: 'string',
  pattern: `^[^${CONTROL_CHARACTERS}]*$`,
  maxLength: 200,
  hint: 'a name without control characters (line breaks, tabs, escape codes)'
} satisfies Spec

const target = {
  type: 'object',
  probeFrom: 'url',
  fields: {
    name: {
      spec: targetName,
      required: true,
      doc: 'Unique name of the target, used in mail: at most 200 characters, none of them a control character.'
    },
    url: {
      spec: url,
      required: true,
      doc: 'http://, https:// or tcp://host:port; the scheme picks the probe. ${VAR} comes from the environment.'
    },
    body: {
      spec: { type: 'string' },
      doc: 'HTTP request body; ${VAR} comes from the environment.',
      probe: 'http'
    },
    send: {
      spec: { type: 'string' },
      doc: 'TCP only: text written once connected, such as "PING\\r\\n"; ${VAR} comes from the environment.',
      probe: 'tcp'
    },
    ...inheritable
  }
} satisfies Spec

/**
 * The keys of a target, and of its `expect`, that apply only to the other probe's targets: for a tcp://
 * target the HTTP keys, for an http one `send`.
 */
export function keysNotFor(probe: Probe): { target: string[]; expect: string[] } {
  const others = (fields: Record<string, Field>) =>
    Object.keys(fields).filter(key => fields[key].probe !== undefined && fields[key].probe !== probe)
  return { target: others(target.fields), expect: others(expectations) }
}

/** The targets file: `defaults` and `targets`. */
export const targetsFile = {
  type: 'object',
  fields: {
    defaults: { spec: { type: 'object', fields: inheritable }, doc: 'Settings every target inherits.' },
    targets: { spec: { type: 'array', items: target }, required: true, doc: 'The targets to watch.' },
    canary: {
      spec: url,
      doc: "A URL or tcp://host:port that should always answer. When it fails without an answer (DNS, connect timeout, unreachable), the runner's network is in doubt: the run changes nothing and mails nothing."
    },
    maintenance: { ...maintenance, doc: 'Maintenance windows for every target. ' + maintenance.doc }
  }
} satisfies Spec

/** The legacy Lambda's format, accepted as it is: `{"servers":[{"name","url"}]}`. */
export const legacyFile = {
  type: 'object',
  fields: {
    servers: {
      spec: {
        type: 'array',
        items: {
          type: 'object',
          fields: { name: target.fields.name, url: target.fields.url }
        }
      },
      required: true,
      doc: 'The targets to watch, in the legacy format.'
    }
  }
} satisfies Spec

/** Where the JSON Schema is committed, relative to the repository. */
export const SCHEMA_FILE = 'schema/upwatch.schema.json'

/** The text of SCHEMA_FILE. */
export function targetsFileSchemaText(): string {
  return JSON.stringify(targetsFileSchema(), null, 2) + '\n'
}

/** The JSON Schema of a targets file, either format, as committed under schema/ for editors. */
export function targetsFileSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'upwatch targets file',
    description: 'What upwatch watches: targets with their checks, and defaults they inherit.',
    anyOf: [toJsonSchema(targetsFile), toJsonSchema(legacyFile)]
  }
}

/** Every issue with `value` against `spec`, each with the path where it is. */
export function validate(value: unknown, spec: Spec, path: Path = []): Issue[] {
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string')
        return [{ path, message: `expected ${spec.hint ?? 'a string'}, got ${describe(value)}` }]
      if (spec.enum && !spec.enum.includes(value)) {
        return [{ path, message: `${quote(value)} is not one of ${spec.enum.join(', ')}` }]
      }
      if (spec.pattern && !spec.substituted && !compiled(spec.pattern).test(value)) {
        return [{ path, message: `expected ${spec.hint ?? `text matching ${spec.pattern}`}` }]
      }
      // In code points, as JSON Schema counts; a string has no more of them than UTF-16 units.
      if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        const length = [...value].length
        if (length > spec.maxLength)
          return [{ path, message: `expected at most ${spec.maxLength} characters, got ${length}` }]
      }
      const problem = spec.check?.(value)
      return problem ? [{ path, message: problem }] : []
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        return [
          { path, message: `expected a whole number from ${spec.min} to ${spec.max}, got ${describe(value)}` }
        ]
      }
      return []
    case 'boolean':
      return typeof value === 'boolean'
        ? []
        : [{ path, message: `expected true or false, got ${describe(value)}` }]
    case 'scalar':
      return value === null || ['string', 'number', 'boolean'].includes(typeof value)
        ? []
        : [{ path, message: `expected a string, number, true, false or null, got ${describe(value)}` }]
    case 'array': {
      if (!Array.isArray(value)) return [{ path, message: `expected a list, got ${describe(value)}` }]
      if (value.length < (spec.minItems ?? 0)) return [{ path, message: 'the list is empty' }]
      return value.flatMap((item, index) => validate(item, spec.items, [...path, index]))
    }
    case 'map': {
      if (!isRecord(value))
        return [{ path, message: `expected a mapping of names to values, got ${describe(value)}` }]
      return Object.entries(value).flatMap(([key, item]) => validate(item, spec.values, [...path, key]))
    }
    case 'object': {
      if (!isRecord(value)) return [{ path, message: `expected a mapping, got ${describe(value)}` }]
      const allowed = Object.keys(spec.fields)
      const issues: Issue[] = []
      for (const [key, item] of Object.entries(value)) {
        // Own fields only: a key named toString or __proto__ is unknown, not Object.prototype's.
        const field = Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined
        // One push each: spreading a long list into push() overflows the stack (150,000 bad entries).
        if (field) for (const issue of validate(item, field.spec, [...path, key])) issues.push(issue)
        else
          issues.push({
            path: [...path, key],
            atKey: true,
            message: `unknown key ${quote(key)}; allowed here: ${allowed.join(', ')}`
          })
      }
      for (const [key, field] of Object.entries(spec.fields)) {
        if (field.required && value[key] === undefined)
          issues.push({ path, message: `"${key}" is missing: ${field.doc}` })
      }
      const kind = spec.kinds && kindIssue(value, spec.kinds, path)
      if (kind) issues.push(kind)
      return issues
    }
    case 'oneOf': {
      const fits = spec.options.some(option => validate(value, option, path).length === 0)
      return fits ? [] : [{ path, message: `expected ${spec.hint}, got ${describe(value)}` }]
    }
  }
}

/** The issue with an object that is not wholly one of the kinds, if it is not. */
function kindIssue(value: Record<string, unknown>, kinds: Kinds, path: Path): Issue | undefined {
  const has = (key: string) => value[key] !== undefined
  const present = kinds.options.filter(kind => kind.keys.some(has))
  if (present.length > 1) return { path, message: kinds.mixed }
  const kind = present[0] ?? kinds.options[kinds.options.length - 1]
  return kind.keys.every(has) ? undefined : { path, message: kind.incomplete }
}

/**
 * The JSON Schema (draft 2020-12) of a spec, for editors: the same declaration the validator walks, so the
 * two say the same. Checks that only code can make (a regex that compiles, a range in order, a time zone)
 * stay in code, and what depends on `${VAR}` values is said only where the URL's scheme is written out.
 */
export function toJsonSchema(spec: Spec, doc?: string): Record<string, unknown> {
  const described = (schema: Record<string, unknown>) => (doc ? { description: doc, ...schema } : schema)
  switch (spec.type) {
    case 'string':
      return described({
        type: 'string',
        ...(spec.enum && { enum: spec.enum }),
        ...(spec.pattern && { pattern: spec.pattern }),
        ...(spec.maxLength !== undefined && { maxLength: spec.maxLength })
      })
    case 'integer':
      return described({ type: 'integer', minimum: spec.min, maximum: spec.max })
    case 'boolean':
      return described({ type: 'boolean' })
    case 'scalar':
      return described({ anyOf: ['string', 'number', 'boolean', 'null'].map(type => ({ type })) })
    case 'array':
      return described({
        type: 'array',
        items: toJsonSchema(spec.items),
        ...(spec.minItems && { minItems: spec.minItems })
      })
    case 'map':
      return described({ type: 'object', additionalProperties: toJsonSchema(spec.values) })
    case 'oneOf':
      return described({ anyOf: spec.options.map(option => toJsonSchema(option)) })
    case 'object': {
      const required = Object.keys(spec.fields).filter(key => spec.fields[key].required)
      return described({
        type: 'object',
        properties: Object.fromEntries(
          Object.entries(spec.fields).map(([key, field]) => [key, toJsonSchema(field.spec, field.doc)])
        ),
        ...(required.length > 0 && { required }),
        additionalProperties: false,
        ...(spec.kinds && kindsSchema(spec.kinds)),
        ...(spec.probeFrom && { allOf: probeRules(spec.fields, spec.probeFrom) })
      })
    }
  }
}

/** Each key of a kind needs the others of its kind, and the object is one kind with no key of another. */
function kindsSchema({ options }: Kinds): Record<string, unknown> {
  return {
    dependentRequired: Object.fromEntries(
      options.flatMap(kind => kind.keys.map(key => [key, kind.keys.filter(other => other !== key)]))
    ),
    oneOf: options.map(kind => ({
      description: kind.doc,
      required: kind.keys,
      // `true` for its own keys too: ajv's strict mode wants each required key among the properties here.
      properties: Object.fromEntries(options.flatMap(other => other.keys.map(key => [key, other === kind])))
    }))
  }
}

/**
 * For each probe, the keys marked for another that a target must not have when its URL's scheme, written
 * out, picks this one. Nothing is said of a target whose scheme comes from `${VAR}`.
 */
function probeRules(fields: Record<string, Field>, urlKey: string): Record<string, unknown>[] {
  return (Object.keys(PROBES) as Probe[]).map(probe => ({
    if: {
      required: [urlKey],
      properties: { [urlKey]: { type: 'string', pattern: String.raw`^\s*${scheme(probe)}:` } }
    },
    then: { properties: notFor(fields, probe) }
  }))
}

/** `false` for each key marked for a probe other than `probe`, looking into nested objects too. */
function notFor(fields: Record<string, Field>, probe: Probe): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).flatMap(([key, field]): [string, unknown][] => {
      if (field.probe && field.probe !== probe) return [[key, false]]
      if (field.spec.type !== 'object') return []
      const nested = notFor(field.spec.fields, probe)
      return Object.keys(nested).length > 0 ? [[key, { type: 'object', properties: nested }]] : []
    })
  )
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `the string ${quote(value)}`
  // A number as written in JavaScript: YAML's .nan and .inf are not JSON.
  if (typeof value === 'number') return `the number ${value}`
  return `the boolean ${JSON.stringify(value)}`
}
