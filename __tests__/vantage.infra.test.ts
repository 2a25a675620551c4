// The vantage's template: one command deploys it (its size, its inline code), its function is what
// docs/vantage.md says, and its role may write its own log group and nothing else.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import vm from 'node:vm'
import { code, template, TEMPLATE_FILE } from './support/vantage.js'

/** The most `aws cloudformation deploy` sends in the request itself; a larger template needs --s3-bucket. */
const TEMPLATE_BODY_BYTES = 51_200
/** Code.ZipFile: CloudFormation zips it to index.js, and the zip may not exceed 4 MB. */
const ZIP_FILE_BYTES = 4 * 1024 * 1024

const { Function: fn, Logs: logs, Role: role } = template.Resources

describe(TEMPLATE_FILE, () => {
  it('deploys with one command: the template fits a request, the code fits Code.ZipFile, and nothing is built', () => {
    expect(readFileSync(TEMPLATE_FILE).length).toBeLessThan(TEMPLATE_BODY_BYTES)
    expect(Buffer.byteLength(code)).toBeLessThan(ZIP_FILE_BYTES)
    expect(fn.Properties).toMatchObject({ Handler: 'index.handler', Code: { ZipFile: code } })
    // index.js with no package.json beside it is CommonJS: the code must parse as a script, and need only
    // Node's own modules, which the runtime has.
    expect(() => new vm.Script(code)).not.toThrow()
    const required = [...code.matchAll(/require\('([^']+)'\)/g)].map(([, name]) => name)
    expect(required.every(name => name.startsWith('node:'))).toBe(true)
    expect(code).not.toMatch(/\$\{AWS::|Fn::/)
  })

  it('makes a small Node 24 function with a timeout of 30 s, named by the stack, and gives its ARN', () => {
    // The resource specification types Runtime as any string, so the identifier is checked here.
    expect(fn.Properties).toMatchObject({
      FunctionName: { Ref: 'AWS::StackName' },
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 128,
      Timeout: 30,
      Role: { 'Fn::GetAtt': ['Role', 'Arn'] }
    })
    expect(template.Outputs).toEqual({
      FunctionArn: expect.objectContaining({ Value: { 'Fn::GetAtt': ['Function', 'Arn'] } })
    })
  })

  it('keeps the function’s logs 30 days, in a group made before the function so that Lambda does not make one', () => {
    expect(logs.Type).toBe('AWS::Logs::LogGroup')
    expect(logs.Properties).toEqual({
      LogGroupName: { 'Fn::Sub': '/aws/lambda/${AWS::StackName}' },
      RetentionInDays: 30
    })
    expect(fn.DependsOn).toBe('Logs')
  })

  it('lets only Lambda assume its role, which may write to that log group and do nothing else', () => {
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }
      ]
    })
    expect(role.Properties).not.toHaveProperty('ManagedPolicyArns')
    const policies = role.Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[]
    expect(policies.flatMap(policy => policy.PolicyDocument.Statement)).toEqual([
      {
        Sid: 'Logs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: {
          'Fn::Sub':
            'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${AWS::StackName}:*'
        }
      }
    ])
    const types = Object.values(template.Resources).map(resource => resource.Type)
    expect(types.sort()).toEqual(['AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::Logs::LogGroup'])
  })

  it('logs one line, of counts and durations, from nothing a check holds', () => {
    expect([...code.matchAll(/console\.\w+\(.*/g)].map(([call]) => call)).toEqual([
      'console.log(JSON.stringify({ checks: results.length, failed, ms }))'
    ])
  })
})
