import { type TargetKey } from '../targets/model.js'
import { type StoredState } from './model.js'

/** One item to write: what was read, and what it becomes. */
export interface Write {
  key: TargetKey
  /** The item as read; undefined when the target had no item. */
  previous?: StoredState
  next: StoredState
}

/**
 * A target never seen whose first state mails nothing: no outbox to carry, so it may be written in a batch,
 * and while the pass goes on.
 */
export function quietFirstSight({ previous, next }: Write): boolean {
  return previous === undefined && Object.keys(next.pending).length === 0
}

/**
 * Where target states live. Writes are conditional on what was read, so that of two overlapping runs
 * only one records a change; the other learns it lost and drops its copy.
 */
export interface StateStore {
  /**
   * Whether `commit` may be called more than once a pass, each time for other targets, while the pass goes
   * on (state/ahead.ts): the table, where each write is its own; not the file, which is written whole.
   */
  readonly writesAhead?: boolean
  /**
   * What is stored for these targets, and what of it cannot be understood. `onPart`, when given, is told of
   * the states of each part of the read as it comes, before the whole has (the table reads 100 keys a call).
   */
  read(keys: TargetKey[], onPart?: (states: Map<string, StoredState>) => void): Promise<Reading>
  /**
   * Writes each item if it is still as read; returns the keys (keyOf) whose write lost to another run. An item
   * read as first seen because it could not be understood is replaced, on the same condition.
   */
  commit(writes: Write[]): Promise<Set<string>>
  /**
   * After a publish: removes the sent pending changes, or, when the publish failed, ends this run's lease on
   * them so that the next run sends them. Only entries this run still holds the claim to are touched.
   */
  settle(entries: Settlement[], runId: string, sent: boolean, now: string): Promise<void>
}

/** What a read found. */
export interface Reading {
  /**
   * The state of each target by keyOf(key); targets never seen are absent, and a target whose item cannot be
   * understood is there as first seen, so that its next state replaces the item.
   */
  states: Map<string, StoredState>
  /** A warning for each stored item that cannot be understood, saying which and what is wrong with it. */
  problems: string[]
}

/** Pending changes of one target that a publish was about. */
export interface Settlement {
  key: TargetKey
  changeIds: string[]
}

/** The lease that ends a claim at once: the next run may take it over. */
export const RELEASED = new Date(0).toISOString()
