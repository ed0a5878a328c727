import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, ensureChromium } from '../reports/fixtures/ensureChromium.ts'
import { inspectReport } from '../reports/fixtures/inspectReport.ts'
import { openReport } from '../reports/fixtures/openReport.ts'

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
  const single = join(tmp, 'single')
  let browser: Browser

  /** A page of `dir`'s report, collecting console errors, page errors and requests off the file. */
  const open = (dir: string) => openReport(browser, join(dir, 'report.html'))

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
    // The same scenario as one run, for the single-run report.
    const one = join(tmp, 'one.yaml')
    writeFileSync(one, readFileSync(scenario, 'utf8').replace(/^sweep:[\s\S]*$/m, ''))
    const alone = verisim(['run', one, '--out', single, '--quiet'])
    expect(alone.stderr).toBe('')
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
    const { page, errors, requests } = await open(out)
    // Every figure is either drawn, with a caption, or left out with a note saying why (adoption
    // is 1 by construction here); one model size gives no overhead-vs-size plot.
    const sections = await page.$$eval('section', (list) =>
      list.map((sec) => {
        const plot = sec.querySelector('[data-figure]')
        const omitted = sec.querySelector('[data-omitted]')
        return {
          id: plot?.id ?? omitted?.getAttribute('data-omitted') ?? sec.getAttribute('class') ?? '',
          drawn: plot ? plot.querySelectorAll('.main-svg').length > 0 : null,
          traces: plot ? plot.querySelectorAll('.trace').length : 0,
          caption: sec.querySelector('.caption')?.textContent ?? '',
          note: omitted?.textContent ?? '',
          svgButton: sec.querySelectorAll('[data-title="Download plot as SVG"]').length,
        }
      }),
    )
    expect(sections.map((f) => f.id)).toEqual([
      'answer',
      'returns',
      'fraud-rates',
      'adoption',
      'finality',
      'gas',
      'wall-time',
    ])
    for (const f of sections.slice(1)) {
      if (f.drawn === null) {
        expect(f.note, f.id).toMatch(/.{60}/)
        continue
      }
      expect(f.drawn, f.id).toBe(true)
      expect(f.traces, f.id).toBeGreaterThan(0)
      expect(f.caption, f.id).toMatch(/.{60}/)
      expect(f.svgButton, f.id).toBe(1)
    }
    expect(sections.find((f) => f.id === 'adoption')?.note).toMatch(/constant by construction/)
    expect(await page.textContent('[data-answer]')).toMatch(
      /Verification overhead .* at .* FLOPs per inference: sampling .*no demand market/s,
    )
    // What plotly drew from: two swept numbers give one returns panel per stake, honest and
    // cheater in each; no rate drawn below 0 or above 1, nor an axis reaching below 0.
    const drawnFrom = await page.$$eval('[data-figure]', (divs) =>
      Object.fromEntries(
        divs.map((d) => {
          const plot = d as unknown as {
            data: { name?: string; showlegend?: boolean; y?: (number | null)[] }[]
            layout: {
              xaxis: { type?: string }
              yaxis: { range?: number[] }
              annotations?: { text: string }[]
            }
          }
          return [
            d.id,
            {
              names: plot.data.filter((t) => t.showlegend !== false).map((t) => t.name),
              panels: (plot.layout.annotations ?? []).map((a) => a.text),
              ys: plot.data.flatMap((t) => t.y ?? []).filter((y): y is number => typeof y === 'number'),
              yRange: plot.layout.yaxis.range,
              x: plot.layout.xaxis.type,
            },
          ]
        }),
      ),
    )
    expect(drawnFrom.returns?.names).toEqual(['honest', 'cheater'])
    expect(drawnFrom.returns?.panels).toEqual(['hosts.stake=50', 'hosts.stake=100'])
    expect(drawnFrom['fraud-rates']?.panels).toEqual(['hosts.stake=50', 'hosts.stake=100'])
    const rates = drawnFrom['fraud-rates']?.ys ?? []
    expect(rates.length).toBeGreaterThan(0)
    for (const y of rates) expect(y >= 0 && y <= 1, String(y)).toBe(true)
    expect(drawnFrom['fraud-rates']?.yRange?.[0]).toBeGreaterThanOrEqual(0)
    if (drawnFrom.finality) expect(drawnFrom.finality.x).toBe('log')
    // Wall time comes from timing.js beside the page: one marker per run, none missing.
    const wallPoints = await page.$eval(
      '#wall-time',
      (d) => (d as unknown as { data: { x: number[] }[] }).data[0]?.x.length,
    )
    expect(wallPoints).toBe(8)
    expect((await inspectReport(page)).problems).toEqual([])
    expect(errors).toEqual([])
    expect(requests).toEqual([])
    await page.screenshot({ path: join(tmp, 'report.png'), fullPage: true })
    expect(existsSync(join(tmp, 'report.png'))).toBe(true)
    await page.close()
  }, 60_000)

  it('gives a single run a single-run report: no per-point figures, a note saying what it shows', async () => {
    const { page, errors, requests } = await open(single)
    const drawn = await page.$$eval('[data-figure]', (divs) => divs.map((d) => d.id))
    const omitted = await page.$$eval('[data-omitted]', (ps) => ps.map((p) => p.getAttribute('data-omitted')))
    for (const perPoint of ['overhead-vs-flops', 'returns', 'fraud-rates']) {
      expect(drawn).not.toContain(perPoint)
      expect(omitted).not.toContain(perPoint)
    }
    expect(omitted[0]).toBe('single-run')
    expect(await page.textContent('[data-omitted="single-run"]')).toMatch(/no swept value to plot against/)
    expect(drawn).toContain('gas')
    expect(drawn).toContain('timeline')
    // One run's wall time is a sentence, not one dot on an axis of nothing.
    expect(drawn).not.toContain('wall-time')
    expect(await page.textContent('[data-omitted="wall-time"]')).toMatch(
      /This run simulated [\d,]+ virtual seconds in [\d.]+ wall seconds/,
    )
    expect(await page.textContent('[data-answer]')).toMatch(/One model size cannot show/)
    const { figures, problems } = await inspectReport(page)
    expect(problems).toEqual([])
    // The run over time as rates per window: shares on the top panel (checked against [0, 1]),
    // finality latency on the last; adoption, 1 by construction here, is a note, not a line.
    const timeline = figures.find((f) => f.id === 'timeline')
    const axisOf = Object.fromEntries((timeline?.traces ?? []).map((t) => [t.name, t.axis]))
    expect(axisOf['cheating jobs ÷ jobs']).toBe('y')
    expect(axisOf['jobs checked by a verifier ÷ jobs']).toBe('y')
    expect(axisOf['finality latency p50']).toBe(axisOf['finality latency p95'])
    expect(axisOf['finality latency p50']).toMatch(/^y[23]$/)
    expect(timeline?.note).toMatch(/Adoption .* constant by construction/)
    expect(drawn).not.toContain('adoption')
    expect(errors).toEqual([])
    expect(requests).toEqual([])
    await page.close()
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
