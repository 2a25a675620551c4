// The CloudFormation templates against the CloudFormation resource specification (from @aws-cdk/cfnspec): every
// resource's type exists, every property it sets is one of that type's, with a value of the property's type
// (nested property types included), every required property is there, and every Fn::GetAtt names an
// attribute the type has. A template that fails here fails at deploy time, when it is late to find out.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { parse } from 'yaml'

/** A property, or the item of a list or map property, as the specification describes it. */
interface PropertySpec {
  PrimitiveType?: string
  Type?: string
  ItemType?: string
  PrimitiveItemType?: string
  Required?: boolean
}

interface TypeSpec extends PropertySpec {
  Properties?: Record<string, PropertySpec>
  Attributes?: Record<string, unknown>
}

interface Specification {
  ResourceTypes: Record<string, TypeSpec>
  PropertyTypes: Record<string, TypeSpec>
}

type Node = unknown
interface Resource {
  Type: string
  Properties?: Record<string, Node>
  [attribute: string]: Node
}
interface Template {
  Resources: Record<string, Resource>
  Outputs: Record<string, Node>
}

const specification = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@aws-cdk/cfnspec/spec/specification.json'), 'utf8')
) as Specification
const template = parse(readFileSync('infra/upwatch.yml', 'utf8')) as Template
const vantage = parse(readFileSync('infra/vantage.yml', 'utf8')) as Template

/** What a resource may have beside its type and properties. */
const RESOURCE_ATTRIBUTES = new Set([
  'Type',
  'Properties',
  'Condition',
  'DependsOn',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy'
])

const isObject = (node: Node): node is Record<string, Node> =>
  node !== null && typeof node === 'object' && !Array.isArray(node)

/** `{ Ref: … }` or `{ 'Fn::…': … }`: CloudFormation works out the value, so any type may stand there. */
const isIntrinsic = (node: Node): node is Record<string, Node> =>
  isObject(node) &&
  Object.keys(node).length === 1 &&
  (Object.keys(node)[0] === 'Ref' || Object.keys(node)[0].startsWith('Fn::'))

const PRIMITIVES: Record<string, (value: Node) => boolean> = {
  String: value => typeof value === 'string',
  Integer: value => Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value)),
  Long: value => Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value)),
  Double: value =>
    typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !isNaN(+value)),
  Boolean: value => typeof value === 'boolean' || value === 'true' || value === 'false',
  Timestamp: value => typeof value === 'string',
  Json: value => isObject(value) || Array.isArray(value) || typeof value === 'string'
}

/** The problems of a template, one line each: where, then what is wrong. */
function check(template: Template): string[] {
  const problems: string[] = []

  const checkObject = (path: string, value: Node, properties: Record<string, PropertySpec>, type: string) => {
    if (!isObject(value) || isIntrinsic(value)) return problems.push(`${path}: expected an object of ${type}`)
    for (const [key, child] of Object.entries(value)) {
      if (!(key in properties)) problems.push(`${path}.${key}: no such property of ${type}`)
      else checkValue(`${path}.${key}`, child, properties[key], type)
    }
    for (const [key, property] of Object.entries(properties))
      if (property.Required && !(key in value)) problems.push(`${path}.${key}: required by ${type}`)
  }

  const checkValue = (path: string, value: Node, property: PropertySpec, type: string): void => {
    if (isIntrinsic(value)) {
      // Both branches of an Fn::If must fit, AWS::NoValue aside (it removes the property).
      const branches = (value['Fn::If'] as Node[] | undefined)?.slice(1) ?? []
      for (const branch of branches)
        if (!(isObject(branch) && branch.Ref === 'AWS::NoValue')) checkValue(path, branch, property, type)
      return
    }
    const resourceType = type.split('.')[0]
    if (property.PrimitiveType) {
      if (!PRIMITIVES[property.PrimitiveType](value))
        problems.push(`${path}: expected ${property.PrimitiveType}, found ${JSON.stringify(value)}`)
    } else if (property.Type === 'List' || property.Type === 'Map') {
      const item: PropertySpec = property.PrimitiveItemType
        ? { PrimitiveType: property.PrimitiveItemType }
        : { Type: property.ItemType }
      if (property.Type === 'List' && !Array.isArray(value)) problems.push(`${path}: expected a list`)
      else if (property.Type === 'Map' && !isObject(value)) problems.push(`${path}: expected a map`)
      else
        for (const [key, child] of Object.entries(value as object))
          checkValue(property.Type === 'List' ? `${path}[${key}]` : `${path}.${key}`, child, item, type)
    } else {
      const name = `${resourceType}.${property.Type}`
      const nested = specification.PropertyTypes[name] ?? specification.PropertyTypes[property.Type!]
      if (!nested) problems.push(`${path}: the specification has no property type ${name}`)
      else if (nested.Properties) checkObject(path, value, nested.Properties, name)
      else checkValue(path, value, nested, type)
    }
  }

  for (const [name, resource] of Object.entries(template.Resources)) {
    for (const key of Object.keys(resource))
      if (!RESOURCE_ATTRIBUTES.has(key)) problems.push(`${name}.${key}: not a resource attribute`)
    const type = specification.ResourceTypes[resource.Type]
    if (!type) {
      problems.push(`${name}: no resource type ${resource.Type}`)
      continue
    }
    checkObject(`${name}.Properties`, resource.Properties ?? {}, type.Properties ?? {}, resource.Type)
  }

  const checkAttributes = (node: Node): void => {
    if (Array.isArray(node)) return node.forEach(checkAttributes)
    if (!isObject(node)) return
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Fn::GetAtt') {
        const [name, attribute] = value as [string, string]
        const type = template.Resources[name]?.Type
        if (type && !(attribute in (specification.ResourceTypes[type]?.Attributes ?? {})))
          problems.push(`Fn::GetAtt ${name}.${attribute}: ${type} has no attribute ${attribute}`)
      }
      checkAttributes(value)
    }
  }
  checkAttributes(template.Resources)
  checkAttributes(template.Outputs)
  return problems
}

/** The template with one change made by `change` to a copy. */
function changed(change: (resources: Record<string, Resource>) => void): Template {
  const copy = structuredClone(template)
  change(copy.Resources)
  return copy
}

const property = (resource: Resource, name: string) => resource.Properties![name] as Record<string, Node>
const target = (resources: Record<string, Resource>) =>
  (property(resources.DispatchRule, 'Targets') as unknown as Record<string, Node>[])[0]

describe('infra/upwatch.yml against the CloudFormation resource specification', () => {
  it('uses only resource types, properties, value types and attributes the specification has, and every required property', () => {
    expect(Object.keys(template.Resources).length).toBeGreaterThan(0)
    expect(check(template)).toEqual([])
  })

  it('would find a misspelled property, a missing one, a value of the wrong type, and a misspelled type or attribute', () => {
    const cases: [Template, string][] = [
      [
        changed(resources => {
          const policy = target(resources).RetryPolicy as Record<string, Node>
          policy.MaximumEventAgeSeconds = policy.MaximumEventAgeInSeconds
          delete policy.MaximumEventAgeInSeconds
        }),
        'DispatchRule.Properties.Targets[0].RetryPolicy.MaximumEventAgeSeconds: no such property of AWS::Events::Rule.RetryPolicy'
      ],
      [
        changed(resources => delete resources.DispatchDestination.Properties!.HttpMethod),
        'DispatchDestination.Properties.HttpMethod: required by AWS::Events::ApiDestination'
      ],
      [
        changed(
          resources =>
            (property(resources.StateTable, 'PointInTimeRecoverySpecification').PointInTimeRecoveryEnabled =
              'yes')
        ),
        'StateTable.Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: expected Boolean, found "yes"'
      ],
      [
        changed(
          resources =>
            ((target(resources).RetryPolicy as Record<string, Node>).MaximumRetryAttempts = {
              'Fn::If': ['DispatchEveryMinute', 0, 'two']
            })
        ),
        'DispatchRule.Properties.Targets[0].RetryPolicy.MaximumRetryAttempts: expected Integer, found "two"'
      ],
      [
        changed(resources => (resources.DispatchRule.Properties!.Targets = target(resources))),
        'DispatchRule.Properties.Targets: expected a list'
      ],
      [
        changed(
          resources =>
            (property(resources.DispatchConnection, 'AuthParameters').ApiKeyAuthParameters = 'Bearer x')
        ),
        'DispatchConnection.Properties.AuthParameters.ApiKeyAuthParameters: expected an object of AWS::Events::Connection.ApiKeyAuthParameters'
      ],
      [
        changed(resources => (resources.HeartbeatAlarm.Type = 'AWS::CloudWatch::Alarms')),
        'HeartbeatAlarm: no resource type AWS::CloudWatch::Alarms'
      ],
      [
        changed(resources => {
          resources.MailTopic.Propertys = resources.MailTopic.Properties
          delete resources.MailTopic.Properties
        }),
        'MailTopic.Propertys: not a resource attribute'
      ],
      [
        changed(resources => (target(resources).RoleArn = { 'Fn::GetAtt': ['DispatchRole', 'Arm'] })),
        'Fn::GetAtt DispatchRole.Arm: AWS::IAM::Role has no attribute Arm'
      ]
    ]
    for (const [broken, problem] of cases) expect(check(broken)).toEqual([problem])
  })
})

describe('infra/vantage.yml against the CloudFormation resource specification', () => {
  it('uses only resource types, properties, value types and attributes the specification has, and every required property', () => {
    expect(Object.keys(vantage.Resources).sort()).toEqual(['Function', 'Logs', 'Role'])
    expect(check(vantage)).toEqual([])
  })
})
