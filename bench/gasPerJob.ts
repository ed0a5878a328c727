import { runScenarioFile } from '../lab/index.ts'
import type { BenchResult } from './measure.ts'

/**
 * Amortized gas per verified job when hosts commit at least 256 results per root, at three model
 * sizes: the chain cost of verification must not grow with the model. Real gas from anvil
 * receipts; the "baseline" is the 1,000-gas goal itself.
 */
export async function benchGasPerJob(): Promise<BenchResult[]> {
  const sizes: [string, Record<string, unknown>][] = [
    ['mlp 64x8', { model: { builtin: 'mlp', width: 64, depth: 8, inputSize: 64, outputSize: 16, seed: 1 } }],
    [
      'transformer d64 s32',
      { model: { builtin: 'transformer', dModel: 64, heads: 4, blocks: 4, seqLen: 32, seed: 1 } },
    ],
    [
      'transformer d256 s128',
      { model: { builtin: 'transformer', dModel: 256, heads: 4, blocks: 4, seqLen: 128, seed: 1 } },
    ],
  ]
  const results: BenchResult[] = []
  for (const [label, model] of sizes) {
    const { result } = await runScenarioFile(new URL('./gas-per-job.yaml', import.meta.url).pathname, model)
    const gas = result.metrics.gas_per_job as number
    const perRoot = result.counts.results / (result.gasByCall.commit?.calls ?? 1)
    results.push({
      name: `gas per verified job (${label}, ${result.model.flops.honest?.toExponential(1)} FLOPs)`,
      ratio: gas / 1000,
      goal: '<= 1 (at most 1,000 gas per job)',
      met: gas <= 1000,
      measured: { gas_per_job: gas, results_per_commitment: perRoot },
      baseline: { goal_gas_per_job: 1000 },
    })
  }
  return results
}
