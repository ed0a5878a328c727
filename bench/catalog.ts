import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchResult, Clock } from './measure.ts'
import { runCliMeasured } from './runCliMeasured.ts'

type CatalogRun = { seconds: number; jobs: number; peakRssMiB: number; coldStarts: number }

/**
 * A scenario of 1,000 hosts serving a catalog of `models` small built-in MLPs (Zipf shares), each
 * host holding `held` of them (1 GB each in `held` GB of memory): `verisim run` loads each model
 * once per worker, so the memory a run needs should not grow with the models hosts hold.
 */
function catalogYaml(models: number, held: number): string {
  const entries = Array.from(
    { length: models },
    (_, i) =>
      `    - { name: m${i + 1}, model: { builtin: mlp, width: 64, depth: 4, inputSize: 16, outputSize: 4, seed: ${i + 1} }, bytes: 1.0e+9 }`,
  )
  return `name: catalog-${models}
seed: 18
duration: 120
blockTime: 12
hosts: { count: 1000, stake: 100, speed: 1.0e+12, batchSize: 64, maxBatchDelay: 600 }
verifiers: { count: 10, speed: 1.0e+12 }
requesters: { count: 20, jobRate: 1, fee: 0.001 }
protocol: { mode: sampling, p: 0.1, challengeWindow: 120 }
catalog:
  models:
${entries.join('\n')}
  zipf: 1.0
  hosts: { memory: ${held}.0e+9 }
  verifiers: { memory: 1.0e+10 }
  holdCost: 0.001
`
}

async function runCatalog(clock: Clock, models: number, held: number, dir: string): Promise<CatalogRun> {
  const scenario = join(dir, `catalog-${models}-${held}.yaml`)
  writeFileSync(scenario, catalogYaml(models, held))
  const out = join(dir, `out-${models}-${held}`)
  const args = ['run', scenario, '--out', out, '--workers', '2', '--ledger', 'memory']
  const { seconds, peakKiB } = await runCliMeasured(clock, args, `catalog run of ${models} models`)
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
  return {
    seconds,
    jobs: summary.counts.jobs as number,
    peakRssMiB: peakKiB / 1024,
    coldStarts: summary.metrics.cold_starts as number,
  }
}

/**
 * A catalog of 50 small models across 1,000 hosts on the memory ledger, each host holding 4:
 * peak memory (verisim and its workers) against the same run with 5 models, and against the
 * 50-model run with each host holding 40 (ten times the placements, the same models built).
 */
export async function benchCatalog(clock: Clock): Promise<BenchResult[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-catalog-'))
  const few = await runCatalog(clock, 5, 4, tmp)
  const many = await runCatalog(clock, 50, 4, tmp)
  const dense = await runCatalog(clock, 50, 40, tmp)
  const ratio = many.peakRssMiB / few.peakRssMiB
  const heldRatio = dense.peakRssMiB / many.peakRssMiB
  const note = 'peak memory: verisim and its two inference workers together'
  return [
    {
      name: 'catalog (50 models vs 5, 1,000 hosts holding 4 each, memory ledger)',
      ratio,
      goal: '<= 1.2 (peak memory vs the same run with 5 models)',
      met: ratio <= 1.2,
      measured: { peak_rss_mib: many.peakRssMiB, seconds: many.seconds, jobs: many.jobs },
      baseline: { peak_rss_mib: few.peakRssMiB, seconds: few.seconds, jobs: few.jobs },
      note: `${note}; a catalog's models after the first warm only the variants hosts run`,
    },
    {
      name: 'catalog (1,000 hosts holding 40 of 50 models each vs 4)',
      ratio: heldRatio,
      goal: '<= 1.2 (peak memory vs hosts holding 4 each)',
      met: heldRatio <= 1.2,
      measured: {
        peak_rss_mib: dense.peakRssMiB,
        seconds: dense.seconds,
        cold_start_share: dense.coldStarts,
      },
      baseline: { peak_rss_mib: many.peakRssMiB, seconds: many.seconds, cold_start_share: many.coldStarts },
      note,
    },
  ]
}
