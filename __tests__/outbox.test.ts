// Delivering the outbox: the publish decides, the store records it, and a failure to record is said.
import { describe, expect, it } from '@jest/globals'
import { deliver, type OutboxEntry } from '../src/notify/outbox.js'
import { type Change } from '../src/state/model.js'
import { type Settlement, type StateStore } from '../src/state/store.js'

const change = { id: '2026-11-28T10:00:00.000Z/DOWN', kind: 'DOWN', name: 'api' } as Change
const outbox: OutboxEntry[] = [{ key: { url: 'https://api.example', name: 'api' }, change }]

/** A store that records what it was asked to settle, and fails when told to. */
function storeThat(fails: boolean) {
  const settled: [Settlement[], boolean][] = []
  const store = {
    settle: (entries: Settlement[], _runId: string, sent: boolean) => {
      settled.push([entries, sent])
      return fails
        ? Promise.reject(new Error('ProvisionedThroughputExceededException: slow down'))
        : Promise.resolve()
    }
  } as unknown as StateStore
  return { store, settled }
}

/** What the runner's log got while `run` ran. */
async function logOf(run: () => Promise<unknown>): Promise<string> {
  let log = ''
  // Kept to be put back as it was, never called without its stream.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const write = process.stdout.write
  process.stdout.write = (chunk: string) => {
    log += chunk
    return true
  }
  try {
    await run().catch(() => undefined)
  } finally {
    process.stdout.write = write
  }
  return log
}

describe('delivering the outbox', () => {
  it('records a sent mail as sent', async () => {
    const { store, settled } = storeThat(false)
    await deliver(outbox, () => Promise.resolve(), store, 'run-1')
    expect(settled).toEqual([[[{ key: outbox[0].key, changeIds: [change.id] }], true]])
  })

  it('fails with the publish error, and warns when the claim cannot be released either', async () => {
    const { store, settled } = storeThat(true)
    const publish = () => Promise.reject(new Error('the topic does not exist'))
    await expect(deliver(outbox, publish, store, 'run-1')).rejects.toThrow('the topic does not exist')
    expect(settled.map(([, sent]) => sent)).toEqual([false])
    const log = await logOf(() => deliver(outbox, publish, store, 'run-1'))
    expect(log).toContain(
      "::warning::Could not release this run's claim on 1 unsent change(s) after the failed publish " +
        '(Error: ProvisionedThroughputExceededException: slow down): the next run sends them once the claim ' +
        'runs out, within 3 minutes.'
    )
  })
})
