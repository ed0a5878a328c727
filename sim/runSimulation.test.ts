import { describe, expect, it } from 'vitest'
import { createMemoryLedger } from '../contracts/index.ts'
import { createInferencePool } from '../engine/index.ts'
import { parseScenario, resolveRunSpec } from '../scenarios/index.ts'
import { CHAIN_EPOCH, runSimulation } from './runSimulation.ts'

/**
 * The requester's choice between the network and the centralized baseline, on the in-process
 * ledger: a job costs 0.01 a result, the baseline 0.02. One result per job is cheaper than the
 * baseline; three (replication, k = 3) are not.
 */
const scenario = (mode: string) =>
  parseScenario(
    `name: choice
seed: 2
duration: 60
blockTime: 6
model: { builtin: mlp, width: 8, depth: 2, inputSize: 4, outputSize: 2, seed: 1 }
hosts: { count: 4, stake: 100 }
verifiers: { count: 1 }
requesters: { count: 1, jobRate: 0.5, fee: 0.01, choice: true }
economics: { centralizedPrice: 0.02, centralizedLatency: 0 }
protocol: { mode: ${mode}, k: 3, p: 0.1, challengeWindow: 12 }
`,
    'choice.yaml',
  )

async function adoption(mode: string) {
  const spec = resolveRunSpec(scenario(mode), 'choice.yaml')
  const inference = createInferencePool({ workers: 1, tolerance: spec.tolerance })
  const ledger = createMemoryLedger({ timestamp: CHAIN_EPOCH - 86_400 })
  try {
    const result = await runSimulation({ inference, ledger }, spec)
    return { share: result.metrics.adoption_share, centralized: result.counts.centralized_jobs }
  } finally {
    await ledger.close()
    await inference.close()
  }
}

describe('the requester’s choice', () => {
  it('takes the network when one fee is below the centralized price', async () => {
    expect((await adoption('sampling')).share).toBe(1)
  }, 60_000)

  it('compares the k fees a replicated job costs, not one', async () => {
    const { share, centralized } = await adoption('replication')
    expect(share).toBe(0)
    expect(centralized).toBeGreaterThan(0)
  }, 60_000)
})
