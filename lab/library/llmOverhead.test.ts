import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { SweepRecord } from '../../reports/index.ts'
import { createRunner, runSweep } from '../index.ts'

const file = 'scenarios/library/llm-overhead.yaml'
const tmp = mkdtempSync(join(tmpdir(), 'verisim-llm-overhead-'))
const runner = createRunner({ workers: 1, parallel: 2, ledger: { kind: 'memory' } })
afterAll(async () => {
  await runner.close()
  rmSync(tmp, { recursive: true, force: true })
})

const OUTPUTS = [16, 128]
const SIZES = ['Llama-3.2-1B', 'Llama-2-70B']

describe('library: LLM verification overhead per generated token', () => {
  it('checks a token by prefill for less than generating it, the less the longer the output; replication pays k − 1', async () => {
    // A reduced library sweep: two modeled sizes, two output lengths, three modes, short runs.
    const swept = await runSweep(runner, file, {
      out: join(tmp, 'sweep'),
      overrides: {
        duration: 24,
        sweep: {
          grid: {
            'economics.generationCost.decoder': SIZES,
            'workload.outputTokens': OUTPUTS,
            'protocol.mode': ['sampling', 'optimistic', 'replication'],
          },
        },
      },
    })
    expect(swept.records).toHaveLength(SIZES.length * OUTPUTS.length * 3)
    const k = swept.scenario.protocol.k
    const ratioOf = (r: SweepRecord) => {
      const check = r.metrics.verification_cost_per_token as number
      const generate = r.metrics.generation_cost_per_token as number
      expect(generate, `point ${r.point}`).toBeGreaterThan(0)
      return check / generate
    }
    const at = (mode: string, size: string, output: number) => {
      const found = swept.records.filter(
        (r) =>
          r.mode === mode &&
          r.params['economics.generationCost.decoder'] === size &&
          r.params['workload.outputTokens'] === output,
      )
      expect(found, `${mode} ${size} ${output}`).toHaveLength(1)
      return found[0] as SweepRecord
    }
    for (const r of swept.records) {
      // Every record says its size is modeled, and which one, as runs/*.json holds it.
      expect(r.generation).toMatchObject({
        hardware: 'H100 SXM',
        decoder: r.params['economics.generationCost.decoder'],
        modeled: true,
      })
      expect(r.generation?.decoderParams).toBeGreaterThan(1e9)
      expect(r.modeled.join(' ')).toMatch(/modeled for Llama-.* on H100 SXM/)
      expect(r.metrics.tokens_generated).toBe(
        (r.counts.jobs as number) * (r.params['workload.outputTokens'] as number),
      )
    }
    for (const mode of ['sampling', 'optimistic']) {
      for (const size of SIZES) {
        const ratios = OUTPUTS.map((output) => {
          const r = at(mode, size, output)
          expect(r.counts.checks, `${mode} ${size} ${output}: something was checked`).toBeGreaterThan(0)
          const m = r.metrics
          expect(m.verification_cost_per_token as number).toBeLessThan(m.generation_cost_per_token as number)
          return ratioOf(r)
        })
        expect(ratios[1] as number, `${mode} ${size}: ratio falls as outputs grow`).toBeLessThan(
          ratios[0] as number,
        )
      }
    }
    for (const size of SIZES) {
      for (const output of OUTPUTS) {
        // Honest hosts only: each job is generated k times, so checks cost k − 1 generations.
        const ratio = ratioOf(at('replication', size, output))
        expect(ratio).toBeGreaterThanOrEqual(1)
        expect(ratio).toBeCloseTo(k - 1, 9)
      }
    }
  }, 120_000)
})
