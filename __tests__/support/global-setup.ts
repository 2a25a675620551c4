// Starts DynamoDB Local once for the whole test run; its endpoint reaches the tests through the environment.
import { startDynamoDbLocal } from '../../scripts/dynamodb-local.mjs'

export default async function globalSetup(): Promise<void> {
  const { endpoint, child } = await startDynamoDbLocal()
  process.env.UPWATCH_TEST_DYNAMODB = endpoint
  ;(globalThis as { dynamoDbLocal?: { kill(): void } }).dynamoDbLocal = child
}
