// Prints the notes of one version from a keep-a-changelog file, for the release workflow:
//   node .github/scripts/release-notes.mjs 1.2.3 [CHANGELOG.md]
// The notes are the lines under "## [1.2.3]" up to the next "## " heading, without the link definitions that
// keep-a-changelog puts at the end of the file. A version without a section, or with an empty one, is an error
// that says what to add, so that no release goes out without notes.
import { readFileSync } from 'node:fs'

const [version, file = 'CHANGELOG.md'] = process.argv.slice(2)
if (!version) {
  console.error('Usage: node .github/scripts/release-notes.mjs <version, such as 1.2.3> [CHANGELOG.md]')
  process.exit(2)
}

const lines = readFileSync(file, 'utf8').split(/\r?\n/)
const heading = /^## \[([^\]]+)\]/
const start = lines.findIndex(line => heading.exec(line)?.[1] === version)
if (start === -1) {
  console.error(
    `${file} has no section "## [${version}] - YYYY-MM-DD". Move the notes under [Unreleased] into one, ` +
      `commit it, and tag that commit v${version}.`
  )
  process.exit(1)
}
const next = lines.findIndex((line, index) => index > start && line.startsWith('## '))
const notes = lines
  .slice(start + 1, next === -1 ? lines.length : next)
  .filter(line => !/^\[[^\]]+\]:\s*\S/.test(line))
  .join('\n')
  .trim()
if (!notes) {
  console.error(`The section [${version}] of ${file} is empty: say what changed in it.`)
  process.exit(1)
}
console.log(notes)
