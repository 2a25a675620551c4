// The vantage's handler as Lambda runs it: the inline code of infra/vantage.yml, as the CommonJS module
// CloudFormation writes to index.js, in this process, with a console and environment of the test's own.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import vm from 'node:vm'
import { parse } from 'yaml'
import { type VantageRequest, type VantageResult } from '../../src/vantages/model.js'

export const TEMPLATE_FILE = 'infra/vantage.yml'

export interface VantageTemplate {
  Resources: Record<string, { Type: string; DependsOn?: string; Properties: Record<string, unknown> }>
  Outputs: Record<string, { Value: unknown }>
}

export const template = parse(readFileSync(TEMPLATE_FILE, 'utf8')) as VantageTemplate

/** The handler's source, as CloudFormation receives it. */
export const code = (template.Resources.Function.Properties.Code as { ZipFile: string }).ZipFile

export interface Vantage {
  /** One invocation, with Lambda's context: `remainingMs` left before the function's timeout. */
  invoke(event: VantageRequest, remainingMs?: number): Promise<{ results: VantageResult[] }>
  /** Every line the handler logged, in order. */
  logged: string[]
}

/** A fresh module of the handler; `env` is the process environment it reads. */
export function loadVantage(env: NodeJS.ProcessEnv = {}): Vantage {
  const logged: string[] = []
  const console = { log: (...parts: unknown[]) => logged.push(parts.map(String).join(' ')) }
  const process = { env }
  const module = { exports: {} as { handler?: Handler } }
  const wrapped = new vm.Script(`(function (exports, require, module, console, process) {\n${code}\n})`, {
    filename: 'index.js'
  }).runInThisContext() as (...args: unknown[]) => void
  wrapped(module.exports, createRequire(import.meta.url), module, console, process)
  const handler = module.exports.handler!
  return {
    invoke: (event, remainingMs = 30_000) => handler(event, { getRemainingTimeInMillis: () => remainingMs }),
    logged
  }
}

type Handler = (
  event: unknown,
  context: { getRemainingTimeInMillis(): number }
) => Promise<{ results: VantageResult[] }>
