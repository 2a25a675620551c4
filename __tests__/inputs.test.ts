// action.yml is the source of the inputs, their defaults and the outputs: the code's names and defaults and
// the README's tables are checked against it. The README's tables are written for its readers (links, what an
// empty input falls back to) and action.yml's descriptions for editors and the Marketplace, so the two are not
// generated one from the other: only the facts they share must agree.
import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { DEFAULTS, Inputs, Outputs } from '../src/constants.js'
import { readSettings } from '../src/settings.js'

interface ActionYml {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
}
const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml
const declaredDefaults = Object.fromEntries(
  Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])
)

/** The names in the first column of each row of the README table whose header starts with `| ${first} `. */
function readmeTable(first: string): { names: string[]; cells: string[] }[] {
  const lines = readFileSync('README.md', 'utf8').split('\n')
  const start = lines.findIndex(line => line.startsWith(`| ${first} `))
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'))
  return lines.slice(start + 2, end).map(line => {
    const [name, ...cells] = line
      .slice(1, -1)
      .split(' | ')
      .map(cell => cell.trim())
    return { names: [...name.matchAll(/`([^`]+)`/g)].map(match => match[1]), cells }
  })
}

/** Inputs whose empty default falls back to the environment: the README says to what, instead of "empty". */
const FALLBACKS: Record<string, string> = { 'aws-region': '`AWS_REGION`, then `AWS_DEFAULT_REGION`' }

const saved = { ...process.env }
afterEach(() => {
  process.env = { ...saved }
})

describe('action.yml', () => {
  it('declares the inputs and outputs that constants.ts names', () => {
    expect(Object.values(Inputs).sort()).toEqual(Object.keys(action.inputs).sort())
    expect(Object.values(Outputs).sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('declares the defaults that constants.ts holds', () => {
    expect(DEFAULTS).toEqual(declaredDefaults)
  })

  it('gives the same settings when its defaults are passed as when no input is', () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
    const read = () => ({ ...readSettings({ GITHUB_WORKSPACE: '/repo' }), runId: 'one per process' })
    const empty = read()
    for (const [name, value] of Object.entries(declaredDefaults))
      process.env[`INPUT_${name.toUpperCase()}`] = value
    expect(read()).toEqual(empty)
  })

  it("is what the README's inputs table lists, in its order, with its defaults", () => {
    const rows = readmeTable('input')
    expect(rows.map(row => row.names.join())).toEqual(Object.keys(action.inputs))
    for (const { names, cells } of rows) {
      const value = declaredDefaults[names[0]]
      expect([names[0], cells[0]]).toEqual([
        names[0],
        FALLBACKS[names[0]] ?? (value ? `\`${value}\`` : 'empty')
      ])
    }
  })

  it("is what the README's outputs table lists, in its order", () => {
    expect(readmeTable('output').flatMap(row => row.names)).toEqual(Object.keys(action.outputs))
  })
})
