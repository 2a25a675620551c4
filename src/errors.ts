/**
 * An error whose message is written for the person running the action: it says what is wrong and how to
 * fix it, and is shown as it is, without a stack trace.
 */
export class UserError extends Error {
  override name = 'UserError'
}

/** The message to show for any error: a UserError as written, anything else with its name. */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.message
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
