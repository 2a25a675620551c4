/** Names of the action's inputs, as action.yml declares them. */
export enum Inputs {
  Targets = 'targets',
  DynamodbTable = 'dynamodb-table',
  StateFile = 'state-file',
  SnsTopicArn = 'sns-topic-arn',
  AwsRegion = 'aws-region',
  RoleToAssume = 'role-to-assume',
  CloudwatchNamespace = 'cloudwatch-namespace',
  Concurrency = 'concurrency',
  DryRun = 'dry-run',
  Shard = 'shard',
  FailOnDown = 'fail-on-down',
  History = 'history',
  StatusPage = 'status-page',
  StatusPageDetails = 'status-page-details',
  StatusPageOnly = 'status-page-only',
  Digest = 'digest',
  DigestDay = 'digest-day',
  DigestHour = 'digest-hour',
  DigestTimeZone = 'digest-time-zone',
  GithubToken = 'github-token',
  IncidentIssues = 'incident-issues',
  IncidentIssuesGroupAbove = 'incident-issues-group-above',
  Keepalive = 'keepalive',
  Vantages = 'vantages',
  Quorum = 'quorum',
  VantageDeadline = 'vantage-deadline',
  RunnerOnlyAfter = 'runner-only-after'
}

/**
 * Each input's default, as action.yml declares it. The runner fills these in; readSettings falls back on them
 * for runs it does not start (tests, local runs), so that a missing input means the same everywhere.
 */
export const DEFAULTS: Record<Inputs, string> = {
  [Inputs.Targets]: '.github/upwatch.yml',
  [Inputs.DynamodbTable]: '',
  [Inputs.StateFile]: '.upwatch/state.json',
  [Inputs.SnsTopicArn]: '',
  [Inputs.AwsRegion]: '',
  [Inputs.RoleToAssume]: '',
  [Inputs.CloudwatchNamespace]: '',
  [Inputs.Concurrency]: 'auto',
  [Inputs.DryRun]: 'false',
  [Inputs.Shard]: '',
  [Inputs.FailOnDown]: 'false',
  [Inputs.History]: 'true',
  [Inputs.StatusPage]: '',
  [Inputs.StatusPageDetails]: 'false',
  [Inputs.StatusPageOnly]: 'false',
  [Inputs.Digest]: 'none',
  [Inputs.DigestDay]: 'mon',
  [Inputs.DigestHour]: '8',
  [Inputs.DigestTimeZone]: 'UTC',
  // The runner puts the job's token in its place; outside GitHub Actions it stays as written, and means none.
  [Inputs.GithubToken]: '${{ github.token }}',
  [Inputs.IncidentIssues]: 'false',
  [Inputs.IncidentIssuesGroupAbove]: '5',
  [Inputs.Keepalive]: 'false',
  [Inputs.Vantages]: '',
  [Inputs.Quorum]: 'majority',
  [Inputs.VantageDeadline]: '15s',
  [Inputs.RunnerOnlyAfter]: '1h'
}

/** Names of the action's outputs, as action.yml declares them. */
export enum Outputs {
  Up = 'up',
  Down = 'down',
  Degraded = 'degraded',
  Changes = 'changes',
  ChangesOmitted = 'changes-omitted',
  Results = 'results',
  ResultsOmitted = 'results-omitted',
  ResultsFile = 'results-file',
  Inconclusive = 'inconclusive',
  Lateness = 'lateness'
}
