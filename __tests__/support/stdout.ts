// What code writes to stdout, where the runner reads workflow commands.

/**
 * What `write` printed to stdout. The exit code is left as it was: log.fail sets it, as a failed step does,
 * and a test of what it prints must not fail the test run.
 */
export function printed(write: () => unknown): string {
  let out = ''
  // Put back below, never called without its stream.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = process.stdout.write
  const exitCode = process.exitCode
  process.stdout.write = (chunk: string | Uint8Array) => {
    out += chunk.toString()
    return true
  }
  try {
    write()
  } finally {
    process.stdout.write = original
    process.exitCode = exitCode
  }
  return out
}
