export default function globalTeardown(): void {
  ;(globalThis as { dynamoDbLocal?: { kill(): void } }).dynamoDbLocal?.kill()
}
