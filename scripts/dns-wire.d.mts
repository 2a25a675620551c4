// Types of dns-wire.mjs, for the tests written in TypeScript.

/** A query's question (the name in lower case; the type as `A`, `AAAA` or its number) and the response. */
export function answerTo(
  query: Buffer,
  addressOf: (name: string) => string | undefined
): { name: string; type: 'A' | 'AAAA' | number; response: Buffer }
