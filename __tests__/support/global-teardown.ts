export default async function globalTeardown(): Promise<void> {
  ;(globalThis as { dynamoDbLocal?: { kill(): void } }).dynamoDbLocal?.kill()
}
