import { describe, expect, it } from 'vitest'
import { createMemoryLedger } from '../../contracts/index.ts'
import { createFakeInference } from '../fixtures/fakeInference.ts'
import { eventsOf, specOf } from '../fixtures/simulate.ts'
import type { LedgerCall, LedgerPort } from '../ports.ts'
import { CHAIN_EPOCH, runSimulation } from '../runSimulation.ts'
import type { TraceEvent } from '../traceEvent.ts'

// Two built-in decoders of 1 and 3 blocks; outputs of up to 40 tokens in chunks of 8: 5 chunks.
const CATALOG = `name: decoders
seed: 3
duration: 120
blockTime: 6
hosts: { count: 6, stake: 100, behaviours: { honest: 0.5, lazy: 0.5 }, variant: int4, cheatRate: 1 }
verifiers: { count: 2 }
requesters: { count: 2, jobRate: 0.5, fee: 0.01 }
protocol: { mode: sampling, p: 1, challengeWindow: 60, slashFraction: 0.01 }
workload: { prompt: 8, outputTokens: { uniform: [4, 40] }, chunkSize: 8, topK: 4 }
catalog:
  models:
    - { name: one, model: { builtin: decoder, width: 32, heads: 2, blocks: 1, context: 64, seed: 1 } }
    - { name: three, model: { builtin: decoder, width: 32, heads: 2, blocks: 3, context: 64, seed: 2 } }
  hosts: { memory: 1.0e+9 }
  verifiers: { memory: 1.0e+9 }
`

describe('a catalog of decoders', () => {
  it('registers, draws and checks each decoder with its own checkpoints', async () => {
    const spec = specOf({}, CATALOG)
    const fake = createFakeInference({ tolerance: spec.tolerance })
    const memory = createMemoryLedger({ timestamp: CHAIN_EPOCH - 86_400 })
    const calls: LedgerCall[] = []
    const ledger: LedgerPort = {
      ...memory,
      submit(call) {
        calls.push(call)
        return memory.submit(call)
      },
    }
    const trace: TraceEvent[] = []
    try {
      const result = await runSimulation({ inference: fake, ledger, trace: (e) => trace.push(e) }, spec)
      // Bisection walks (chunk, block) pairs: 5 chunks × each decoder's blocks.
      const registered = calls.flatMap((c) => (c.kind === 'registerModel' ? [c.layers] : []))
      expect(registered).toEqual([5, 15])
      expect(result.model.layers).toBe(5)
      const jobs = eventsOf(trace, 'job')
      const slashes = eventsOf(trace, 'slash')
      const modelOf = new Map(jobs.map((j) => [j.job, j.model]))
      for (const m of [0, 1]) {
        expect(jobs.some((j) => j.model === m && j.output !== undefined)).toBe(true)
        // Every cheat is checked (p = 1): each decoder's int4 results are slashed.
        expect(slashes.some((s) => modelOf.get(s.job) === m && !s.honest)).toBe(true)
      }
      expect(result.counts.false_slashes).toBe(0)
      // Decoder runs report the generation books: priced tokens, not FLOPs.
      expect(result.metrics.tokens_generated).toBeGreaterThan(0)
      expect(result.metrics.generation_cost_per_token).toBeGreaterThan(0)
    } finally {
      await memory.close()
      await fake.close()
    }
  })
})
