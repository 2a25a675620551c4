// Loaded with `node --import` by the benchmark: writes the process's peak resident set (KiB) when it exits.
import { writeFileSync } from 'node:fs'

process.on('exit', () => {
  if (process.env.UPWATCH_BENCH_RSS_FILE) {
    writeFileSync(process.env.UPWATCH_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS))
  }
})
