/** A mail ready to send: one per run that has changes. */
export interface Mail {
  /** At most 100 printable ASCII characters, no line breaks (SNS rejects anything else). */
  subject: string
  body: string
  /** The kinds of change in it (DOWN, DEGRADED, RECOVERED), for subscribers' filter policies. */
  kinds: string[]
}

/** Sends a mail, or throws a UserError that says why it could not. */
export interface Notifier {
  publish(mail: Mail): Promise<void>
}
