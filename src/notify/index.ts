import { SNSClient } from '@aws-sdk/client-sns'
import { clientConfig } from '../aws.js'
import { requireRegion, type Settings } from '../settings.js'
import { ConsoleNotifier } from './console.js'
import { type Notifier } from './notifier.js'
import { SnsNotifier } from './sns.js'

/** SNS when a topic is given, else the log. */
export function openNotifier(settings: Settings): Notifier {
  if (!settings.snsTopicArn) return new ConsoleNotifier()
  const client = new SNSClient(clientConfig(requireRegion(settings, 'Mail through SNS')))
  return new SnsNotifier(client, settings.snsTopicArn)
}
