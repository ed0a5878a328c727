import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { CHROMIUM_ARGS, ensureChromium } from '../reports/fixtures/ensureChromium.ts'
import { readPlotly } from '../reports/index.ts'
import { type BenchResult, median } from './measure.ts'

/** How long one page may take to draw everything before the benchmark gives up on it. */
const DEADLINE_MS = 120_000

/**
 * Milliseconds from navigation start until the page says every figure is drawn (the
 * `data-drawn="all"` flag report.html sets once each Plotly.newPlot has resolved), read from the
 * page's own clock so the browser's start-up and the protocol's round trips are not counted.
 */
async function openMs(browser: Browser, file: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  try {
    await page.goto(`file://${file}`)
    await page.waitForFunction(() => document.documentElement.dataset.drawn === 'all', null, {
      timeout: DEADLINE_MS,
    })
    if (errors.length) throw new Error(`${file}: ${errors.join('; ')}`)
    return await page.evaluate(() => (window as unknown as { verisimDrawnMs: number }).verisimDrawnMs)
  } finally {
    await page.close()
  }
}

/**
 * A real 1,008-run sweep (bench/report-open.yaml on the memory ledger) is generated, and its
 * report.html opened in Debian's headless Chromium until every figure is drawn, against a page
 * that inlines the same plotly bundle and draws one empty plot: what any page with plotly costs
 * on this machine at this moment. Five pairs after one untimed warm-up of both, alternating which
 * page opens first; the ratio is the median pair's report ÷ baseline time.
 */
export async function benchReportOpen(trials = 5): Promise<BenchResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-report-open-'))
  const out = join(tmp, 'sweep')
  const bin = new URL('../cli/bin.js', import.meta.url).pathname
  const scenario = new URL('./report-open.yaml', import.meta.url).pathname
  const sweep = spawnSync(
    process.execPath,
    [bin, 'sweep', scenario, '--out', out, '--ledger', 'memory', '--quiet'],
    {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      timeout: 20 * 60_000,
    },
  )
  if (sweep.status !== 0)
    throw new Error(`report-open sweep failed (exit ${sweep.status}): ${sweep.stderr.trim()}`)
  const runs = readdirSync(join(out, 'runs')).filter((f) => f.endsWith('.json')).length
  const report = join(out, 'report.html')
  const baseline = join(tmp, 'baseline.html')
  writeFileSync(
    baseline,
    `<!doctype html><html><head><meta charset="utf-8"><script>${readPlotly().replace(/<\/script/gi, '<\\/script')}</script></head>
<body><div id="p" style="height:420px"></div><script>
Plotly.newPlot('p', [], {}).then(() => { window.verisimDrawnMs = performance.now(); document.documentElement.dataset.drawn = 'all'; });
</script></body></html>
`,
  )
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS })
  try {
    await openMs(browser, report)
    await openMs(browser, baseline)
    const pairs: { report: number; baseline: number }[] = []
    for (let t = 0; t < trials; t++) {
      const first = t % 2 === 0 ? report : baseline
      const a = await openMs(browser, first)
      const b = await openMs(browser, first === report ? baseline : report)
      pairs.push(first === report ? { report: a, baseline: b } : { report: b, baseline: a })
    }
    const mid = median(pairs, (p) => p.report / p.baseline)
    const seconds = median(pairs, (p) => p.report).report / 1000
    return {
      name: `report open (${runs.toLocaleString('en-US')}-run sweep)`,
      ratio: mid.report / mid.baseline,
      goal: 'all figures drawn in < 2 s',
      met: seconds < 2,
      measured: { seconds, runs },
      baseline: { seconds: median(pairs, (p) => p.baseline).baseline / 1000 },
      note: 'baseline: the same plotly bundle drawing one empty plot; ratio: median pair of report ÷ baseline time',
    }
  } finally {
    await browser.close()
  }
}
