import { mkdtemp, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type ResultsFile } from './outputs.js'

/**
 * Writes every result and change to `results.json` in a folder of its own under `parent` (RUNNER_TEMP in
 * GitHub Actions), so that two steps of one job never share it; returns its path, for the output
 * `results-file` and a later actions/upload-artifact step.
 */
export async function writeResultsFile(file: ResultsFile, parent: string): Promise<string> {
  const folder = await mkdtemp(path.join(parent, 'upwatch-'))
  const where = path.join(folder, 'results.json')
  await writeFile(where, JSON.stringify(file) + '\n')
  return where
}
