/**
 * GitHub's limits on what a step writes, and what upwatch keeps to: sizes in UTF-8 bytes, as the runner
 * counts the summary file and as the value of an output is written to GITHUB_OUTPUT.
 */

/**
 * The runner refuses a step's summary file above 1 MiB, and then shows none of it ("$GITHUB_STEP_SUMMARY
 * upload aborted"): FileCommandManager.cs, AttachmentSizeLimit.
 */
export const SUMMARY_LIMIT = 1024 * 1024

/**
 * The most upwatch writes to the summary: 48 KiB under the limit, since a summary within a few bytes of it has
 * been seen dropped (actions/runner#4337).
 */
export const SUMMARY_BUDGET = 1_000_000

/** GitHub documents outputs of at most 1 MB (read here as 10^6 bytes, the stricter reading). */
export const OUTPUT_LIMIT = 1_000_000

/** The most upwatch writes to one output: 5% under the limit. */
export const OUTPUT_BUDGET = 950_000

/** The size of text as GitHub counts it: UTF-8 bytes. */
export function bytes(text: string): number {
  return Buffer.byteLength(text)
}

/** What is left of a budget, taken text by text. */
export class Room {
  constructor(private left: number) {}

  /** Takes the bytes of `text` when they fit, and says whether they did. */
  take(text: string): boolean {
    const size = bytes(text)
    if (size > this.left) return false
    this.left -= size
    return true
  }

  /** Gives back the bytes of `text`, taken before. */
  give(text: string): void {
    this.left += bytes(text)
  }

  /** How many of `texts`, from the first, fit one after the other; their bytes are taken. */
  takeWhile(texts: string[]): number {
    const taken = texts.findIndex(text => !this.take(text))
    return taken === -1 ? texts.length : taken
  }
}
