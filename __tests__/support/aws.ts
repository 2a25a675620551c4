// The AWS side of the tests: DynamoDB Local (started once by global-setup) behind a proxy that counts
// the calls, and fauxqs (S3, SNS, SQS) in-process on loopback. Mail is read from an SQS queue that is
// subscribed to the topic, as a subscriber would get it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { S3Client, CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient
} from '@aws-sdk/client-sqs'
import { buildApp } from 'fauxqs'
import { randomBytes } from 'node:crypto'
import {
  countingProxy as startCountingProxy,
  createStateTable,
  type CountingProxy
} from '../../scripts/dynamodb-local.mjs'

export const REGION = 'us-east-1'
/** DynamoDB Local wants access keys of letters and digits only. */
export const CREDENTIALS = { accessKeyId: 'upwatchtest', secretAccessKey: 'upwatchsecret1' }
const clientConfig = (endpoint: string) => ({ region: REGION, endpoint, credentials: CREDENTIALS })

export { type CountingProxy } from '../../scripts/dynamodb-local.mjs'

/** A proxy in front of DynamoDB Local that counts the calls by operation. */
export function countingProxy(): Promise<CountingProxy> {
  return startCountingProxy(process.env.UPWATCH_TEST_DYNAMODB!)
}

/** A fresh state table, with a name no other test uses. */
export async function createTable(): Promise<string> {
  const name = `upwatch-test-${randomBytes(6).toString('hex')}`
  await createStateTable(process.env.UPWATCH_TEST_DYNAMODB!, name, CREDENTIALS)
  return name
}

/** An S3 client for fauxqs at `endpoint` (path-style: fauxqs's buckets are not host names). */
export function s3Client(endpoint: string): S3Client {
  return new S3Client({ ...clientConfig(endpoint), forcePathStyle: true })
}

export function dynamoClient(): DynamoDBClient {
  return new DynamoDBClient(clientConfig(process.env.UPWATCH_TEST_DYNAMODB!))
}

/** A mail as a subscriber gets it. */
export interface ReceivedMail {
  subject: string
  body: string
  changes: string[]
}

/** What SNS delivers to an SQS queue without raw delivery: the mail, and its attributes as strings. */
interface SnsEnvelope {
  Subject: string
  Message: string
  MessageAttributes?: Record<string, { Value: string }>
}

export interface Fauxqs {
  endpoint: string
  /** A new topic with a queue subscribed to it. */
  mailbox(): Promise<Mailbox>
  putObject(bucket: string, key: string, body: string): Promise<void>
  close(): Promise<void>
}

export interface Mailbox {
  topicArn: string
  /** Every mail published since the last call. */
  take(): Promise<ReceivedMail[]>
}

let mailboxes = 0
export async function startFauxqs(): Promise<Fauxqs> {
  const app = buildApp({ logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const endpoint = `http://127.0.0.1:${port}`
  const sns = new SNSClient(clientConfig(endpoint))
  const sqs = new SQSClient(clientConfig(endpoint))
  const s3 = s3Client(endpoint)
  const buckets = new Set<string>()
  return {
    endpoint,
    async mailbox() {
      const name = `mail-${++mailboxes}`
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }))
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }))
      await sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'sqs',
          Endpoint: `arn:aws:sqs:${REGION}:000000000000:${name}`
        })
      )
      return {
        topicArn: TopicArn!,
        async take() {
          const mails: ReceivedMail[] = []
          for (;;) {
            const { Messages = [] } = await sqs.send(
              new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 })
            )
            if (Messages.length === 0) return mails
            for (const message of Messages) {
              const envelope = JSON.parse(message.Body!) as SnsEnvelope
              const attribute = envelope.MessageAttributes?.changes
              mails.push({
                subject: envelope.Subject,
                body: envelope.Message,
                changes: attribute ? (JSON.parse(attribute.Value) as string[]) : []
              })
              await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }))
            }
          }
        }
      }
    },
    async putObject(bucket, key, body) {
      if (!buckets.has(bucket)) {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }))
        buckets.add(bucket)
      }
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
    },
    async close() {
      sns.destroy()
      sqs.destroy()
      s3.destroy()
      await app.close()
    }
  }
}
