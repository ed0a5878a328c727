import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createRunner, runScenario } from '../lab/index.ts'

/**
 * The live heap of bench/market.yaml as the horizon grows: `npx tsx bench/marketHeap.ts DAYS...` runs the market in this process for each horizon and, every two
 * seconds of the run, collects garbage and samples the heap, so what it prints is memory the run
 * still holds rather than garbage not yet collected. The slope between two horizons, in bytes per
 * network job, is what grows with the job count.
 */
// Not --expose-gc: workers refuse that flag in their execArgv.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const DAY = 86_400
const days = process.argv.slice(2).map(Number)
const scenario = new URL('./market.yaml', import.meta.url).pathname
const rows: { days: number; jobs: number; peakHeapMiB: number; peakExternalMiB: number }[] = []
for (const d of days) {
  const out = join(mkdtempSync(join(tmpdir(), 'verisim-heap-')), 'run')
  const runner = createRunner({ workers: 2, parallel: 1, ledger: { kind: 'memory' } })
  let peakHeap = 0
  let peakExternal = 0
  const sample = () => {
    gc()
    const m = process.memoryUsage()
    peakHeap = Math.max(peakHeap, m.heapUsed)
    peakExternal = Math.max(peakExternal, m.external)
  }
  const timer = setInterval(sample, 2000)
  try {
    await runScenario(runner, scenario, { out, overrides: { duration: d * DAY } })
  } finally {
    clearInterval(timer)
    await runner.close()
  }
  const jobs = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).counts.jobs as number
  rows.push({ days: d, jobs, peakHeapMiB: peakHeap / 2 ** 20, peakExternalMiB: peakExternal / 2 ** 20 })
  process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`)
}
for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1]
  const b = rows[i]
  if (!a || !b) continue
  const perJob = ((b.peakHeapMiB - a.peakHeapMiB) * 2 ** 20) / (b.jobs - a.jobs)
  process.stdout.write(`${a.days}→${b.days} days: ${perJob.toFixed(0)} bytes of live heap per network job\n`)
}
