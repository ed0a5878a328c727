/**
 * Full-page pictures of the four kinds of report for the README, from real runs of shipped
 * scenarios on the memory ledger (a few minutes on 2 cores):
 *   node --import tsx docs/captureReports.ts [WORK_DIR [NAME...]]
 * writes docs/report-sweep.png (the headline sweep), docs/report-single-run.png (the quickstart),
 * docs/report-demand.png (a demand market run with an incident) and docs/report-tune.png (the PoS
 * threshold tune); NAMEs (sweep, single-run, demand, tune) take only those. WORK_DIR (default: a
 * new temporary folder) keeps the output folders; finished runs there are reused. It drives Debian's Chromium as the
 * report test does; nothing is downloaded.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, ensureChromium } from '../reports/fixtures/ensureChromium.ts'

const root = resolve(import.meta.dirname, '..')
const work = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'verisim-docs-')))

const all = [
  { name: 'sweep', args: ['sweep', 'scenarios/library/overhead-vs-model-size.yaml'] },
  { name: 'single-run', args: ['run', 'scenarios/quickstart.yaml'] },
  { name: 'demand', args: ['run', 'scenarios/library/demand-incident.yaml'] },
  { name: 'tune', args: ['tune', 'scenarios/library/pos-threshold.yaml'] },
]
const names = process.argv.slice(3)
const shots = names.length ? all.filter((s) => names.includes(s.name)) : all

for (const shot of shots) {
  const out = join(work, shot.name)
  if (existsSync(join(out, 'report.html'))) continue
  const r = spawnSync(
    process.execPath,
    [join(root, 'cli/bin.js'), ...shot.args, '--out', out, '--ledger', 'memory', '--quiet'],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CI: 'true' },
    },
  )
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS })
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    // A picture of a page that failed would hide the failure: any error stops the script.
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(`file://${join(work, shot.name, 'report.html')}`)
    // report.html sets data-drawn="all" once every plot has been drawn.
    await page.waitForFunction(() => document.documentElement.dataset.drawn === 'all', null, {
      timeout: 120_000,
    })
    if (errors.length) throw new Error(`${shot.name} report: ${errors.join('; ')}`)
    const png = join(root, 'docs', `report-${shot.name}.png`)
    await page.screenshot({ path: png, fullPage: true })
    process.stdout.write(`${png}\n`)
    await page.close()
  }
} finally {
  await browser.close()
}
