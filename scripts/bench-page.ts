// `npm run bench:page` (and the end of `npm run bench`): the status page of 1,000 and 50 targets with 90 days of
// history each, seeded outages and all, rendered as a pass renders it (the model from the stored states, then
// every file), 30 times; prints the median and slowest time and the files' sizes. Goal: under 100 ms at 1,000.
// Then what the report's uptime column costs a pass at 10,000 targets: every target's figures up to now.
import { pageFiles } from '../src/page/files.js'
import { pageModel } from '../src/page/model.js'
import { uptimes } from '../src/history/uptime.js'
import { fleet } from '../__tests__/support/page.js'

const NOW = Date.parse('2026-11-29T12:00:00Z')
const RUNS = 30

for (const count of [50, 1000]) {
  const sources = fleet(count, NOW)
  const times: number[] = []
  let files = pageFiles(pageModel(sources, NOW, { details: false, title: 'bench' }))
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now()
    files = pageFiles(pageModel(sources, NOW, { details: false, title: 'bench' }))
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const size = (path: string) => Buffer.byteLength(files.find(file => file.path === path)?.body ?? '')
  const total = files.reduce((sum, file) => sum + Buffer.byteLength(file.body), 0)
  console.log(
    `status page, ${count} targets: median ${times[RUNS >> 1].toFixed(1)} ms, slowest ${times[RUNS - 1].toFixed(1)} ms; ` +
      `index.html ${(size('index.html') / 1024).toFixed(0)} KB, status.json ${(size('status.json') / 1024).toFixed(0)} KB, ` +
      `${files.length} files, ${(total / 1024).toFixed(0)} KB in all`
  )
}

const thousand = fleet(1000, NOW)
const tenThousand = Array.from({ length: 10 }, () => thousand).flat()
const times: number[] = []
for (let run = 0; run < RUNS; run++) {
  const started = performance.now()
  for (const { target, state, history } of tenThousand)
    if (state !== undefined) uptimes(history, state, NOW, target.policy.maintenance)
  times.push(performance.now() - started)
}
times.sort((a, b) => a - b)
console.log(
  `uptime of 10,000 targets (the report's column): median ${times[RUNS >> 1].toFixed(1)} ms, slowest ${times[RUNS - 1].toFixed(1)} ms`
)
