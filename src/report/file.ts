import { mkdtemp, open } from 'node:fs/promises'
import path from 'node:path'
import { type ResultsFile } from './outputs.js'

/** About how much of the file is written at once: each item is made text only when its turn comes. */
const CHUNK = 64 * 1024

/**
 * Writes every result and change to `results.json` in a folder of its own under `parent` (RUNNER_TEMP in
 * GitHub Actions), so that two steps of one job never share it; returns its path, for the output
 * `results-file` and a later actions/upload-artifact step. The text is JSON.stringify(file), written a chunk
 * at a time: at 10,000 targets the whole would be megabytes held at once, at the end of the pass, when the
 * process holds the most.
 */
export async function writeResultsFile(file: ResultsFile, parent: string): Promise<string> {
  const folder = await mkdtemp(path.join(parent, 'upwatch-'))
  const where = path.join(folder, 'results.json')
  const handle = await open(where, 'wx')
  try {
    let chunk = ''
    const write = async (text: string) => {
      chunk += text
      if (chunk.length < CHUNK) return
      await handle.write(chunk)
      chunk = ''
    }
    const array = async (key: keyof ResultsFile, items: object[], first: boolean) => {
      await write(`${first ? '{' : ','}${JSON.stringify(key)}:[`)
      for (const [index, item] of items.entries())
        await write((index === 0 ? '' : ',') + JSON.stringify(item))
      await write(']')
    }
    await array('results', file.results, true)
    await array('changes', file.changes, false)
    await handle.write(chunk + '}\n')
  } finally {
    await handle.close()
  }
  return where
}
