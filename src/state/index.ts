import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { clientConfig } from '../aws.js'
import { requireRegion, type Settings } from '../settings.js'
import { DynamoDbStateStore } from './dynamodb.js'
import { FileStateStore } from './file.js'
import { type StateStore } from './store.js'

/** The table when one is given, else the state file. */
export function openStateStore(settings: Settings): StateStore {
  if (!settings.dynamodbTable) return new FileStateStore(settings.stateFile)
  const client = new DynamoDBClient(clientConfig(requireRegion(settings, 'The DynamoDB state table')))
  return new DynamoDbStateStore(client, settings.dynamodbTable)
}
