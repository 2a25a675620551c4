import { type SNSClient } from '@aws-sdk/client-sns'
import { describe, expect, it } from '@jest/globals'
import { openNotifier } from '../src/notify/index.js'
import { type Settings } from '../src/settings.js'

describe('the notifier', () => {
  it('publishes to a topic from the region its ARN names, whatever aws-region says', async () => {
    const settings = {
      snsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:upwatch',
      region: 'us-east-1'
    } as Settings
    const notifier = await openNotifier(settings)
    const client = (notifier as unknown as { client: SNSClient }).client
    expect(await client.config.region()).toBe('eu-west-1')
    client.destroy()
  })
})
