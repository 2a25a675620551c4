/**
 * Why a targets file was refused, with the line of each problem. `yaml`, which keeps positions, is loaded only
 * here, on the way to an error, so that a pass with a valid file never loads it (js-yaml reads the file).
 */

import { type YAMLException } from 'js-yaml'
import type { LineCounter, Node } from 'yaml'
import { UserError } from '../errors.js'
import { type Issue, type Path } from './schema.js'

type Yaml = typeof import('yaml')

/** Why a file is refused: js-yaml could not read it, it holds nothing, or it does not validate. */
export type Refusal = { syntax: YAMLException } | { empty: true } | { issues: Issue[] }

const MAX_LISTED = 20

/** The error that tells the user what to fix, and where. */
export async function explain(text: string, source: string, refusal: Refusal): Promise<UserError> {
  if ('empty' in refusal) return emptyFile(source)
  const yaml = await import('yaml')
  return 'syntax' in refusal
    ? syntaxError(yaml, text, source, refusal.syntax)
    : invalidFile(yaml, text, source, refusal.issues)
}

/** Every problem of the file, by line and field in the order of the file, up to MAX_LISTED. */
function invalidFile(yaml: Yaml, text: string, source: string, issues: Issue[]): UserError {
  const lines = new yaml.LineCounter()
  const doc = yaml.parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false })
  // In the order of the file, so that the list reads from top to bottom.
  const located = issues
    .map(issue => ({ issue, line: lineOf(yaml, doc.contents, issue, lines) }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  const listed = located
    .slice(0, MAX_LISTED)
    .map(
      ({ issue, line }) =>
        `  - ${line ? `line ${line}, ` : ''}${formatPath(issue.path) || 'top level'}: ${issue.message}`
    )
  if (issues.length > MAX_LISTED) listed.push(`  - and ${issues.length - MAX_LISTED} more`)
  return new UserError(`${source} is not a valid targets file:\n${listed.join('\n')}`)
}

/** Where and why the text is not YAML, in `yaml`'s words when it agrees, else in js-yaml's. */
function syntaxError(yaml: Yaml, text: string, source: string, error: YAMLException): UserError {
  const lines = new yaml.LineCounter()
  const doc = yaml.parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false })
  const [found] = doc.errors
  if (!found && doc.toJS() == null) return emptyFile(source)
  const line = found ? lines.linePos(found.pos[0]).line : (error.mark?.line ?? -1) + 1
  const message = found ? found.message.split('\n')[0] : error.reason
  return new UserError(
    `${source}${line ? ` line ${line}` : ''}: not valid YAML or JSON: ${message}. ` +
      'Fix the syntax there; a targets file looks like "targets:" followed by a list of "- name: ..., url: ..." entries.'
  )
}

function emptyFile(source: string): UserError {
  return new UserError(`${source} is empty: list what to watch under "targets:", each with a name and a url.`)
}

/** `targets[2].expect.status` */
function formatPath(path: Path): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('')
}

/** The line of the node at the issue's path, or of the nearest node above it that exists. */
function lineOf(
  { isMap, isSeq, isScalar }: Yaml,
  root: Node | null,
  issue: Issue,
  lines: LineCounter
): number | undefined {
  let node: unknown = root
  let offset = root?.range?.[0]
  for (const [index, part] of issue.path.entries()) {
    let next: unknown
    if (isMap(node)) {
      const pair = node.items.find(item => (isScalar(item.key) ? item.key.value : item.key) === part)
      const onKey = issue.atKey && index === issue.path.length - 1
      // A key with no value (`timeout:`) has no value node: point at the key.
      next = onKey || !(pair?.value as Node | null)?.range ? pair?.key : pair?.value
    } else if (isSeq(node) && typeof part === 'number') {
      next = node.items[part]
    }
    const range = (next as Node | undefined)?.range
    if (!range) break
    node = next
    offset = range[0]
  }
  return offset === undefined ? undefined : lines.linePos(offset).line
}
