// How the modules of src/ depend on each other, where a rule of the design says so: read from the source
// with the TypeScript parser, so that a moved import fails here rather than in a review.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

interface Import {
  /** The importing file, relative to the repository: `src/probes/tcp.ts`. */
  from: string
  /** A package name, or a file relative to the repository. */
  to: string
  /** `import('...')`, which loads the module only when that line runs. */
  dynamic: boolean
}

/** Every import of a value in src/ (type-only imports are erased, and load nothing). */
function imports(): Import[] {
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' })
    .filter(file => file.endsWith('.ts'))
    .map(file => path.join('src', file))
  return files.flatMap(file => {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
    const found: Import[] = []
    const add = (specifier: ts.Expression, dynamic: boolean) => {
      if (!ts.isStringLiteral(specifier)) return
      const to = specifier.text.startsWith('.')
        ? path.join(path.dirname(file), specifier.text).replace(/\.js$/, '.ts')
        : specifier.text
      found.push({ from: file, to, dynamic })
    }
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) add(node.moduleSpecifier, false)
      if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly)
        add(node.moduleSpecifier, false)
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
        add(node.arguments[0], true)
      ts.forEachChild(node, visit)
    }
    visit(source)
    return found
  })
}

const edges = imports()
const importers = (to: (module: string) => boolean) =>
  edges.filter(edge => to(edge.to)).map(({ from, dynamic }) => `${from}${dynamic ? ' (dynamic)' : ''}`)

describe('the imports of src/', () => {
  it('load the yaml package only to explain a refused targets file', () => {
    expect(importers(module => module === 'yaml')).toEqual(['src/targets/explain.ts (dynamic)'])
  })

  it('keep each probe to itself: what probes share is in probes/model.ts', () => {
    const probes = ['src/probes/http.ts', 'src/probes/tcp.ts']
    expect(edges.filter(edge => probes.includes(edge.from) && probes.includes(edge.to))).toEqual([])
  })

  it('keep the report apart from the mail: what both write is in format.ts', () => {
    expect(
      edges.filter(edge => edge.from.startsWith('src/report/') && edge.to.startsWith('src/notify/'))
    ).toEqual([])
  })

  it('form no cycle', () => {
    const cycles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const walk = (file: string, trail: string[]) => {
      if (state.get(file) === 'open') cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '))
      if (state.has(file)) return
      state.set(file, 'open')
      for (const edge of edges.filter(edge => edge.from === file)) walk(edge.to, [...trail, file])
      state.set(file, 'done')
    }
    for (const edge of edges) walk(edge.from, [])
    expect(cycles).toEqual([])
  })

  it('write to the log only through log.ts, which makes every line safe from workflow commands', () => {
    const writers = readdirSync('src', { recursive: true, encoding: 'utf8' })
      .filter(file => file.endsWith('.ts') && file !== 'log.ts')
      .flatMap(file =>
        [
          ...readFileSync(path.join('src', file), 'utf8').matchAll(
            /\bcore\.(info|debug|warning|error|notice|setFailed)\b/g
          )
        ].map(match => `src/${file}: core.${match[1]}`)
      )
    expect(writers).toEqual([])
  })
})
