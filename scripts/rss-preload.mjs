// Loaded with `node --import` by the benchmark: when the process exits, writes what it used as JSON: its peak
// resident set (KiB) and its CPU time (user and system, in microseconds).
import { writeFileSync } from 'node:fs'

process.on('exit', () => {
  if (process.env.UPWATCH_BENCH_RSS_FILE) {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage()
    writeFileSync(process.env.UPWATCH_BENCH_RSS_FILE, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }))
  }
})
