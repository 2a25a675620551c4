// The template's optional dispatch (runs that start on time), worked out for given parameters as CloudFormation
// would: which resources exist, which URL EventBridge calls with what body and headers, on which schedule, and
// where the token comes from.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

type Node = unknown
interface Template {
  Parameters: Record<string, { Default?: string | number }>
  Conditions: Record<string, Node>
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, Node> }>
  Outputs: Record<string, { Condition?: string; Value: Node }>
}

const template = parse(readFileSync('infra/upwatch.yml', 'utf8')) as Template
const NO_VALUE = Symbol('AWS::NoValue')
const DISPATCH = ['DispatchConnection', 'DispatchDestination', 'DispatchRole', 'DispatchRule']

/**
 * The stack for these parameter values, as far as this template's intrinsic functions go: parameters and
 * conditions resolved; a resource's Ref and Fn::GetAtt left as `<Name>` and `<Name.Attribute>`.
 */
function stack(overrides: Record<string, string>) {
  const parameters = Object.fromEntries(
    Object.entries(template.Parameters).map(([name, { Default }]) => [
      name,
      String(overrides[name] ?? Default)
    ])
  )
  const value = (name: string) =>
    name === 'AWS::NoValue' ? NO_VALUE : name in parameters ? parameters[name] : `<${name}>`
  const conditions: Record<string, boolean> = {}
  const resolve = (node: Node): Node => {
    if (Array.isArray(node)) return node.map(resolve).filter(item => item !== NO_VALUE)
    if (node === null || typeof node !== 'object') return node
    const [[key, argument]] = Object.entries(node) as [string, Node][]
    const args = argument as Node[]
    switch (key) {
      case 'Ref':
        return value(argument as string)
      case 'Fn::GetAtt':
        return `<${args.join('.')}>`
      case 'Fn::Sub':
        return (argument as string).replace(/\$\{([\w:]+)\}/g, (_, name: string) => String(value(name)))
      case 'Fn::If':
        return conditions[args[0] as string] ? resolve(args[1]) : resolve(args[2])
      case 'Fn::Equals':
        return String(resolve(args[0])) === String(resolve(args[1]))
      case 'Fn::Not':
        return !resolve(args[0])
    }
    return Object.fromEntries(
      Object.entries(node)
        .map(([name, child]) => [name, resolve(child)])
        .filter(([, child]) => child !== NO_VALUE)
    )
  }
  for (const [name, condition] of Object.entries(template.Conditions))
    conditions[name] = resolve(condition) as boolean
  const made = Object.entries(template.Resources).filter(
    ([, { Condition }]) => !Condition || conditions[Condition]
  )
  return {
    conditions,
    resources: Object.fromEntries(
      made.map(([name, resource]) => [name, resolve(resource.Properties)])
    ) as Record<string, Record<string, Node>>
  }
}

const dispatching = (minutes: number, more: Record<string, string> = {}) =>
  stack({ Repository: 'octo/watch', DispatchEveryMinutes: String(minutes), ...more })

describe('infra/upwatch.yml: runs that start on time', () => {
  it('makes nothing for them unless DispatchEveryMinutes is set, and all of it when it is', () => {
    expect(template.Parameters.DispatchEveryMinutes.Default).toBe(0)
    expect(Object.keys(stack({ Repository: 'octo/watch' }).resources)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^Dispatch/)])
    )
    expect(Object.keys(dispatching(5).resources)).toEqual(expect.arrayContaining(DISPATCH))
    for (const name of DISPATCH) expect(template.Resources[name].Condition).toBe('Dispatch')
    expect(template.Outputs.DispatchRule).toMatchObject({
      Condition: 'Dispatch',
      Value: { Ref: 'DispatchRule' }
    })
  })

  it('posts {"ref": Branch} to the workflow_dispatch endpoint of the repository’s workflow, as GitHub asks', () => {
    const { resources } = dispatching(5, { Branch: 'release' })
    expect(resources.DispatchDestination).toMatchObject({
      ConnectionArn: '<DispatchConnection.Arn>',
      HttpMethod: 'POST',
      InvocationEndpoint: 'https://api.github.com/repos/octo/watch/actions/workflows/upwatch.yml/dispatches'
    })
    const [target] = resources.DispatchRule.Targets as Record<string, Node>[]
    expect(target).toMatchObject({ Arn: '<DispatchDestination.Arn>', RoleArn: '<DispatchRole.Arn>' })
    expect(JSON.parse(target.Input as string)).toEqual({ ref: 'release' })
    expect(
      dispatching(5, { DispatchWorkflow: 'monitor.yaml' }).resources.DispatchDestination.InvocationEndpoint
    ).toBe('https://api.github.com/repos/octo/watch/actions/workflows/monitor.yaml/dispatches')
  })

  it('sends the token from Secrets Manager as a bearer token, with the API version GitHub documents', () => {
    const auth = (more: Record<string, string>) =>
      dispatching(5, more).resources.DispatchConnection.AuthParameters as Record<string, Node>
    expect(dispatching(5).resources.DispatchConnection.AuthorizationType).toBe('API_KEY')
    expect(auth({}).ApiKeyAuthParameters).toEqual({
      ApiKeyName: 'Authorization',
      ApiKeyValue: 'Bearer {{resolve:secretsmanager:upwatch/dispatch-token:SecretString:::}}'
    })
    // A new VersionId after the token is renewed changes the reference, so that CloudFormation reads it again.
    expect(
      auth({ DispatchTokenSecret: 'gh', DispatchTokenVersion: 'v2' }).ApiKeyAuthParameters
    ).toMatchObject({
      ApiKeyValue: 'Bearer {{resolve:secretsmanager:gh:SecretString:::v2}}'
    })
    expect(auth({}).InvocationHttpParameters).toEqual({
      HeaderParameters: [
        { Key: 'Accept', Value: 'application/vnd.github+json', IsValueSecret: false },
        { Key: 'X-GitHub-Api-Version', Value: '2022-11-28', IsValueSecret: false }
      ]
    })
  })

  it('keeps the token out of parameters and outputs: the one dynamic reference is the connection’s key', () => {
    const text = JSON.stringify(template)
    expect(text.match(/\{\{resolve:/g)).toHaveLength(1)
    expect(JSON.stringify(template.Resources.DispatchConnection.Properties.AuthParameters)).toContain(
      '{{resolve:secretsmanager:'
    )
    expect(JSON.stringify(template.Outputs)).not.toContain('DispatchConnection')
  })

  it('runs at a rate of N minutes ("1 minute" for one), and never retries a dispatch into the next period', () => {
    for (const minutes of [1, 2, 5, 15, 60]) {
      const { resources } = dispatching(minutes)
      expect(resources.DispatchRule).toMatchObject({
        ScheduleExpression: minutes === 1 ? 'rate(1 minute)' : `rate(${minutes} minutes)`,
        State: 'ENABLED'
      })
      const [target] = resources.DispatchRule.Targets as { RetryPolicy: Record<string, number> }[]
      const { MaximumEventAgeInSeconds: age, MaximumRetryAttempts: attempts } = target.RetryPolicy
      expect(age).toBeGreaterThanOrEqual(60) // the least EventBridge takes
      expect(age < minutes * 60 || attempts === 0).toBe(true)
    }
  })

  it('dispatches a workflow that takes workflow_dispatch and runs one at a time (the example)', () => {
    const workflow = parse(readFileSync('examples/workflow.yml', 'utf8')) as {
      on: Record<string, Node>
      concurrency: { group: string; 'cancel-in-progress': boolean }
    }
    expect(workflow.on).toHaveProperty('workflow_dispatch')
    expect(workflow.on).toHaveProperty('schedule')
    expect(workflow.concurrency).toMatchObject({ group: expect.any(String), 'cancel-in-progress': false })
    expect(readFileSync('examples/workflow.yml', 'utf8')).toMatch(
      new RegExp(`^# \\.github/workflows/${template.Parameters.DispatchWorkflow.Default}:`)
    )
  })
})
