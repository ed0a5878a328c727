import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, ensureChromium } from '../reports/fixtures/ensureChromium.ts'
import { inspectReport } from '../reports/fixtures/inspectReport.ts'
import { openReport } from '../reports/fixtures/openReport.ts'

const root = join(import.meta.dirname, '..')
const verisim = (args: string[]) =>
  spawnSync(process.execPath, [join(root, 'cli/bin.js'), ...args, '--ledger', 'memory', '--quiet'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 240_000,
  })

/**
 * Issue 20's test over the shipped scenarios' reports, from real runs at test sizes: the headline
 * sweep, a demand market run and sweep, and the learning hosts' run and sweep (strategies over time, the
 * job-value table, the tolerance line). Each page opens offline with no console error, and
 * inspectReport checks every figure from the data plotly drew.
 */
describe('the shipped scenarios’ reports in headless Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-library-report-'))
  const learning = 'scenarios/library/learning-threshold.yaml'
  // Two fees (a job-value table) and a tolerance measured before the runs (the tolerance line).
  const learnSets = [
    '--set',
    'duration=120',
    '--set',
    'requesters.fee={choices: [0.005, 0.02]}',
    '--set',
    'tolerance=auto',
  ]
  const folders = {
    // The headline sweep cut to test sizes: every mode at three sizes, two replicates.
    headline: [
      'sweep',
      'scenarios/library/overhead-vs-model-size.yaml',
      '--set',
      'model.blocks=2',
      '--set',
      'sweep={replicates: 2, zip: {model.dModel: [16, 32, 64], model.seqLen: [8, 16, 32]}, grid: {protocol.mode: [none, sampling, replication, optimistic, tee, zk]}}',
    ],
    demand: ['run', 'scenarios/library/demand-incident.yaml'],
    demandSweep: ['sweep', 'scenarios/library/demand-verification-premium.yaml'],
    learning: ['run', learning, ...learnSets],
    learningSweep: ['sweep', learning, ...learnSets, '--set', 'sweep={grid: {protocol.p: [0.1, 0.4]}}'],
  }
  let browser: Browser

  beforeAll(async () => {
    for (const [name, args] of Object.entries(folders)) {
      const r = verisim([...args, '--out', join(tmp, name)])
      expect(r.stderr, name).toBe('')
      expect(r.status, name).toBe(0)
    }
    browser = await chromium.launch({
      executablePath: ensureChromium((line) => process.stderr.write(`${line}\n`)),
      args: CHROMIUM_ARGS,
    })
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
  })

  const open = async (name: keyof typeof folders) => {
    const { page, errors, requests } = await openReport(browser, join(tmp, name, 'report.html'), 60_000)
    const { figures, problems } = await inspectReport(page)
    expect(errors, name).toEqual([])
    expect(requests, name).toEqual([])
    expect(problems, name).toEqual([])
    return { page, ids: figures.map((f) => f.id), figures }
  }

  it('the headline sweep: overhead against size, small multiples per mode, wall time by mode', async () => {
    const { page, ids, figures } = await open('headline')
    expect(ids).toEqual(['overhead-vs-flops', 'returns', 'fraud-rates', 'gas', 'wall-time'])
    const panels = await page.$eval(
      '#returns',
      (d) => (d as unknown as { layout: { annotations?: { text: string }[] } }).layout.annotations?.length,
    )
    expect(panels).toBeGreaterThanOrEqual(6)
    expect(figures.find((f) => f.id === 'wall-time')?.traces.map((t) => t.name)).toEqual([
      'none',
      'sampling',
      'replication',
      'optimistic',
      'tee',
      'zk',
    ])
    expect(await page.textContent('[data-answer]')).toMatch(/cross|order/)
    await page.close()
  }, 60_000)

  it('a demand market run: the market section, its cohort map drawn, the answer in numbers', async () => {
    const { page, ids, figures } = await open('demand')
    // Requesters choose here: the timeline draws adoption beside the cheat and checked shares,
    // on the panel held to [0, 1], and the finality latency on a panel of its own.
    const timeline = figures.find((f) => f.id === 'timeline')
    expect(timeline?.traces.map((t) => [t.name, t.axis])).toEqual([
      ['cheating jobs ÷ jobs', 'y'],
      ['jobs checked by a verifier ÷ jobs', 'y'],
      ['requests that chose the network ÷ requests', 'y'],
      ['challenges opened', 'y2'],
      ['cheaters slashed', 'y2'],
      ['finality latency p50', 'y3'],
      ['finality latency p95', 'y3'],
    ])
    for (const id of [
      'timeline',
      'market-adoption',
      'cohort-retention',
      'cohort-volume',
      'revenue-emissions',
    ])
      expect(ids).toContain(id)
    expect(await page.locator('#cohort-volume .point').count()).toBeGreaterThan(0)
    expect(await page.textContent('[data-answer]')).toMatch(/kept .*% of production requests/s)
    await page.close()
  }, 60_000)

  it('a demand market sweep: each point’s production adoption per period beside the per-point figures', async () => {
    const { page, ids } = await open('demandSweep')
    expect(ids).toContain('sweep-adoption')
    expect(ids).toContain('overhead-vs-flops')
    await page.close()
  }, 60_000)

  it('a learning run: strategies over time, the job-value table and the tolerance used', async () => {
    const { page, ids } = await open('learning')
    expect(ids).toContain('strategies')
    expect(await page.locator('[data-table^="job-value"] tr').count()).toBeGreaterThan(2)
    expect(await page.textContent('[data-tolerance]')).toMatch(/Tolerance auto: .* used/)
    await page.close()
  }, 60_000)

  it('a learning sweep: one strategies figure per point beside the small multiples', async () => {
    const { page, ids } = await open('learningSweep')
    expect(ids.filter((id) => id.startsWith('strategies'))).toEqual(['strategies-0', 'strategies-1'])
    expect(ids).toContain('returns')
    await page.close()
  }, 60_000)
})
