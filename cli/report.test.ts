import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, ensureChromium } from '../reports/fixtures/ensureChromium.ts'

const bin = join(import.meta.dirname, 'bin.js')
const verisim = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 240_000,
  })

describe('report.html in headless Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-report-'))
  const out = join(tmp, 'out')
  let browser: Browser

  beforeAll(async () => {
    const scenario = join(tmp, 'modes.yaml')
    writeFileSync(
      scenario,
      `name: report-check
seed: 2
duration: 48
model: { builtin: mlp, width: 16, depth: 3, inputSize: 8, outputSize: 4, seed: 1 }
hosts: { count: 4, stake: 100, behaviours: { honest: 0.5, lazy: 0.5 }, variant: skip }
requesters: { count: 1, jobRate: 1, fee: 0.01 }
protocol: { mode: sampling, challengeWindow: 24 }
sweep:
  replicates: 2
  grid:
    protocol.p: [0.2, 0.6]
    hosts.stake: [50, 100]
`,
    )
    const run = verisim(['sweep', scenario, '--out', out, '--quiet'])
    expect(run.stderr).toBe('')
    browser = await chromium.launch({
      executablePath: ensureChromium((line) => process.stderr.write(`${line}\n`)),
      args: CHROMIUM_ARGS,
    })
  }, 900_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('loads offline with no console errors and draws every plot it lists', async () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8')
    // Self-contained: the only script it loads is the optional wall-time data beside it.
    expect([...html.matchAll(/<script[^>]+src="([^"]*)"/g)].map((m) => m[1])).toEqual(['timing.js'])
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    // Any request leaving the file would be a broken promise of "self-contained".
    const requests: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url())
    })
    await page.goto(`file://${join(out, 'report.html')}`)
    await page.waitForFunction(() => document.querySelectorAll('[data-figure] .main-svg').length > 0)
    const figures = await page.$$eval('[data-figure]', (divs) =>
      divs.map((d) => ({
        id: d.id,
        drawn: d.querySelectorAll('.main-svg').length > 0,
        traces: d.querySelectorAll('.trace').length,
      })),
    )
    expect(figures.map((f) => f.id)).toEqual([
      'overhead-vs-flops',
      'returns',
      'fraud-rates',
      'adoption',
      'finality',
      'gas',
      'wall-time',
    ])
    for (const f of figures) {
      expect(f.drawn, f.id).toBe(true)
      expect(f.traces, f.id).toBeGreaterThan(0)
    }
    // What plotly drew from: two swept numbers give one returns line per stake, the latency
    // figure is a distribution on a log axis, adoption has a line per point.
    const drawnFrom = await page.$$eval('[data-figure]', (divs) =>
      Object.fromEntries(
        divs.map((d) => {
          const plot = d as unknown as {
            data: { name?: string; showlegend?: boolean; line?: { shape?: string } }[]
            layout: { xaxis: { type?: string } }
          }
          const named = plot.data.filter((t) => t.showlegend !== false)
          return [
            d.id,
            {
              names: named.map((t) => t.name),
              shapes: named.map((t) => t.line?.shape),
              x: plot.layout.xaxis.type,
            },
          ]
        }),
      ),
    )
    expect(drawnFrom.returns?.names).toEqual([
      'honest (hosts.stake=50)',
      'cheater (hosts.stake=50)',
      'honest (hosts.stake=100)',
      'cheater (hosts.stake=100)',
    ])
    expect(drawnFrom.finality?.x).toBe('log')
    expect(drawnFrom.finality?.shapes).toEqual(['hv', 'hv', 'hv', 'hv'])
    expect(drawnFrom.adoption?.names).toHaveLength(4)
    // Wall time comes from timing.js beside the page: one marker per run, none missing.
    const wallPoints = await page.$eval(
      '#wall-time',
      (d) => (d as unknown as { data: { x: number[] }[] }).data[0]?.x.length,
    )
    expect(wallPoints).toBe(8)
    expect(errors).toEqual([])
    expect(requests).toEqual([])
    await page.screenshot({ path: join(tmp, 'report.png'), fullPage: true })
    expect(existsSync(join(tmp, 'report.png'))).toBe(true)
  }, 60_000)

  it('says so instead of failing when timing.js is not beside the page', async () => {
    const alone = join(tmp, 'alone')
    mkdirSync(alone)
    copyFileSync(join(out, 'report.html'), join(alone, 'report.html'))
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error' && !/timing\.js/.test(m.location().url ?? '')) errors.push(m.text())
    })
    await page.goto(`file://${join(alone, 'report.html')}`)
    await page.waitForFunction(() => document.querySelectorAll('[data-figure] .main-svg').length > 0)
    expect(await page.locator('#wall-time').count()).toBe(0)
    expect(await page.textContent('body')).toMatch(/timing\.js is not next to this page/)
    expect(errors.filter((e) => !/ERR_FILE_NOT_FOUND/.test(e))).toEqual([])
    await page.close()
  }, 60_000)

  it('is rebuilt byte for byte by `verisim report DIR`', () => {
    const before = readFileSync(join(out, 'report.html'), 'utf8')
    const r = verisim(['report', out])
    expect(r.status).toBe(0)
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(before)
    const bad = verisim(['report', tmp])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/not a verisim output folder/)
  })
})
