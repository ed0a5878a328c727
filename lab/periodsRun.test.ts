import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createPeriodsWriter } from '../reports/index.ts'
import { parseScenario, resolveRunSpec } from '../scenarios/index.ts'
import { demandSpecOf, providerOf } from '../sim/fixtures/demandSpec.ts'
import { MARKET_METRIC_NAMES, type PeriodRow, type RunSpec, type Segment } from '../sim/index.ts'
import { createRunner } from './createRunner.ts'

const HOUR = 3_600

// A small real MLP on onnxruntime and the memory ledger, with a two-segment market of hourly
// periods and a centralized API whose outages send requesters to the network; the horizon ends
// half-way through a period, so the last row is partial.
const YAML = `name: periods-real
seed: 3
duration: ${4.5 * HOUR}
blockTime: 60
model: { builtin: mlp, width: 16, depth: 4, inputSize: 8, outputSize: 4, seed: 2 }
hosts: { count: 4, stake: 100, behaviours: { honest: 1 } }
verifiers: { count: 2 }
requesters: { count: 1, jobRate: 0.1, fee: 0.001 }
protocol: { mode: sampling, p: 0.5, challengeWindow: 60, slashFraction: 0.01, moveTimeout: 20 }
`

const quick = (s: Segment): Segment => ({
  ...s,
  requestRate: 2e-4,
  reviewEvery: HOUR,
  bass: { ...s.bass, p: 2 / (24 * HOUR), q: 4 / (24 * HOUR) },
})

function spec(): RunSpec {
  const path = 'lab/periodsRun.inline.yaml'
  const base = resolveRunSpec(parseScenario(YAML, path, {}), path)
  const demand = demandSpecOf(
    { experimental: quick, production: quick },
    {
      marketSize: 1000,
      period: HOUR,
      providers: [providerOf('api', { outages: { meanUp: 2 * HOUR, meanDown: HOUR } })],
    },
  )
  return { ...base, demand }
}

describe('a demand run through the runner', () => {
  const runner = createRunner({ workers: 1, parallel: 1, ledger: { kind: 'memory' } })
  afterAll(() => runner.close())

  it('streams every closed period to periods.ndjson and gives the book’s metrics as run metrics', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'verisim-periods-run-')), 'periods.ndjson')
    const periods = createPeriodsWriter(path)
    const result = await runner.run(spec(), undefined, undefined, periods.write)
    const sha = await periods.close()
    const text = readFileSync(path, 'utf8')
    expect(sha).toBe(createHash('sha256').update(text).digest('hex'))
    const rows = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as PeriodRow)
    // Hourly periods over a 4.5-hour run, none missing, each stating the weight; the last one,
    // cut by the run's end, says so.
    expect(rows.length).toBeGreaterThanOrEqual(5)
    expect(rows.map((r) => r.period)).toEqual(rows.map((_, i) => i))
    expect(rows.map((r) => r.start)).toEqual(rows.map((_, i) => i * HOUR))
    expect(rows.every((r) => r.weight === 10)).toBe(true)
    const last = rows.at(-1) as PeriodRow
    expect(last.partial).toBe(true)
    expect(last.end - last.start).toBeLessThan(HOUR)
    expect(rows.slice(0, -1).every((r) => !('partial' in r) && r.end === r.start + HOUR)).toBe(true)
    const volume = (provider: string) =>
      rows.reduce(
        (sum, r) => sum + Object.values(r.segments).reduce((s, seg) => s + (seg.volume[provider] ?? 0), 0),
        0,
      )
    expect(volume('network')).toBeGreaterThan(0)
    expect(volume('api')).toBeGreaterThan(0)
    // Every request is in some row, the tail's too: the rows sum to the run's own counts.
    const tail = Object.values(last.segments).reduce(
      (s, seg) => s + (seg.volume.network ?? 0) + (seg.volume.api ?? 0),
      0,
    )
    expect(tail).toBeGreaterThan(0)
    expect(volume('api')).toBe(result.counts.centralized_jobs * 10)
    expect(volume('network') / (volume('network') + volume('api'))).toBeCloseTo(
      result.metrics.market_adoption_share as number,
      12,
    )
    expect(rows.some((r) => r.network.p95Latency !== null)).toBe(true)
    // The market's metrics are run metrics too: summary, runs.csv and invariants read `metrics`.
    for (const name of MARKET_METRIC_NAMES)
      expect(result.metrics[name], name).toBe(result.market?.metrics[name])
    expect(result.metrics.market_adoption_share).toBeGreaterThan(0)
    expect(result.metrics.market_adoption_share).toBeLessThan(1)
  }, 120_000)
})
