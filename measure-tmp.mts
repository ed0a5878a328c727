import { readFileSync, writeFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const bundles: Record<string, string> = {
  basic: '/work/main/node_modules/plotly.js-basic-dist-min/plotly-basic.min.js',
  cartesian: '/work/wt/mreport/node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js',
}
const pages: [string, string][] = Object.entries(bundles).map(([k, p]) => {
  const f = `/tmp/mreport/${k}.html`
  writeFileSync(
    f,
    `<!doctype html><html><head><meta charset="utf-8"><script>${readFileSync(p, 'utf8').replace(/<\/script/gi, '<\\/script')}</script></head>
<body><div id="p" style="height:420px"></div><script>
Plotly.newPlot('p', [], {}).then(() => { window.verisimDrawnMs = performance.now(); document.documentElement.dataset.drawn = 'all'; });
</script></body></html>`,
  )
  return [k, f]
})
for (const extra of process.argv.slice(2)) pages.push([extra, extra])
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
const open = async (file: string) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto(`file://${file}`)
  await page.waitForFunction(() => document.documentElement.dataset.drawn === 'all', null, {
    timeout: 120000,
  })
  const ms = await page.evaluate(() => (window as any).verisimDrawnMs)
  await page.close()
  if (errors.length) console.log(file, errors)
  return ms as number
}
const times: Record<string, number[]> = {}
for (const [k, f] of pages) await open(f)
for (let t = 0; t < 7; t++)
  for (const [k, f] of t % 2 ? [...pages].reverse() : pages) (times[k] ??= []).push(await open(f))
await browser.close()
for (const [k, v] of Object.entries(times)) {
  const s = [...v].sort((a, b) => a - b)
  console.log(k, 'median ms', s[3].toFixed(0), 'all', v.map((x) => x.toFixed(0)).join(' '))
}
