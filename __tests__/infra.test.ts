// The CloudFormation template: it parses, every reference in it resolves, and its role grants exactly the
// AWS actions the code can call: fewer and the action fails, more and it is not least privilege.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'

type Node = unknown
const template = parse(readFileSync('infra/upwatch.yml', 'utf8')) as {
  Parameters: Record<string, unknown>
  Conditions: Record<string, unknown>
  Resources: Record<
    string,
    {
      Type: string
      Condition?: string
      DeletionPolicy?: string
      UpdateReplacePolicy?: string
      Properties: Record<string, Node>
    }
  >
  Outputs: Record<string, { Condition?: string; Value: Node }>
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const file = path.join(dir, name)
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : []
  })
}

/** The document client's names for DynamoDB operations. */
const DOCUMENT_OPERATIONS: Record<string, string> = {
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems'
}

/** SDK operations, as `service:Operation`, whose IAM action has another name. */
const IAM_ACTIONS: Record<string, string> = {
  'lambda:Invoke': 'lambda:InvokeFunction'
}

/**
 * PartiQL operations have no IAM action of their own: each statement needs the action of its kind, read from
 * the statements the file writes (`INSERT INTO "…"`…).
 */
const PARTIQL_OPERATIONS = new Set(['ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction'])
const PARTIQL_STATEMENTS =
  /[`'"]\s*(?:(INSERT)\s+INTO|(DELETE)\s+FROM|(UPDATE)\s+["\w]|(SELECT)\s[^`'"]*\bFROM)\b/gi

function partiqlActions(file: string, text: string): string[] {
  const kinds = [...text.matchAll(PARTIQL_STATEMENTS)].map(match =>
    match.slice(1).find(Boolean)!.toUpperCase()
  )
  if (kinds.length === 0) throw new Error(`${file}: a PartiQL operation with no statement this test can read`)
  const action = (kind: string) => `PartiQL${kind[0]}${kind.slice(1).toLowerCase()}`
  return [...new Set(kinds)].map(kind => `dynamodb:${action(kind)}`)
}

/** Every `new XCommand(` in src/, as the IAM action it needs, read from the package the file takes X from. */
function actionsInCode(): Set<string> {
  const actions = new Set<string>()
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8')
    const origin = new Map<string, string>()
    const imports =
      /(?:import\s*\{([^}]*)\}\s*from\s*|const\s*\{([^}]*)\}\s*=\s*await\s+import\()\s*'@aws-sdk\/(client|lib)-([\w-]+)'/g
    for (const [, named, destructured, , service] of text.matchAll(imports)) {
      for (const name of (named ?? destructured)
        .split(',')
        .map(part => part.replace(/^\s*type\s+/, '').trim())) {
        if (name) origin.set(name, service)
      }
    }
    for (const [, operation] of text.matchAll(/new\s+(\w+)Command\(/g)) {
      const service = origin.get(`${operation}Command`)
      if (!service)
        throw new Error(`${file}: ${operation}Command comes from no @aws-sdk package this test knows`)
      if (service === 'dynamodb' && PARTIQL_OPERATIONS.has(operation)) {
        for (const action of partiqlActions(file, text)) actions.add(action)
        continue
      }
      const action = `${service}:${service === 'dynamodb' ? (DOCUMENT_OPERATIONS[operation] ?? operation) : operation}`
      actions.add(IAM_ACTIONS[action] ?? action)
    }
  }
  return actions
}

/** The statements of the role's policies, with Fn::If unwrapped to the branch that grants. */
function grantedStatements(): { Action: string | string[]; Resource: Node; Condition?: Node }[] {
  const role = template.Resources.Role.Properties as { Policies: { PolicyDocument: { Statement: Node[] } }[] }
  return role.Policies.flatMap(policy => policy.PolicyDocument.Statement).map(statement => {
    const branch = (statement as { 'Fn::If'?: Node[] })['Fn::If']
    return (branch ? branch[1] : statement) as { Action: string | string[]; Resource: Node; Condition?: Node }
  })
}

const listOf = (action: string | string[]) => (Array.isArray(action) ? action : [action])

describe('infra/upwatch.yml', () => {
  it('grants the role exactly the actions the code calls, and trusts GitHub for sts:AssumeRoleWithWebIdentity', () => {
    const called = actionsInCode()
    expect([...called].sort()).toEqual([
      'cloudwatch:PutMetricData',
      'dynamodb:BatchGetItem',
      'dynamodb:PartiQLInsert',
      'dynamodb:UpdateItem',
      'lambda:InvokeFunction',
      's3:DeleteObject',
      's3:GetObject',
      's3:PutObject',
      'sns:Publish',
      'sts:AssumeRoleWithWebIdentity'
    ])
    const granted = new Set(grantedStatements().flatMap(statement => listOf(statement.Action)))
    const trust = (
      template.Resources.Role.Properties.AssumeRolePolicyDocument as { Statement: { Action: string }[] }
    ).Statement
    expect(trust.map(statement => statement.Action)).toEqual(['sts:AssumeRoleWithWebIdentity'])
    expect([...granted].sort()).toEqual([...called].filter(action => !action.startsWith('sts:')).sort())
  })

  it('scopes each grant to upwatch’s own resources', () => {
    const byAction = Object.fromEntries(
      grantedStatements().flatMap(statement => listOf(statement.Action).map(action => [action, statement]))
    )
    for (const action of ['dynamodb:BatchGetItem', 'dynamodb:PartiQLInsert', 'dynamodb:UpdateItem'])
      expect(byAction[action].Resource).toEqual({ 'Fn::GetAtt': ['StateTable', 'Arn'] })
    expect(byAction['sns:Publish'].Resource).toEqual({ Ref: 'MailTopic' })
    const bySid: Record<string, unknown> = Object.fromEntries(
      grantedStatements().map(statement => [(statement as { Sid?: string }).Sid ?? '', statement])
    )
    expect(bySid.Targets).toMatchObject({ Action: 's3:GetObject', Resource: { Ref: 'TargetsObjectArn' } })
    expect(bySid.StatusPage).toMatchObject({
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: { Ref: 'StatusPageObjectsArn' }
    })
    const conditions = JSON.stringify(template.Resources.Role.Properties.Policies)
    expect(conditions).toContain('"Fn::If":["TargetsInS3"')
    expect(conditions).toContain('"Fn::If":["StatusPageInS3"')
    expect(conditions).toContain('"Fn::If":["Vantages"')
    // Only the listed functions: no other statement grants a Lambda action, and this one has no wildcard.
    const lambda = grantedStatements().filter(statement =>
      listOf(statement.Action).some(action => action.startsWith('lambda:'))
    )
    expect(lambda).toEqual([
      { Sid: 'Vantages', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { Ref: 'VantageArns' } }
    ])
    expect(template.Conditions.Vantages).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ 'Fn::Join': ['', { Ref: 'VantageArns' }] }, ''] }]
    })
    expect(byAction['cloudwatch:PutMetricData'].Condition).toEqual({
      StringEquals: { 'cloudwatch:namespace': { Ref: 'MetricNamespace' } }
    })
    const trust = JSON.stringify(template.Resources.Role.Properties.AssumeRolePolicyDocument)
    expect(trust).toContain(
      '"token.actions.githubusercontent.com:sub":{"Fn::Sub":"repo:${Repository}:ref:refs/heads/${Branch}"}'
    )
    expect(trust).toContain('"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"')
  })

  it('takes the vantages as whole, unqualified function ARNs, and none by default', () => {
    const parameter = template.Parameters.VantageArns as {
      Type: string
      Default: string
      AllowedPattern: string
    }
    expect(parameter).toMatchObject({ Type: 'CommaDelimitedList', Default: '' })
    // CloudFormation matches the pattern against each item of the list, whole.
    const accepted = (item: string) => new RegExp(`^(?:${parameter.AllowedPattern})$`).test(item)
    const arns = [
      'arn:aws:lambda:eu-west-1:123456789012:function:upwatch-vantage',
      'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:upwatch_vantage2',
      'arn:aws-cn:lambda:cn-north-1:123456789012:function:v'
    ]
    expect(['', ...arns].filter(accepted)).toEqual(['', ...arns])
    const wider = [
      '*',
      'arn:aws:lambda:eu-west-1:123456789012:function:*',
      'arn:aws:lambda:eu-west-1:123456789012:function:upwatch-*',
      'arn:aws:lambda:*:123456789012:function:upwatch-vantage',
      'arn:aws:lambda:eu-west-1:*:function:upwatch-vantage',
      'arn:aws:lambda:eu-west-1:123456789012:function:upwatch-vantage:live',
      'arn:aws:lambda:eu-west-1:123456789012:function:upwatch-vantage:$LATEST',
      'arn:aws:lambda:eu-west-1:123456789012:layer:upwatch-vantage',
      'arn:aws:s3:::bucket/key',
      'upwatch-vantage'
    ]
    expect(wider.filter(accepted)).toEqual([])
  })

  it('lets EventBridge invoke the dispatch destination and nothing else, with a role no one else can assume', () => {
    const roles = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::IAM::Role')
      .map(([name]) => name)
    expect(roles.sort()).toEqual(['DispatchRole', 'Role'])
    const role = template.Resources.DispatchRole.Properties
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'events.amazonaws.com' } }
      ]
    })
    const statements = (role.Policies as { PolicyDocument: { Statement: Node[] } }[]).flatMap(
      policy => policy.PolicyDocument.Statement
    )
    expect(statements).toEqual([
      {
        Sid: 'Dispatch',
        Effect: 'Allow',
        Action: 'events:InvokeApiDestination',
        Resource: { 'Fn::GetAtt': ['DispatchDestination', 'Arn'] }
      }
    ])
    const targets = template.Resources.DispatchRule.Properties.Targets as { Arn: Node; RoleArn: Node }[]
    expect(targets).toHaveLength(1)
    expect(targets[0]).toMatchObject({
      Arn: { 'Fn::GetAtt': ['DispatchDestination', 'Arn'] },
      RoleArn: { 'Fn::GetAtt': ['DispatchRole', 'Arn'] }
    })
  })

  it('resolves every Ref, GetAtt, Sub variable and condition it uses', () => {
    const pseudo = ['AWS::Region', 'AWS::AccountId', 'AWS::NoValue', 'AWS::StackName', 'AWS::Partition']
    const known = new Set([
      ...Object.keys(template.Parameters),
      ...Object.keys(template.Resources),
      ...pseudo
    ])
    const unknown: string[] = []
    const walk = (node: Node): void => {
      if (Array.isArray(node)) return node.forEach(walk)
      if (node === null || typeof node !== 'object') return
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref' && !known.has(value as string)) unknown.push(`Ref ${value}`)
        if (key === 'Fn::GetAtt' && !known.has((value as string[])[0])) unknown.push(`GetAtt ${value}`)
        if (key === 'Fn::Sub') {
          for (const [, name] of String(value).matchAll(/\$\{([\w:]+)/g))
            if (!known.has(name)) unknown.push(`Sub ${name}`)
        }
        if ((key === 'Condition' && typeof value === 'string') || key === 'Fn::If') {
          const condition = key === 'Fn::If' ? (value as string[])[0] : (value as string)
          if (!(condition in template.Conditions)) unknown.push(`Condition ${condition}`)
        }
        walk(value)
      }
    }
    walk(template.Resources)
    walk(template.Outputs)
    expect(unknown).toEqual([])
  })

  it('refers to a resource made under a condition only from under the same condition', () => {
    const conditionOf = (name: string) => template.Resources[name]?.Condition
    const mismatched: string[] = []
    const walk = (where: string, condition: string | undefined, node: Node): void => {
      if (Array.isArray(node)) return node.forEach(item => walk(where, condition, item))
      if (node === null || typeof node !== 'object') return
      const branch = (node as { 'Fn::If'?: [string, Node, Node] })['Fn::If']
      if (branch) {
        walk(where, branch[0], branch[1])
        return walk(where, condition, branch[2])
      }
      for (const [key, value] of Object.entries(node)) {
        const names =
          key === 'Ref'
            ? [value as string]
            : key === 'Fn::GetAtt'
              ? [(value as string[])[0]]
              : key === 'Fn::Sub'
                ? [...String(value).matchAll(/\$\{(\w+)/g)].map(([, name]) => name)
                : []
        for (const name of names)
          if (conditionOf(name) && conditionOf(name) !== condition)
            mismatched.push(`${where} (${condition ?? 'always'}) -> ${name} (${conditionOf(name)})`)
        walk(where, condition, value)
      }
    }
    for (const [name, resource] of Object.entries(template.Resources))
      walk(name, resource.Condition, resource.Properties)
    for (const [name, output] of Object.entries(template.Outputs)) walk(name, output.Condition, output.Value)
    expect(mismatched).toEqual([])
  })

  it('makes what the workflow needs, and gives it as outputs', () => {
    const types = Object.fromEntries(
      Object.entries(template.Resources).map(([name, resource]) => [name, resource.Type])
    )
    expect(types).toEqual({
      StateTable: 'AWS::DynamoDB::Table',
      MailTopic: 'AWS::SNS::Topic',
      GitHubOidcProvider: 'AWS::IAM::OIDCProvider',
      Role: 'AWS::IAM::Role',
      HeartbeatAlarm: 'AWS::CloudWatch::Alarm',
      DispatchConnection: 'AWS::Events::Connection',
      DispatchDestination: 'AWS::Events::ApiDestination',
      DispatchRole: 'AWS::IAM::Role',
      DispatchRule: 'AWS::Events::Rule'
    })
    expect(template.Resources.StateTable.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'url', KeyType: 'HASH' },
        { AttributeName: 'name', KeyType: 'RANGE' }
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }
    })
    expect(template.Resources.HeartbeatAlarm.Properties).toMatchObject({
      MetricName: 'Heartbeat',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: 'MailTopic' }]
    })
    expect(Object.keys(template.Outputs).sort()).toEqual([
      'DispatchRule',
      'MetricNamespace',
      'Region',
      'RoleArn',
      'TableName',
      'TopicArn'
    ])
  })

  it('keeps the state table and the OIDC provider when the stack deletes or replaces them, and only those', () => {
    const kept = Object.fromEntries(
      Object.entries(template.Resources).map(([name, { DeletionPolicy, UpdateReplacePolicy }]) => [
        name,
        { DeletionPolicy, UpdateReplacePolicy }
      ])
    )
    const retain = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }
    const none = { DeletionPolicy: undefined, UpdateReplacePolicy: undefined }
    expect(kept).toEqual({
      StateTable: retain,
      GitHubOidcProvider: retain,
      MailTopic: none,
      Role: none,
      HeartbeatAlarm: none,
      DispatchConnection: none,
      DispatchDestination: none,
      DispatchRole: none,
      DispatchRule: none
    })
  })

  it('matches the policy the README gives as JSON for those who do not use CloudFormation', () => {
    const readme = readFileSync('README.md', 'utf8')
    const json = /```json\n(\{\n {2}"Version": "2012-10-17"[\s\S]*?)```/.exec(readme)![1]
    const policy = JSON.parse(json) as { Statement: { Action: string | string[] }[] }
    const actions = policy.Statement.flatMap(statement => listOf(statement.Action))
    const granted = grantedStatements().flatMap(statement => listOf(statement.Action))
    expect(actions.sort()).toEqual(granted.sort())
  })
})
