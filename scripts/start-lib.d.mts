// Types of start-lib.mjs, for the tests written in TypeScript.

export class UsageError extends Error {}

/** An input as action.yml declares it. */
export interface Input {
  name: string
  description: string
  default: string
  boolean: boolean
}

export type Values = Record<string, string>

export function readInputs(actionYml: string): Input[]
export function parseArgs(args: string[], inputs: Input[], defaults?: Values): Values
export function usage(inputs: Input[], defaults?: Values): string
export function inputVariable(name: string): string
export function resolveInputs(
  inputs: Input[],
  env: Record<string, string | undefined>,
  given: Values,
  defaults: Values
): Values
export function readableLine(line: string): string | undefined
export function lineTranslator(write: (text: string) => void): { write(chunk: string): void; end(): void }
export function parseOutputs(text: string): Values
export function openingLine(values: Values): string
export function closingLines(
  outputs: Values,
  values: Values,
  files: { outputs: string; summary: string }
): string[]
