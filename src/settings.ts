import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { Inputs } from './constants.js'
import { UserError } from './errors.js'
import { parseShard, type Shard } from './targets/shard.js'

/** Everything a pass needs to know about where things are, read once from the action's inputs. */
export interface Settings {
  /** The targets file: an absolute path, or an `s3://bucket/key` URI. */
  targets: string
  /** DynamoDB table that keeps state; when absent, state lives in `stateFile`. */
  dynamodbTable?: string
  /** Absolute path of the JSON state file used when there is no table. */
  stateFile: string
  /** SNS topic that gets the mail; when absent, the mail is printed to the log. */
  snsTopicArn?: string
  /** IAM role assumed through GitHub OIDC for the action's own clients; absent: the SDK's default chain. */
  roleToAssume?: string
  /** CloudWatch namespace for the heartbeat and per-target metrics; absent: no metrics. */
  cloudwatchNamespace?: string
  /** Region for S3, DynamoDB and SNS; only required when one of them is used. */
  region?: string
  /** Probes in flight at once. */
  concurrency: number
  /** This step's slice of the targets, for a job matrix; absent: all of them. */
  shard?: Shard
  /** Probe and report only: no state written, no mail sent. */
  dryRun: boolean
  /** Fail the step when any target is down. */
  failOnDown: boolean
  /** Link to this workflow run, for the mail; absent outside GitHub Actions. */
  runUrl?: string
  /** Identifies this run in the leases it takes on pending changes; unique per process. */
  runId: string
  /** True inside GitHub Actions, where the state file does not outlive the job. */
  inActions: boolean
}

type Env = NodeJS.ProcessEnv

/** Reads and checks the inputs; every error names the input and says what it accepts. */
export function readSettings(env: Env = process.env): Settings {
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const shard = core.getInput(Inputs.Shard)
  const role = core.getInput(Inputs.RoleToAssume)
  if (role !== '' && !/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(role)) {
    throw new UserError(
      `The input role-to-assume must be an IAM role ARN such as arn:aws:iam::123456789012:role/upwatch, not "${role}".`
    )
  }
  const namespace = core.getInput(Inputs.CloudwatchNamespace)
  if (namespace !== '' && (namespace.startsWith('AWS/') || !/^[\w.\-/#:]{1,255}$/.test(namespace))) {
    throw new UserError(
      `The input cloudwatch-namespace must be 1 to 255 letters, digits or . - _ / # : and must not start with AWS/, not "${namespace}".`
    )
  }

  const targets = core.getInput(Inputs.Targets) || '.github/upwatch.yml'
  const stateFile = core.getInput(Inputs.StateFile) || '.upwatch/state.json'
  return {
    targets: targets.startsWith('s3://') ? targets : path.resolve(workspace, targets),
    dynamodbTable: core.getInput(Inputs.DynamodbTable) || undefined,
    stateFile: path.resolve(workspace, stateFile),
    snsTopicArn: core.getInput(Inputs.SnsTopicArn) || undefined,
    roleToAssume: role || undefined,
    cloudwatchNamespace: namespace || undefined,
    region: core.getInput(Inputs.AwsRegion) || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
    concurrency: readConcurrency(core.getInput(Inputs.Concurrency)),
    shard: shard === '' ? undefined : parseShard(shard),
    dryRun: readBoolean(Inputs.DryRun),
    failOnDown: readBoolean(Inputs.FailOnDown),
    runUrl: runUrl(env),
    runId: `${env.GITHUB_RUN_ID ?? 'local'}.${env.GITHUB_RUN_ATTEMPT ?? '1'}.${randomBytes(4).toString('hex')}`,
    inActions: env.GITHUB_ACTIONS === 'true'
  }
}

/** The region, or an error that says how to give one; called only when an AWS service is used. */
export function requireRegion(settings: Settings, service: string): string {
  if (settings.region) return settings.region
  throw new UserError(
    `${service} needs an AWS region, and none is set: give the input aws-region (for example aws-region: us-east-1), ` +
      'or set AWS_REGION in the environment.'
  )
}

function readConcurrency(text: string): number {
  if (text === '') return 256
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new UserError(`The input concurrency must be a whole number from 1 to 10000, not "${text}".`)
  }
  return value
}

function readBoolean(name: Inputs): boolean {
  const text = core.getInput(name).trim().toLowerCase()
  if (text === '' || text === 'false') return false
  if (text === 'true') return true
  throw new UserError(`The input ${name} must be true or false, not "${core.getInput(name)}".`)
}

function runUrl(env: Env): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env
  if (!server || !repository || !runId) return undefined
  return `${server}/${repository}/actions/runs/${runId}`
}
