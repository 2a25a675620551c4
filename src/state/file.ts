import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { UserError, describeError } from '../errors.js'
import { keyOf, type TargetKey } from '../targets/model.js'
import { type StoredState } from './model.js'
import { RELEASED, type Settlement, type StateStore, type Write } from './store.js'

type FileItem = TargetKey & StoredState

/**
 * State in a JSON file, for local runs and trials. It keeps the same rules as the table (writes checked
 * against what was read), but is meant for one run at a time.
 */
export class FileStateStore implements StateStore {
  constructor(private readonly file: string) {}

  async read(keys: TargetKey[]): Promise<Map<string, StoredState>> {
    const items = await this.load()
    const wanted = new Set(keys.map(keyOf))
    return new Map(
      [...items]
        .filter(([key]) => wanted.has(key))
        // Files written before announcements were kept: their state was mailed.
        .map(([key, { url: _, name: __, ...state }]) => [
          key,
          { ...state, announced: state.announced ?? state.state }
        ])
    )
  }

  async commit(writes: Write[]): Promise<Set<string>> {
    if (writes.length === 0) return new Set()
    const items = await this.load()
    const lost = new Set<string>()
    for (const { key, previous, next } of writes) {
      const id = keyOf(key)
      if (items.get(id)?.version !== previous?.version) {
        lost.add(id)
        continue
      }
      items.set(id, { ...key, ...next, version: (previous?.version ?? 0) + 1 })
    }
    await this.save(items)
    return lost
  }

  async settle(entries: Settlement[], runId: string, sent: boolean, now: string): Promise<void> {
    const items = await this.load()
    for (const { key, changeIds } of entries) {
      const item = items.get(keyOf(key))
      for (const id of changeIds) {
        const entry = item?.pending[id]
        if (!item || entry?.claim !== runId) continue
        if (sent) {
          delete item.pending[id]
          item.notifiedAt = now
        } else {
          entry.leaseUntil = RELEASED
        }
        item.version = (item.version ?? 0) + 1
      }
    }
    await this.save(items)
  }

  private async load(): Promise<Map<string, FileItem>> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map()
      throw new UserError(`Could not read the state file ${this.file}: ${describeError(error)}`)
    }
    try {
      const items = (JSON.parse(text) as { items: FileItem[] }).items
      return new Map(items.map(item => [keyOf(item), item]))
    } catch (error) {
      throw new UserError(
        `The state file ${this.file} is not valid upwatch state (${describeError(error)}). Delete it to start afresh.`
      )
    }
  }

  /** Written to a temporary file and renamed over the old one, so that a crash never leaves half a file. */
  private async save(items: Map<string, FileItem>): Promise<void> {
    try {
      await mkdir(path.dirname(this.file), { recursive: true })
      const temporary = `${this.file}.${process.pid}.tmp`
      await writeFile(temporary, JSON.stringify({ items: [...items.values()] }, null, 2) + '\n')
      await rename(temporary, this.file)
    } catch (error) {
      throw new UserError(`Could not write the state file ${this.file}: ${describeError(error)}`)
    }
  }
}
