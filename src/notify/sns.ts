import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns'
import { explainAwsError } from '../aws.js'
import * as log from '../log.js'
import { UserError } from '../errors.js'
import { type Mail, type Notifier } from './notifier.js'

/** Publishes the mail to an SNS topic, with a `changes` attribute that subscribers can filter on. */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string
  ) {}

  async publish(mail: Mail): Promise<void> {
    let messageId: string | undefined
    try {
      ;({ MessageId: messageId } = await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: mail.subject,
          Message: mail.body,
          MessageAttributes: {
            changes: { DataType: 'String.Array', StringValue: JSON.stringify(mail.kinds) }
          }
        })
      ))
    } catch (error) {
      const hint =
        error instanceof Error && error.name === 'NotFoundException'
          ? 'the topic does not exist in this region. Check the input sns-topic-arn and aws-region'
          : explainAwsError(error)
      throw new UserError(
        `Could not publish the mail to the SNS topic ${this.topicArn}: ${hint}. ` +
          'The changes are kept as pending and the next run sends them.'
      )
    }
    log.info(`Mail sent to ${this.topicArn}: "${mail.subject}" (message id ${messageId}).`)
  }
}
