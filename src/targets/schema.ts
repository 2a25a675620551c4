/**
 * The targets file's structure, declared once. The validator walks this declaration; later, the JSON Schema
 * for editors is generated from it too, so the two cannot drift apart.
 */

import { isDuration } from '../duration.js'

export type Path = (string | number)[]

export interface Issue {
  path: Path
  message: string
  /** The issue is about the key at `path` (an unknown key), not its value. */
  atKey?: boolean
}

export type Spec =
  | { type: 'string'; enum?: string[]; check?: (value: string) => string | undefined; hint?: string }
  | { type: 'integer'; min: number; max: number }
  | { type: 'object'; fields: Record<string, Field> }
  | { type: 'array'; items: Spec; minItems?: number }
  | { type: 'map'; values: Spec }
  | { type: 'oneOf'; options: Spec[]; hint: string }

export interface Field {
  spec: Spec
  required?: boolean
  doc: string
}

const duration: Spec = {
  type: 'string',
  check: value =>
    isDuration(value) ? undefined : `expected a duration with a unit, such as 500ms, 10s or 5m`,
  hint: 'a duration with a unit, such as 500ms, 10s or 5m'
}

const statusCode: Spec = {
  type: 'oneOf',
  hint: 'a status code such as 200, or a range such as "200-299"',
  options: [
    { type: 'integer', min: 100, max: 599 },
    {
      type: 'string',
      check: value => {
        const match = /^(\d{3})(?:-(\d{3}))?$/.exec(value.trim())
        if (!match) return 'expected a status code such as 200, or a range such as "200-299"'
        const [min, max] = [Number(match[1]), Number(match[2] ?? match[1])]
        if (min < 100 || max > 599 || min > max)
          return `"${value}" is not a range of HTTP status codes (100 to 599)`
        return undefined
      }
    }
  ]
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** Fields a target may set for itself or inherit from `defaults`. */
const inheritable: Record<string, Field> = {
  timeout: { spec: duration, doc: 'How long one attempt may take, connect to last byte. Default 10s.' },
  retries: {
    spec: { type: 'integer', min: 0, max: 10 },
    doc: 'Extra attempts inside one run before the check counts as failed. Default 1.'
  },
  method: { spec: { type: 'string', enum: METHODS }, doc: 'HTTP method. Default GET.' },
  headers: {
    spec: { type: 'map', values: { type: 'string' } },
    doc: 'Request headers; ${VAR} is taken from the environment and treated as a secret.'
  },
  expect: {
    spec: {
      type: 'object',
      fields: {
        status: {
          spec: {
            type: 'oneOf',
            hint: 'a status code such as 200, a range such as "200-299", or a list of them',
            options: [statusCode, { type: 'array', items: statusCode, minItems: 1 }]
          },
          doc: 'Status codes that count as up: codes and ranges. Default 200-299.'
        }
      }
    },
    doc: 'What a healthy answer looks like.'
  }
}

const target: Spec = {
  type: 'object',
  fields: {
    name: { spec: { type: 'string' }, required: true, doc: 'Unique name of the target, used in mail.' },
    url: {
      spec: { type: 'string' },
      required: true,
      doc: 'http://, https:// or tcp://host:port; the scheme picks the probe. ${VAR} comes from the environment.'
    },
    body: { spec: { type: 'string' }, doc: 'Request body; ${VAR} comes from the environment.' },
    ...inheritable
  }
}

/** The targets file: `defaults` and `targets`. */
export const targetsFile: Spec = {
  type: 'object',
  fields: {
    defaults: { spec: { type: 'object', fields: inheritable }, doc: 'Settings every target inherits.' },
    targets: { spec: { type: 'array', items: target }, required: true, doc: 'The targets to watch.' }
  }
}

/** The legacy Lambda's format, accepted as it is: `{"servers":[{"name","url"}]}`. */
export const legacyFile: Spec = {
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
}

/** Every issue with `value` against `spec`, each with the path where it is. */
export function validate(value: unknown, spec: Spec, path: Path = []): Issue[] {
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string')
        return [{ path, message: `expected ${spec.hint ?? 'a string'}, got ${describe(value)}` }]
      if (spec.enum && !spec.enum.includes(value)) {
        return [{ path, message: `"${value}" is not one of ${spec.enum.join(', ')}` }]
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
        const field = spec.fields[key]
        if (field) issues.push(...validate(item, field.spec, [...path, key]))
        else
          issues.push({
            path: [...path, key],
            atKey: true,
            message: `unknown key "${key}"; allowed here: ${allowed.join(', ')}`
          })
      }
      for (const [key, field] of Object.entries(spec.fields)) {
        if (field.required && value[key] === undefined)
          issues.push({ path, message: `"${key}" is missing: ${field.doc}` })
      }
      return issues
    }
    case 'oneOf': {
      const fits = spec.options.some(option => validate(value, option, path).length === 0)
      return fits ? [] : [{ path, message: `expected ${spec.hint}, got ${describe(value)}` }]
    }
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  const text = JSON.stringify(value)
  return `${typeof value === 'number' ? 'the number' : typeof value === 'boolean' ? 'the boolean' : 'the string'} ${text.length > 40 ? text.slice(0, 37) + '...' : text}`
}
