/**
 * Picture of one figure of a report, for the README:
 *   node --import tsx docs/captureFigure.ts runs/overhead-vs-model-size-sweep overhead-vs-flops docs/overhead-vs-model-size.png
 * It drives Debian's Chromium as the report test does; nothing is downloaded.
 */
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, ensureChromium } from '../reports/fixtures/ensureChromium.ts'

const [dir, figure, out] = process.argv.slice(2)
if (!dir || !figure || !out) {
  process.stderr.write('usage: captureFigure.ts REPORT_DIR FIGURE_ID OUT.png\n')
  process.exit(2)
}
const browser = await chromium.launch({
  executablePath: ensureChromium(),
  args: CHROMIUM_ARGS,
})
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 2 })
  await page.goto(`file://${resolve(join(dir, 'report.html'))}`)
  const plot = page.locator(`[data-figure="${figure}"]`)
  await plot.locator('.main-svg').first().waitFor()
  await plot.screenshot({ path: out })
  process.stdout.write(`${out}\n`)
} finally {
  await browser.close()
}
