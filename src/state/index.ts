import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { clientConfig } from '../aws.js'
import { requireRegion, type Settings } from '../settings.js'
import { FileStateStore } from './file.js'
import { type StateStore } from './store.js'

/** The table when one is given, else the state file. The SDK is loaded only when a table is used. */
export async function openStateStore(
  settings: Settings,
  credentials?: AwsCredentialIdentity
): Promise<StateStore> {
  if (!settings.dynamodbTable) return new FileStateStore(settings.stateFile)
  const region = requireRegion(settings, 'The DynamoDB state table')
  const [{ DynamoDBClient }, { DynamoDbStateStore }] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('./dynamodb.js')
  ])
  const client = new DynamoDBClient(clientConfig(region, credentials))
  return new DynamoDbStateStore(client, settings.dynamodbTable)
}
