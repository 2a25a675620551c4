import { info } from '../log.js'
import { type Mail, type Notifier } from './notifier.js'

/** With no topic, the mail that would have been sent is printed to the log instead. */
export class ConsoleNotifier implements Notifier {
  publish(mail: Mail): Promise<void> {
    info('No sns-topic-arn is set, so this mail is printed here instead of sent:')
    info(`Subject: ${mail.subject}`)
    for (const line of mail.body.trimEnd().split('\n')) info(`  ${line}`)
    return Promise.resolve()
  }
}
