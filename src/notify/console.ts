import * as core from '@actions/core'
import { type Mail, type Notifier } from './notifier.js'

/** With no topic, the mail that would have been sent is printed to the log instead. */
export class ConsoleNotifier implements Notifier {
  publish(mail: Mail): Promise<void> {
    core.info('No sns-topic-arn is set, so this mail is printed here instead of sent:')
    core.info(`Subject: ${mail.subject}`)
    for (const line of mail.body.trimEnd().split('\n')) core.info(`  ${line}`)
    return Promise.resolve()
  }
}
