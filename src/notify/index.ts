import { type AwsCredentialIdentity } from '@aws-sdk/types'
import { clientConfig } from '../aws.js'
import { type Settings } from '../settings.js'
import { ConsoleNotifier } from './console.js'
import { type Notifier } from './notifier.js'

/** SNS when a topic is given, else the log. The SDK is loaded only when a topic is used. */
export async function openNotifier(
  settings: Settings,
  credentials?: AwsCredentialIdentity
): Promise<Notifier> {
  if (!settings.snsTopicArn) return new ConsoleNotifier()
  // A topic is published to from its own region, which its ARN names (settings checked the ARN's form).
  const region = settings.snsTopicArn.split(':')[3]
  const [{ SNSClient }, { SnsNotifier }] = await Promise.all([
    import('@aws-sdk/client-sns'),
    import('./sns.js')
  ])
  const client = new SNSClient(clientConfig(region, credentials))
  return new SnsNotifier(client, settings.snsTopicArn)
}
