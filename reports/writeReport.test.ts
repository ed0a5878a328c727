import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, ensureChromium } from './fixtures/ensureChromium.ts'
import { inspectReport } from './fixtures/inspectReport.ts'
import { marketPeriods } from './fixtures/marketPeriods.ts'
import { marketRecord } from './fixtures/marketRecord.ts'
import { openReport } from './fixtures/openReport.ts'
import { readPlotly } from './readPlotly.ts'
import { writeReport } from './writeReport.ts'

/** An output folder of one run as lab leaves it, with the market's periods.ndjson beside it. */
function marketFolder(dir: string, periods: boolean): string {
  mkdirSync(join(dir, 'runs'), { recursive: true })
  writeFileSync(join(dir, 'runs', '0-0.json'), JSON.stringify(marketRecord()))
  writeFileSync(
    join(dir, 'scenario.resolved.yaml'),
    `name: market-report
seed: 2
duration: 48
model: { builtin: mlp, width: 16, depth: 3, inputSize: 8, outputSize: 4, seed: 1 }
hosts: { count: 4, stake: 100, behaviours: { honest: 1 } }
requesters: { count: 1, jobRate: 1, fee: 0.01 }
protocol: { mode: sampling, challengeWindow: 24 }
`,
  )
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ versions: { verisim: 'test' }, modeled: [], seeds: [{ seed: 2, replicate: 0 }] }),
  )
  if (periods)
    writeFileSync(
      join(dir, 'periods.ndjson'),
      `${marketPeriods()
        .map((r) => JSON.stringify(r))
        .join('\n')}\n`,
    )
  return writeReport(dir)
}

describe('a market run’s report.html', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-market-report-'))
  let browser: Browser

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: ensureChromium((line) => process.stderr.write(`${line}\n`)),
      args: CHROMIUM_ARGS,
    })
  }, 900_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('inlines the basic bundle, the cohort map being drawn with bars', () => {
    const market = readFileSync(marketFolder(join(tmp, 'bundle-market'), true), 'utf8')
    // Booleans, not the pages: a failing match would print megabytes of plotly.
    expect(market.includes(readPlotly())).toBe(true)
    expect(market.includes(readPlotly(['heatmap']))).toBe(false)
  })

  it('opens offline with no console errors and draws the market section from periods.ndjson', async () => {
    const path = marketFolder(join(tmp, 'market'), true)
    const { page, errors, requests } = await openReport(browser, path)
    const drawn = await page.$$eval('[data-figure]', (divs) =>
      Object.fromEntries(
        divs.map((d) => {
          const plot = d as unknown as { data: { type?: string; name?: string }[] }
          return [
            d.id,
            {
              svg: d.querySelectorAll('.main-svg').length > 0,
              types: plot.data.map((t) => t.type ?? 'scatter'),
              names: plot.data.map((t) => t.name ?? ''),
            },
          ]
        }),
      ),
    )
    for (const id of [
      'market-adoption',
      'cohort-retention',
      'cohort-volume',
      'revenue-emissions',
      'capacity-demand',
    ])
      expect(drawn[id]?.svg, id).toBe(true)
    expect(drawn['cohort-volume']).toMatchObject({ types: ['bar'] })
    expect(drawn['market-adoption']?.names).toEqual(['experimental', 'production (production)'])
    // Every cell drawn: cohort 0 in each of the 30 periods, cohort 1 from period 1.
    expect(await page.locator('#cohort-volume .point').count()).toBe(59)
    // The incidents are on the time axis, labelled.
    const labels = await page.$$eval('#market-adoption .annotation-text', (ts) =>
      ts.map((t) => t.textContent),
    )
    expect(labels).toEqual(['outage: centralized', '3 slashes'])
    const table = await page.$$eval('[data-table="choices-production"] tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent)),
    )
    expect(table[0]).toEqual([
      'provider',
      'price',
      'latency',
      'failure',
      'fraud',
      'verifiable',
      'switching',
      'total',
      'share of choices',
    ])
    expect(table.slice(1).map((r) => [r[0], r.at(-1)])).toEqual([
      ['network', '58.7%'],
      ['centralized', '41.3%'],
    ])
    expect(await page.textContent('[data-answer]')).toMatch(
      /Demand \(each simulated requester stands for 10 real ones.*kept 50\.0% of production requests.*revenue ÷ emissions 0\.683/s,
    )
    expect((await inspectReport(page)).problems).toEqual([])
    expect(errors).toEqual([])
    expect(requests).toEqual([])
    await page.close()
  }, 60_000)
})
