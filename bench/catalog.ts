import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchResult, Clock } from './measure.ts'
import { runCliMeasured } from './runCliMeasured.ts'

type CatalogRun = { seconds: number; jobs: number; peakRssMiB: number; loads: number }

/**
 * A scenario of 1,000 hosts serving a catalog of `models` small built-in MLPs (Zipf shares), each
 * host holding four of them: `verisim run` loads each model once per worker, so the memory a run
 * needs should not grow with the models the hosts hold between them.
 */
function catalogYaml(models: number): string {
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
  hosts: { memory: 4.0e+9 }
  verifiers: { memory: 1.0e+10 }
  holdCost: 0.001
`
}

async function runCatalog(clock: Clock, models: number, dir: string): Promise<CatalogRun> {
  const scenario = join(dir, `catalog-${models}.yaml`)
  writeFileSync(scenario, catalogYaml(models))
  const out = join(dir, `out-${models}`)
  const args = ['run', scenario, '--out', out, '--workers', '2', '--ledger', 'memory']
  const { seconds, peakKiB } = await runCliMeasured(clock, args, `catalog run of ${models} models`)
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
  return {
    seconds,
    jobs: summary.counts.jobs as number,
    peakRssMiB: peakKiB / 1024,
    loads: summary.metrics.cold_starts as number,
  }
}

/**
 * A catalog of 50 small models across 1,000 hosts on the memory ledger, against the same run with
 * 5 models: peak memory (verisim and its workers) within 1.2× (memory flat in the models held).
 */
export async function benchCatalog(clock: Clock): Promise<BenchResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-catalog-'))
  const few = await runCatalog(clock, 5, tmp)
  const many = await runCatalog(clock, 50, tmp)
  const ratio = many.peakRssMiB / few.peakRssMiB
  return {
    name: 'catalog (50 models, 1,000 hosts, memory ledger)',
    ratio,
    goal: '<= 1.2 (peak memory vs the same run with 5 models)',
    met: ratio <= 1.2,
    measured: {
      peak_rss_mib: many.peakRssMiB,
      seconds: many.seconds,
      jobs: many.jobs,
      cold_start_share: many.loads,
    },
    baseline: { peak_rss_mib: few.peakRssMiB, seconds: few.seconds, jobs: few.jobs },
    note: 'peak memory: verisim and its two inference workers together; each host holds 4 models',
  }
}
