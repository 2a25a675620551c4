/**
 * Why a targets file was refused, with the line of each problem. `yaml`, which keeps positions, is loaded only
 * here, on the way to an error, so that a pass with a valid file never loads it (js-yaml reads the file).
 * A refused file may be large and hostile: each step here is linear in its size, and what a message quotes of
 * the file is a short excerpt (excerpt.ts).
 */

import { type YAMLException } from 'js-yaml'
import type { Document, LineCounter, Node, Pair, YAMLMap } from 'yaml'
import { UserError } from '../errors.js'
import { keyExcerpt, parserMessage } from './excerpt.js'
import { EXPANSION } from './expansion.js'
import { type Issue, type Path } from './schema.js'

type Yaml = typeof import('yaml')

/**
 * Why a file is refused: js-yaml could not read it, it holds nothing, its aliases stand for more than it may
 * (expansion.ts), or it does not validate.
 */
export type Refusal = { syntax: YAMLException } | { empty: true } | { expanded: true } | { issues: Issue[] }

/**
 * The most problems listed; the rest are counted. Enough to fix a file in one go, or to see the pattern when
 * a generated file goes wrong everywhere, and short enough to read in the log.
 */
export const MAX_LISTED = 100

/** The error that tells the user what to fix, and where. */
export async function explain(text: string, source: string, refusal: Refusal): Promise<UserError> {
  if ('empty' in refusal) return emptyFile(source)
  const yaml = await import('yaml')
  if ('expanded' in refusal) return expandedFile(yaml, text, source)
  return 'syntax' in refusal
    ? syntaxError(yaml, text, source, refusal.syntax)
    : invalidFile(yaml, text, source, refusal.issues)
}

/**
 * `yaml`'s document of the text, without its check for repeated keys, which compares each key with every
 * other of its mapping: js-yaml has already refused a file with one, or repeatedKey finds it.
 */
function parse(yaml: Yaml, text: string): { doc: Document.Parsed; lines: LineCounter } {
  const lines = new yaml.LineCounter()
  const doc = yaml.parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false })
  return { doc, lines }
}

/** The problems of the file, by line and field in the order of the file, up to MAX_LISTED. */
function invalidFile(yaml: Yaml, text: string, source: string, issues: Issue[]): UserError {
  const { doc, lines } = parse(yaml, text)
  const lineOf = locator(yaml, doc.contents, lines)
  // In the order of the file, so that the list reads from top to bottom (the sort is stable).
  const located = issues
    .map(issue => ({ issue, line: lineOf(issue) }))
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
  const { doc, lines } = parse(yaml, text)
  const repeated = repeatedKey(yaml, doc)
  const [parsed] = doc.errors
  const found =
    repeated !== undefined && (parsed === undefined || repeated < parsed.pos[0])
      ? { offset: repeated, message: 'Map keys must be unique' }
      : parsed && { offset: parsed.pos[0], message: parsed.message }
  if (!found && doc.contents === null) return emptyFile(source)
  const line = found ? lines.linePos(found.offset).line : (error.mark?.line ?? -1) + 1
  return new UserError(
    `${source}${line ? ` line ${line}` : ''}: not valid YAML or JSON: ${parserMessage(found?.message ?? error.reason)}. ` +
      'Fix the syntax there; a targets file looks like "targets:" followed by a list of "- name: ..., url: ..." entries.'
  )
}

/** Where the first key that repeats an earlier key of its mapping is, if one does: js-yaml refuses it. */
function repeatedKey({ visit, isScalar }: Yaml, doc: Document.Parsed): number | undefined {
  let first: number | undefined
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>()
      for (const { key } of map.items) {
        // As js-yaml reads keys: as strings, so that 1 and "1" are one key.
        const name = isScalar(key) ? String(key.value) : key
        const offset = (key as Node | null)?.range?.[0]
        if (seen.has(name) && offset !== undefined && (first === undefined || offset < first)) first = offset
        seen.add(name)
      }
    }
  })
  return first
}

/** A file whose aliases stand for more than it may, from the line of its first alias. */
function expandedFile(yaml: Yaml, text: string, source: string): UserError {
  const { doc, lines } = parse(yaml, text)
  let first: number | undefined
  yaml.visit(doc, {
    Alias(_, alias) {
      first = alias.range?.[0]
      return yaml.visit.BREAK
    }
  })
  const line = first === undefined ? '' : ` line ${lines.linePos(first).line}`
  return new UserError(
    `${source}${line}: its aliases (*name), the first here, stand for more than ${EXPANSION} times the file's own size, ` +
      'too much to check: write the repeated parts out, or share them through "defaults:".'
  )
}

function emptyFile(source: string): UserError {
  return new UserError(`${source} is empty: list what to watch under "targets:", each with a name and a url.`)
}

/** `targets[2].expect.status`: each key from the file cut short, since an unknown key can be anything. */
function formatPath(path: Path): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${keyExcerpt(part)}`
    )
    .join('')
}

/**
 * The line of the node at an issue's path, or of the nearest node above it that exists. Each mapping that an
 * issue points into is indexed by key once, so that the issues of a mapping with many keys cost no more than
 * those of a list.
 */
function locator(
  { isMap, isSeq, isScalar }: Yaml,
  root: Node | null,
  lines: LineCounter
): (issue: Issue) => number | undefined {
  const indexes = new Map<YAMLMap, Map<string, Pair>>()
  const pairOf = (map: YAMLMap, part: string | number): Pair | undefined => {
    let index = indexes.get(map)
    if (!index) {
      index = new Map()
      for (const pair of map.items) {
        // js-yaml reads every key as a string, and the first of two equal keys is the one that counts.
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key)
        if (!index.has(key)) index.set(key, pair)
      }
      indexes.set(map, index)
    }
    return index.get(String(part))
  }
  return issue => {
    let node: unknown = root
    let offset = root?.range?.[0]
    for (const [index, part] of issue.path.entries()) {
      let next: unknown
      if (isMap(node)) {
        const pair = pairOf(node, part)
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
}
