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
  FailOnDown = 'fail-on-down'
}

/** Names of the action's outputs, as action.yml declares them. */
export enum Outputs {
  Up = 'up',
  Down = 'down',
  Degraded = 'degraded',
  Changes = 'changes',
  Results = 'results',
  Inconclusive = 'inconclusive'
}
