import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { DEFAULTS, Inputs } from './constants.js'
import { type DigestSchedule } from './digest/schedule.js'
import { parseDuration } from './duration.js'
import { UserError } from './errors.js'
import { isTimeZone, WEEKDAYS, type Weekday } from './maintenance.js'
import { pageDestination, type PageDestination } from './page/publish.js'
import { parseShard, type Shard } from './targets/shard.js'
import { type Vantage } from './vantages/model.js'

/** Everything a pass needs to know about where things are, read once from the action's inputs. */
export interface Settings {
  /** The targets file: an absolute path, or an `s3://bucket/key` URI. */
  targets: string
  /**
   * GITHUB_WORKSPACE, or the current directory outside GitHub Actions: relative paths start here, and in
   * GitHub Actions the targets file must be inside it.
   */
  workspace: string
  /** DynamoDB table that keeps state; when absent, state lives in `stateFile`. */
  dynamodbTable?: string
  /** Absolute path of the JSON state file used when there is no table. */
  stateFile: string
  /** SNS topic that gets the mail, published to in the region its ARN names; absent: the mail is printed. */
  snsTopicArn?: string
  /** IAM role assumed through GitHub OIDC for the action's own clients; absent: the SDK's default chain. */
  roleToAssume?: string
  /** CloudWatch namespace for the heartbeat and per-target metrics; absent: no metrics. */
  cloudwatchNamespace?: string
  /** Region for S3, DynamoDB and SNS; only required when one of them is used. */
  region?: string
  /** Probes in flight at once; `auto`: as many as the pass and the process allow (concurrency.ts). */
  concurrency: number | 'auto'
  /** This step's slice of the targets, for a job matrix; absent: all of them. */
  shard?: Shard
  /** Probe and report only: no state written, no mail sent. */
  dryRun: boolean
  /** Fail the step when any target is down. */
  failOnDown: boolean
  /**
   * Keep each target's history (uptime, incidents, latency) in its item: folded at every write, and written once
   * an hour for a steady target. False: no hourly writes, and a history stored before is left as it is.
   */
  history: boolean
  /** Where the status page goes; absent: no page. */
  statusPage?: PageDestination
  /** Show URLs and failure reasons on the status page. */
  statusPageDetails: boolean
  /**
   * Write the status page from the stored state, and the weekly digest when it is due, and nothing else: no
   * check, no write of a target's state, no mail about a change.
   */
  statusPageOnly: boolean
  /** What the status page is called, and what its feed's id is made from: the repository, else `upwatch`. */
  statusPageTitle: string
  /** When the weekly digest is due; absent: no digest (`digest: none`). */
  digest?: DigestSchedule
  /** The token for the GitHub API (incident issues, keepalive); absent outside GitHub Actions unless given. */
  githubToken?: string
  /** Open an issue per outage, comment on it with reminders, comment and close it on recovery. */
  incidentIssues: boolean
  /** More targets than this going down in one run share one issue. */
  incidentGroupAbove: number
  /** Keep the scheduled workflow enabled when the repository has been quiet for 50 days. */
  keepalive: boolean
  /** Lambda functions that check again, from elsewhere, a target the runner saw fail (vantages/). */
  vantages: Vantage[]
  /** How many places (the runner and the vantages) must see a target down for it to go down. */
  quorum: number
  /** The most asking the vantages may add to a pass, in ms. */
  vantageDeadlineMs: number
  /** After how long failing only from the runner is mailed, once, in ms; absent: never. */
  runnerOnlyAfterMs?: number
  /** Identifies this run in the leases it takes on pending changes; unique per process. */
  runId: string
  /** True inside GitHub Actions, where the state file does not outlive the job. */
  inActions: boolean
  /**
   * An address the runner must reach anyway (the GitHub API: a job cannot run without it), checked when every
   * target fails without an answer, to tell an outage from the runner's own network failing. Absent outside
   * GitHub Actions.
   */
  referenceUrl?: string
}

type Env = NodeJS.ProcessEnv

const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/
const TOPIC_ARN = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/
const TABLE = /^([\w.-]{3,255}|arn:aws[\w-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[\w.-]{3,255})$/

/**
 * Reads and checks every input before anything is probed; all problems are reported at once, each naming the
 * input and saying what it accepts.
 */
export function readSettings(env: Env = process.env): Settings {
  const problems: string[] = []
  /** The value `read` gives, or `fallback` with its problem noted: a stand-in, since any problem ends here. */
  const checked = <T>(read: () => T, fallback: T): T => {
    try {
      return read()
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      problems.push(error.message)
      return fallback
    }
  }
  const input = (name: Inputs) => core.getInput(name) || DEFAULTS[name]
  const matching = (name: Inputs, pattern: RegExp, example: string) =>
    checked(() => {
      const value = input(name)
      if (value !== '' && !pattern.test(value))
        throw new UserError(`The input ${name} must be ${example}, not "${value}".`)
      return value || undefined
    }, undefined)

  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const targets = input(Inputs.Targets)
  const shard = input(Inputs.Shard)
  const inActions = env.GITHUB_ACTIONS === 'true'
  const vantages = checked(() => readVantages(input(Inputs.Vantages)), [])
  const settings: Settings = {
    targets: targets.startsWith('s3://') ? targets : path.resolve(workspace, targets),
    workspace: path.resolve(workspace),
    dynamodbTable: matching(
      Inputs.DynamodbTable,
      TABLE,
      'a DynamoDB table name (3 to 255 letters, digits, _ . -) or a table ARN'
    ),
    stateFile: path.resolve(workspace, input(Inputs.StateFile)),
    snsTopicArn: matching(
      Inputs.SnsTopicArn,
      TOPIC_ARN,
      'an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:upwatch'
    ),
    roleToAssume: matching(
      Inputs.RoleToAssume,
      ROLE_ARN,
      'an IAM role ARN such as arn:aws:iam::123456789012:role/upwatch'
    ),
    cloudwatchNamespace: checked(() => readNamespace(input(Inputs.CloudwatchNamespace)), undefined),
    region: input(Inputs.AwsRegion) || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
    concurrency: checked(() => readConcurrency(input(Inputs.Concurrency)), 'auto'),
    shard: shard === '' ? undefined : checked(() => parseShard(shard), undefined),
    dryRun: checked(() => readBoolean(Inputs.DryRun, input(Inputs.DryRun)), false),
    failOnDown: checked(() => readBoolean(Inputs.FailOnDown, input(Inputs.FailOnDown)), false),
    history: checked(() => readBoolean(Inputs.History, input(Inputs.History)), true),
    statusPage: checked(() => readStatusPage(input(Inputs.StatusPage), workspace), undefined),
    statusPageDetails: checked(
      () => readBoolean(Inputs.StatusPageDetails, input(Inputs.StatusPageDetails)),
      false
    ),
    statusPageOnly: checked(() => readBoolean(Inputs.StatusPageOnly, input(Inputs.StatusPageOnly)), false),
    statusPageTitle: env.GITHUB_REPOSITORY || 'upwatch',
    digest: checked(() => readDigest(input), undefined),
    githubToken: readToken(input(Inputs.GithubToken)),
    incidentIssues: checked(() => readBoolean(Inputs.IncidentIssues, input(Inputs.IncidentIssues)), false),
    incidentGroupAbove: checked(() => readGroupAbove(input(Inputs.IncidentIssuesGroupAbove)), 5),
    keepalive: checked(() => readBoolean(Inputs.Keepalive, input(Inputs.Keepalive)), false),
    vantages,
    quorum: checked(() => readQuorum(input(Inputs.Quorum), vantages.length), 1),
    vantageDeadlineMs: checked(() => readDeadline(input(Inputs.VantageDeadline)), 15_000),
    runnerOnlyAfterMs: checked(() => readRunnerOnlyAfter(input(Inputs.RunnerOnlyAfter)), undefined),
    runId: `${env.GITHUB_RUN_ID ?? 'local'}.${env.GITHUB_RUN_ATTEMPT ?? '1'}.${randomBytes(4).toString('hex')}`,
    inActions,
    referenceUrl: inActions ? env.GITHUB_API_URL || undefined : undefined
  }
  if (settings.statusPageOnly && !settings.statusPage && !settings.digest)
    problems.push(
      `The input ${Inputs.StatusPageOnly} writes the status page and the digest and nothing else, and ` +
        `${Inputs.StatusPage} is empty and ${Inputs.Digest} none: give status-page a directory or an s3:// URI, ` +
        'or set digest to weekly, or leave status-page-only false.'
    )
  if (settings.statusPage && settings.shard)
    problems.push(
      `The input ${Inputs.StatusPage} writes the page of every target, and ${Inputs.Shard} picks a slice of them: ` +
        'write the page in one job after the matrix, with status-page-only: true and no shard.'
    )
  if (settings.digest && settings.shard)
    problems.push(
      `The input ${Inputs.Digest} mails a digest of every target, and ${Inputs.Shard} picks a slice of them: ` +
        'send it from one job after the matrix, with status-page-only: true and no shard.'
    )
  for (const [on, name, permission] of [
    [settings.incidentIssues, Inputs.IncidentIssues, 'issues: write'],
    [settings.keepalive, Inputs.Keepalive, 'actions: write']
  ] as const)
    if (on && !settings.githubToken && !settings.dryRun)
      problems.push(
        `The input ${name} calls the GitHub API, and there is no token: inside GitHub Actions the input ` +
          `${Inputs.GithubToken} is the job's token by default (give the job permissions ${permission}); ` +
          'outside, give github-token a token, or leave ' +
          name +
          ' false.'
      )
  if (settings.digest && !settings.history)
    problems.push(
      `The input ${Inputs.Digest} is made from the targets' history, and ${Inputs.History} is false: ` +
        'leave history at true, or digest at none.'
    )
  const needRegion = regionUsers(settings)
  if (needRegion.length > 0 && !settings.region) {
    const users = needRegion.join(' and ')
    problems.push(
      `${users[0].toUpperCase()}${users.slice(1)} ${needRegion.length === 1 ? 'needs' : 'need'} an AWS region, and none is set: ` +
        'give the input aws-region (for example aws-region: us-east-1), or set AWS_REGION in the environment.'
    )
  }
  if (problems.length === 1) throw new UserError(problems[0])
  if (problems.length > 1) {
    throw new UserError(
      `${problems.length} problems with the inputs:\n${problems.map(problem => `  - ${problem}`).join('\n')}`
    )
  }
  return settings
}

/**
 * The token, registered as a secret at once so that no log line shows it. What action.yml writes as its default
 * stays unexpanded outside GitHub Actions: that is no token.
 */
function readToken(value: string): string | undefined {
  if (value === '' || value.startsWith('${{')) return undefined
  core.setSecret(value)
  return value
}

/** incident-issues-group-above: a whole number of targets, 1 or more. */
function readGroupAbove(value: string): number {
  const number = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1)
    throw new UserError(
      `The input ${Inputs.IncidentIssuesGroupAbove} must be a whole number of targets, 1 or more, not "${value}".`
    )
  return number
}

/** The inputs that call AWS, as people know them: each needs a region. */
function regionUsers(settings: Settings): string[] {
  return [
    settings.targets.startsWith('s3://') && 'targets from S3',
    settings.dynamodbTable && 'the input dynamodb-table',
    settings.roleToAssume && 'the input role-to-assume',
    settings.cloudwatchNamespace && 'the input cloudwatch-namespace',
    settings.statusPage?.kind === 's3' && 'a status page on S3'
  ].filter((user): user is string => typeof user === 'string')
}

/** The region, or an error that says how to give one; called only when an AWS service is used. */
export function requireRegion(settings: Settings, service: string): string {
  if (settings.region) return settings.region
  throw new UserError(
    `${service} needs an AWS region, and none is set: give the input aws-region (for example aws-region: us-east-1), ` +
      'or set AWS_REGION in the environment.'
  )
}

const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:function:([\w-]{1,64})$/

/**
 * vantages: function ARNs, one a line (or separated by commas or spaces), each in its region. A place is named
 * by its region, or by region and function when two share one.
 */
function readVantages(text: string): Vantage[] {
  const arns = text.split(/[\s,]+/).filter(Boolean)
  const wrong = arns.filter(arn => !FUNCTION_ARN.test(arn))
  if (wrong.length > 0)
    throw new UserError(
      `The input ${Inputs.Vantages} must list Lambda function ARNs such as ` +
        `arn:aws:lambda:eu-west-1:123456789012:function:upwatch-vantage (the FunctionArn output of ` +
        `infra/vantage.yml), one a line; not ${wrong.map(arn => `"${arn}"`).join(', ')}.`
    )
  const unique = [...new Set(arns)]
  const parts = unique.map(arn => FUNCTION_ARN.exec(arn)!)
  const regions = parts.map(([, region]) => region)
  return parts.map(([arn, region, name]) => ({
    arn,
    region,
    place: regions.indexOf(region) === regions.lastIndexOf(region) ? region : `${region}/${name}`
  }))
}

/** quorum: majority, or how many of the places (the runner and each vantage) must see a target down. */
function readQuorum(text: string, vantages: number): number {
  const places = vantages + 1
  if (text.toLowerCase() === 'majority') return Math.floor(places / 2) + 1
  const value = /^\d+$/.test(text) ? Number(text) : NaN
  if (vantages === 0)
    throw new UserError(
      `The input ${Inputs.Quorum} counts the places that must see a target down, and ${Inputs.Vantages} is empty: ` +
        'give vantages, or leave quorum out.'
    )
  if (!(value >= 1 && value <= places))
    throw new UserError(
      `The input ${Inputs.Quorum} must be majority or a whole number from 1 to ${places} (the runner and ` +
        `${vantages} vantage${vantages === 1 ? '' : 's'}), not "${text}".`
    )
  return value
}

/** vantage-deadline: a duration from 1s to 60s, since a pass waits for it. */
function readDeadline(text: string): number {
  const ms = readDurationInput(Inputs.VantageDeadline, text)
  if (ms < 1_000 || ms > 60_000)
    throw new UserError(`The input ${Inputs.VantageDeadline} must be from 1s to 60s, not "${text}".`)
  return ms
}

/** runner-only-after: a duration, or never. */
function readRunnerOnlyAfter(text: string): number | undefined {
  if (text.toLowerCase() === 'never') return undefined
  return readDurationInput(Inputs.RunnerOnlyAfter, text)
}

function readDurationInput(name: Inputs, text: string): number {
  try {
    return parseDuration(text)
  } catch {
    throw new UserError(`The input ${name} must be a duration such as 15s, 30m or 1h, not "${text}".`)
  }
}

function readNamespace(namespace: string): string | undefined {
  if (namespace === '') return undefined
  if (namespace.startsWith('AWS/') || !/^[\w.\-/#:]{1,255}$/.test(namespace)) {
    throw new UserError(
      `The input cloudwatch-namespace must be 1 to 255 letters, digits or . - _ / # : and must not start with AWS/, not "${namespace}".`
    )
  }
  return namespace
}

function readConcurrency(text: string): number | 'auto' {
  if (text.toLowerCase() === 'auto') return 'auto'
  // Decimal digits only: Number() also reads 0x10, 1e2, 0b1 and 16.0, which nobody writes for a count.
  const value = /^\d+$/.test(text) ? Number(text) : NaN
  if (!(value >= 1 && value <= 10_000)) {
    throw new UserError(
      `The input concurrency must be auto or a whole number from 1 to 10000, not "${text}".`
    )
  }
  return value
}

/** The status page's destination: an S3 URI as it is, a directory from the workspace. */
function readStatusPage(text: string, workspace: string): PageDestination | undefined {
  if (text === '') return undefined
  const destination = pageDestination(text)
  return destination.kind === 'directory'
    ? { kind: 'directory', path: path.resolve(workspace, destination.path) }
    : destination
}

/** The digest's schedule: all three of its inputs are checked, whichever of them is wrong. */
function readDigest(input: (name: Inputs) => string): DigestSchedule | undefined {
  const kind = input(Inputs.Digest)
  const day = input(Inputs.DigestDay).toLowerCase()
  const hour = input(Inputs.DigestHour)
  const timeZone = input(Inputs.DigestTimeZone)
  const wrong = [
    !['none', 'weekly'].includes(kind) && `The input ${Inputs.Digest} must be none or weekly, not "${kind}".`,
    !WEEKDAYS.includes(day as Weekday) &&
      `The input ${Inputs.DigestDay} must be a day of the week, ${WEEKDAYS.join(', ')}, not "${day}".`,
    !/^([01]?\d|2[0-3])$/.test(hour) &&
      `The input ${Inputs.DigestHour} must be a whole hour from 0 to 23, not "${hour}".`,
    !isTimeZone(timeZone) &&
      `The input ${Inputs.DigestTimeZone} must be an IANA time zone such as Europe/Berlin, or UTC, not "${timeZone}".`
  ].filter((problem): problem is string => typeof problem === 'string')
  if (wrong.length > 0) throw new UserError(wrong.join(' '))
  return kind === 'weekly' ? { day: day as Weekday, hour: Number(hour), timeZone } : undefined
}

function readBoolean(name: Inputs, text: string): boolean {
  const word = text.toLowerCase()
  if (word === 'false') return false
  if (word === 'true') return true
  throw new UserError(`The input ${name} must be true or false, not "${text}".`)
}
