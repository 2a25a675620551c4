/** The mask that stands in for every secret in mail, summary, outputs and logs. */
export const MASK = '***'

/**
 * Secrets shorter than this are not replaced in free text: hiding `x` would turn `example.com` into
 * `e***ample.com`. They are never shown where they were substituted (URLs and headers are shown as written),
 * and the runner still masks them in the log.
 */
export const MIN_MASKED_LENGTH = 4

// scheme://user:password@host — the password part, wherever a URL appears in a text. As URL parsers (and curl,
// and browsers) read it, the user info ends at the last `@` before the host, and the user name at its first `:`:
// a user name may hold an `@` (an e-mail address), a password an `@` or a `:`.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#:]*:)([^\s/?#]+)@(?=[^\s/?#@]*(?:[/?#\s]|$))/gi

/** Where the redactor reports: the runner's log masking, and a warning about secrets too short to hide. */
export interface SecretSinks {
  /** Called once per new secret, whatever its length, so that the runner masks it in the log too. */
  mask?: (secret: string) => void
  /** Called once per source of a secret shorter than MIN_MASKED_LENGTH. */
  tooShort?: (source: string) => void
}

/**
 * The one redaction function for free text (reasons, errors, anything a server sent back) in mail, summary,
 * outputs, logs and the state store. It knows every secret substituted from the environment, and hides
 * passwords in URLs whatever they are. Names, and URLs and headers as written, are not free text: they are
 * shown as the user wrote them and never pass through here.
 */
export class Redactor {
  private readonly seen = new Set<string>()
  private readonly secrets: string[] = []
  private readonly short = new Set<string>()

  constructor(private readonly sinks: SecretSinks = {}) {}

  /** @param source what people know the secret by: `${API_TOKEN}`, `the password in the URL of api`. */
  add(secret: string, source: string): void {
    if (secret === '') return
    if (!this.seen.has(secret)) {
      this.seen.add(secret)
      this.sinks.mask?.(secret)
      // Longest first, so that a secret containing another is masked whole.
      if (secret.length >= MIN_MASKED_LENGTH) {
        this.secrets.push(secret)
        this.secrets.sort((a, b) => b.length - a.length)
      }
    }
    if (secret.length < MIN_MASKED_LENGTH && !this.short.has(source)) {
      this.short.add(source)
      this.sinks.tooShort?.(source)
    }
  }

  redact(text: string): string {
    let result = maskUrlPasswords(text)
    for (const secret of this.secrets) result = result.split(secret).join(MASK)
    return result
  }
}

/** `https://user:***@host`: passwords in URLs masked, nothing else. */
export function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, `$1${MASK}@`)
}

/** The user info of a URL, decoded, if it has a password. */
export function urlCredentials(url: string): { username: string; password: string } | undefined {
  try {
    const { username, password } = new URL(url)
    if (password === '') return undefined
    return { username: decodeURIComponent(username), password: decodeURIComponent(password) }
  } catch {
    return undefined
  }
}

/** The token basic auth sends for these credentials: `Authorization: Basic <token>`. */
export function basicToken({ username, password }: { username: string; password: string }): string {
  return Buffer.from(`${username}:${password}`).toString('base64')
}
