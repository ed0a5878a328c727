import { describe, expect, it } from 'vitest'
import { createMemoryLedger } from '../contracts/index.ts'
import { createInferencePool } from '../engine/index.ts'
import { parseScenario, resolveRunSpec } from '../scenarios/index.ts'
import { demandSpecOf, providerOf } from '../sim/fixtures/demandSpec.ts'
import type { RunSpec, Segment, TraceEvent } from '../sim/index.ts'
import { CHAIN_EPOCH, runSimulation } from '../sim/index.ts'

const HOUR = 3_600

// A small real MLP (width 16, 8 layers) on onnxruntime, half of the hosts cheating under sampling.
const YAML = `name: market-real
seed: 5
duration: ${4 * HOUR}
blockTime: 60
model: { builtin: mlp, width: 16, depth: 8, inputSize: 8, outputSize: 4, seed: 2, cheats: { skipLayers: 2 } }
hosts: { count: 6, stake: 100, behaviours: { honest: 0.5, lazy: 0.5 }, variant: skip, cheatRate: 0.3 }
verifiers: { count: 2 }
requesters: { count: 1, jobRate: 0.1, fee: 0.001 }
protocol: { mode: sampling, p: 0.5, challengeWindow: 120, slashFraction: 0.01, moveTimeout: 20 }
`

const quick = (s: Segment): Segment => ({
  ...s,
  requestRate: 2e-4,
  reviewEvery: HOUR,
  bass: { ...s.bass, p: 2 / (24 * HOUR), q: 4 / (24 * HOUR) },
})

function spec(): RunSpec {
  const path = 'lab/marketRun.inline.yaml'
  const base = resolveRunSpec(parseScenario(YAML, path, {}), path)
  const demand = demandSpecOf(
    { experimental: quick, production: quick },
    { marketSize: 1000, providers: [providerOf('api', { outages: { meanUp: 2 * HOUR, meanDown: HOUR } })] },
  )
  return { ...base, demand }
}

async function run(workers: number) {
  const s = spec()
  const inference = createInferencePool({ workers, tolerance: s.tolerance })
  const ledger = createMemoryLedger({ timestamp: CHAIN_EPOCH - 86_400 })
  const trace: TraceEvent[] = []
  try {
    const result = await runSimulation({ inference, ledger, trace: (e) => trace.push(e) }, s)
    return { result, trace }
  } finally {
    await ledger.close()
    await inference.close()
  }
}

describe('a demand market on the real engine', () => {
  it('runs real inference for the network requests, the same with one worker or two', async () => {
    const one = await run(1)
    const two = await run(2)
    const c = one.result.counts
    expect(c.jobs).toBeGreaterThan(10)
    expect(c.centralized_jobs).toBeGreaterThan(0)
    expect(c.results).toBeGreaterThan(0)
    expect(one.result.market?.weight).toBe(10)
    expect(two.result).toEqual(one.result)
    expect(two.trace).toEqual(one.trace)
  }, 60_000)
})
