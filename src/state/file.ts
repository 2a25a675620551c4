import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { UserError, describeError } from '../errors.js'
import { MAX_AHEAD_MS } from '../history/usable.js'
import { keyOf, type TargetKey } from '../targets/model.js'
import {
  decodeDigest,
  decodeRun,
  decodeState,
  isMap,
  readableVersion,
  unreadableHistory,
  unreadableItem
} from './decode.js'
import { storedAttributes } from './item.js'
import { type StoredState } from './model.js'
import {
  LEGACY_DIGEST_KEY,
  type DigestRecord,
  digestClaimable,
  type ReadOptions,
  RELEASED,
  type Reading,
  type RunRecord,
  type Settlement,
  type StateStore,
  type Write
} from './store.js'

/** The last write this process began to each file, which the next one waits for (FileStateStore.inTurn). */
const turns = new Map<string, Promise<unknown>>()

/** An item of the file as it is written: its key, and its state's attributes, unchecked until read. */
type FileItem = TargetKey & Record<string, unknown>

/**
 * State in a JSON file, for local runs and trials. It keeps the same rules as the table (writes checked
 * against what was read), but is meant for one process at a time.
 */
export class FileStateStore implements StateStore {
  constructor(private readonly file: string) {}

  async read(keys: TargetKey[], { onPart, digest, run }: ReadOptions = {}): Promise<Reading> {
    const problems = await this.removeLeftovers()
    const { items, strays } = await this.load()
    problems.push(...strays)
    const states = new Map<string, StoredState>()
    for (const key of keys) {
      const item = items.get(keyOf(key))
      if (!item) continue
      const { url: _, name: __, ...attributes } = item
      const { state, faults, historyFaults } = decodeState(attributes)
      const where = `the state file ${this.file}`
      if (faults.length > 0) problems.push(unreadableItem(key, where, faults))
      if (historyFaults.length > 0) problems.push(unreadableHistory(key, where, historyFaults))
      states.set(keyOf(key), state)
    }
    // The file is read whole: one part.
    onPart?.(states)
    return {
      states,
      problems,
      ...(digest && this.digestRecords(items, digest)),
      run: run ? decodeRun(items.get(keyOf(run))) : undefined
    }
  }

  commit(writes: Write[]): Promise<Set<string>> {
    if (writes.length === 0) return Promise.resolve(new Set())
    return this.inTurn(() => this.write(writes))
  }

  private async write(writes: Write[]): Promise<Set<string>> {
    const { items } = await this.load()
    const lost = new Set<string>()
    for (const { key, previous, next } of writes) {
      const id = keyOf(key)
      // An item read as first seen, because it could not be understood, counts from its version if readable.
      const stored = items.get(id)
      if ((stored === undefined ? undefined : readableVersion(stored)) !== previous?.version) {
        lost.add(id)
        continue
      }
      // A history this pass does not keep (history: false, or one it could not read) is left as it is.
      const kept = stored?.history === undefined ? {} : { history: stored.history }
      items.set(id, { ...key, ...kept, ...storedAttributes(next), version: (previous?.version ?? 0) + 1 })
    }
    await this.save(items)
    return lost
  }

  settle(entries: Settlement[], runId: string, sent: boolean, now: string): Promise<void> {
    return this.inTurn(() => this.settled(entries, runId, sent, now))
  }

  private async settled(entries: Settlement[], runId: string, sent: boolean, now: string): Promise<void> {
    const { items } = await this.load()
    for (const { key, changeIds } of entries) {
      const item = items.get(keyOf(key))
      const pending = item?.pending
      for (const id of changeIds) {
        const entry: unknown = isMap(pending) ? pending[id] : undefined
        if (!item || !isMap(pending) || !isMap(entry) || entry.claim !== runId) continue
        if (sent) {
          delete pending[id]
          item.notifiedAt = now
        } else {
          entry.leaseUntil = RELEASED
        }
        item.version = (readableVersion(item) ?? 0) + 1
      }
    }
    await this.save(items)
  }

  claimDigest(key: TargetKey, claim: DigestRecord, now: string): Promise<boolean> {
    return this.inTurn(async () => {
      const { items } = await this.load()
      if (!digestClaimable(decodeDigest(items.get(keyOf(key))), claim.week, now)) return false
      items.set(keyOf(key), { url: key.url, name: key.name, ...claim })
      await this.save(items)
      return true
    })
  }

  adoptDigest(key: TargetKey, record: DigestRecord): Promise<void> {
    return this.inTurn(async () => {
      const { items } = await this.load()
      if (items.has(keyOf(key))) return
      items.set(keyOf(key), { url: key.url, name: key.name, ...record })
      await this.save(items)
    })
  }

  /** The workflow's digest's record, or where it has none, the table's from earlier releases. */
  private digestRecords(
    items: Map<string, Record<string, unknown>>,
    key: TargetKey
  ): Pick<Reading, 'digest' | 'inheritedDigest'> {
    const digest = decodeDigest(items.get(keyOf(key)))
    if (digest) return { digest }
    return { inheritedDigest: decodeDigest(items.get(keyOf(LEGACY_DIGEST_KEY))) }
  }

  settleDigest(key: TargetKey, week: string, runId: string, sent: boolean, now: string): Promise<void> {
    return this.inTurn(async () => {
      const { items } = await this.load()
      const item = items.get(keyOf(key))
      if (item?.week !== week || item.claim !== runId) return
      if (sent) item.sentAt = now
      else item.leaseUntil = RELEASED
      await this.save(items)
    })
  }

  recordRun(key: TargetKey, record: RunRecord): Promise<boolean> {
    return this.inTurn(async () => {
      const { items } = await this.load()
      const stored = items.get(keyOf(key))
      const { startedAt } = decodeRun(stored) ?? {}
      // As the table has it: a later start stands, unless further ahead than a clock may be; the keepalive's
      // time is kept whatever the start.
      const later =
        record.startedAt !== undefined &&
        startedAt !== undefined &&
        startedAt >= record.startedAt &&
        Date.parse(startedAt) <= Date.parse(record.startedAt) + MAX_AHEAD_MS
      const kept = later ? { keptAliveAt: record.keptAliveAt } : record
      const written = Object.fromEntries(Object.entries(kept).filter(([, value]) => value !== undefined))
      if (Object.keys(written).length === 0) return false
      items.set(keyOf(key), { ...stored, ...key, ...written })
      await this.save(items)
      return !later
    })
  }

  /**
   * Runs `work`, which reads the file and writes it, after the writes this process began before it: two runs in
   * one process never interleave a read and a write of the file, so that a claim checked is a claim held.
   */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const mine = (turns.get(this.file) ?? Promise.resolve()).then(work, work)
    turns.set(
      this.file,
      mine.catch(() => undefined)
    )
    return mine
  }

  /**
   * The items by key. A file that is not upwatch state at all is an error; an item without a key, which no
   * target can own, is left out with a warning (a stray), and dropped at the next write.
   */
  private async load(): Promise<{ items: Map<string, FileItem>; strays: string[] }> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { items: new Map(), strays: [] }
      throw new UserError(`Could not read the state file ${this.file}: ${describeError(error)}`)
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (error) {
      throw this.invalid(describeError(error))
    }
    if (!isMap(data) || !Array.isArray(data.items)) throw this.invalid('it holds no list of items')
    const items = new Map<string, FileItem>()
    const strays: string[] = []
    data.items.forEach((item: unknown, index) => {
      if (isMap(item) && typeof item.url === 'string' && typeof item.name === 'string') {
        const { url, name } = item
        items.set(keyOf({ url, name }), { ...item, url, name })
      } else {
        strays.push(
          `Item ${index} of the state file ${this.file} has no url and name, so no target owns it: it is ` +
            'left out, and dropped at the next write.'
        )
      }
    })
    return { items, strays }
  }

  private invalid(why: string): UserError {
    return new UserError(
      `The state file ${this.file} is not valid upwatch state (${why}). Delete it to start afresh.`
    )
  }

  /**
   * Written to a temporary file and renamed over the old one, so that a crash never leaves half a file. The
   * temporary file has one name, so that a write killed before its rename leaves nothing the next one does
   * not replace.
   */
  private async save(items: Map<string, FileItem>): Promise<void> {
    try {
      await mkdir(path.dirname(this.file), { recursive: true })
      const temporary = `${this.file}.tmp`
      await writeFile(temporary, JSON.stringify({ items: [...items.values()] }, null, 2) + '\n')
      await rename(temporary, this.file)
    } catch (error) {
      throw new UserError(`Could not write the state file ${this.file}: ${describeError(error)}`)
    }
  }

  /**
   * Removes what killed writes left: the temporary file, and those of earlier versions, named by process
   * (`state.json.<pid>.tmp`). Done when a run reads, so that a run that writes nothing cleans up too. What
   * cannot be removed is a warning, not a failure: the state itself is intact.
   */
  private async removeLeftovers(): Promise<string[]> {
    const folder = path.dirname(this.file)
    const base = path.basename(this.file)
    let names: string[]
    try {
      names = await readdir(folder)
    } catch {
      // No folder yet (the first run), or one that cannot be listed, which reading the file reports.
      return []
    }
    const leftovers = names.filter(
      name => name.startsWith(`${base}.`) && /^(\d+\.)?tmp$/.test(name.slice(base.length + 1))
    )
    const problems: string[] = []
    for (const name of leftovers) {
      await rm(path.join(folder, name), { force: true }).catch((error: unknown) =>
        problems.push(
          `Could not remove ${name}, left by an interrupted write of the state file: ${describeError(error)}`
        )
      )
    }
    return problems
  }
}
