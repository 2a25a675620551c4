/** The mask that stands in for every secret in mail, summary, outputs and logs. */
export const MASK = '***'

// scheme://user:password@ — the password part, wherever a URL appears in a text.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)([^\s/?#@]+)@/gi

/**
 * The one redaction function used by mail, summary, outputs and logs: it knows every secret substituted
 * from the environment, and hides passwords in URLs whatever they are.
 */
export class Redactor {
  private readonly secrets = new Set<string>()

  /** @param onSecret called once per new secret, so that the runner masks it in the log too. */
  constructor(private readonly onSecret: (secret: string) => void = () => undefined) {}

  add(secret: string): void {
    if (secret === '' || this.secrets.has(secret)) return
    this.secrets.add(secret)
    this.onSecret(secret)
  }

  redact(text: string): string {
    let result = maskUrlPasswords(text)
    // Longest first, so that a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      result = result.split(secret).join(MASK)
    }
    return result
  }
}

/** `https://user:***@host`: passwords in URLs masked, nothing else. */
export function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, `$1${MASK}@`)
}

/** The password of a URL's user info, if it has one. */
export function urlPassword(url: string): string | undefined {
  try {
    const password = new URL(url).password
    return password === '' ? undefined : decodeURIComponent(password)
  } catch {
    return undefined
  }
}
