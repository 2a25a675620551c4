/**
 * How many checks run at once when the input concurrency is `auto` (the default): enough to run the pass in
 * about one wave, so that it lasts about as long as its slowest target, within what the process can hold.
 */

import { readFile } from 'node:fs/promises'
import os from 'node:os'

/** What bounds the checks in flight, as the machine says. */
export interface Limits {
  /** The soft limit on open file descriptors (RLIMIT_NOFILE), where the system tells it. */
  openFiles?: number
  /** Memory the process may reasonably take, in bytes. */
  memoryBytes: number
}

/** Descriptors kept for what is not a check: the state file, AWS clients, DNS sockets, stdio. */
const RESERVED_FILES = 128
/** Sockets one check may hold at once: its own connection and a redirect's to another origin. */
const FILES_PER_CHECK = 2
/**
 * Memory one check in flight takes at most, with some room: its socket, its buffers, the exchange's state and
 * the garbage they leave for the next collection. At 10,000 HTTP targets, 4,096 in flight peaked at 189-196 MB
 * and 1,024 at 192-206 MB: what the checks hold is small beside the rest of the pass.
 */
const BYTES_PER_CHECK = 16 * 1024
/**
 * What an HTTPS check takes: a handshake's state and buffers, in OpenSSL as well as in the heap. At 10,000
 * HTTPS targets on two cores, 1,024 checks in flight peaked at 266-271 MB and took 14.6 s; 512, at 251-253 MB
 * and 14.3 s; 256, at 227-228 MB and 15.7 s. So an HTTPS check counts for eight.
 */
const TLS_BYTES_PER_CHECK = 8 * BYTES_PER_CHECK
/**
 * What the checks in flight may take together, whatever the machine has free: 4,096 HTTP checks, 512 HTTPS
 * ones. The pass holds the rest (the targets, their results, Node itself) for about 180 MB at 10,000 targets,
 * so that it stays under 256 MB. At 10,000 HTTP targets with a 2 s timeout, 4,096 in flight ran the steady
 * pass in 3.3-3.8 s where 1,024 took 4.0-4.5 s (six passes each, side by side, the slow targets first in
 * both): each check waits on its target far longer than it works. Prometheus's blackbox_exporter runs 2,048.
 */
const CHECKS_MEMORY = 64 * 1024 * 1024
/** Where no limit is known, the fixed number upwatch used before `auto`. */
const FALLBACK = 256

/**
 * The checks to run at once for `targets` targets, `secure` of them over HTTPS: all of them, up to what the
 * limits allow.
 */
export function autoConcurrency(targets: number, limits: Limits, secure = 0): number {
  const byFiles =
    limits.openFiles === undefined
      ? FALLBACK
      : Math.floor((limits.openFiles - RESERVED_FILES) / FILES_PER_CHECK)
  const share = targets > 0 ? Math.min(secure, targets) / targets : 0
  const perCheck = BYTES_PER_CHECK + share * (TLS_BYTES_PER_CHECK - BYTES_PER_CHECK)
  const byMemory = Math.floor(Math.min(limits.memoryBytes, CHECKS_MEMORY) / perCheck)
  return Math.max(1, Math.min(targets, byFiles, byMemory))
}

/** The limits of this process: the descriptor limit from /proc on Linux, a quarter of the free memory. */
export async function systemLimits(): Promise<Limits> {
  return { openFiles: await openFilesLimit(), memoryBytes: Math.floor(os.freemem() / 4) }
}

/** `Max open files` from /proc/self/limits (soft limit), or undefined where there is no such file. */
async function openFilesLimit(): Promise<number | undefined> {
  try {
    const text = await readFile('/proc/self/limits', 'utf8')
    const soft = /^Max open files\s+(\d+|unlimited)/m.exec(text)?.[1]
    if (soft === undefined) return undefined
    return soft === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(soft)
  } catch {
    return undefined
  }
}
