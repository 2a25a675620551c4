// The CPU time another process has used, for the benchmarks: what DynamoDB Local and the farm took meanwhile.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** The CPU time a process has used (user and system, ms), from /proc; undefined where there is none. */
export function processCpuMs(pid) {
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, counted after the command's name, which may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return undefined
  }
}

/** Clock ticks per second, as /proc counts CPU time. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100
  } catch {
    return 100
  }
})()
