import { describe, expect, it } from 'vitest'
import { H100_SXM, RTX_4090 } from './hardwareProfiles.ts'
import { modeledDecoderCosts } from './modeledDecoderCosts.ts'

describe('modeledDecoderCosts', () => {
  it('gives 1B–70B rows, every one marked modeled, with verification cheaper than generation', () => {
    const rows = modeledDecoderCosts(H100_SXM, { prompt: 512, output: 512 })
    expect(rows.map((r) => r.name)).toEqual([
      'Llama-3.2-1B',
      'Llama-3.2-3B',
      'Llama-2-7B',
      'Llama-2-13B',
      'Llama-2-70B',
    ])
    for (const row of rows) {
      expect(row.modeled).toBe(true)
      expect(row.hardware).toBe('H100 SXM')
      expect(row.source).toMatch(/config\.json; NVIDIA H100 SXM/)
      expect(row.verification.usd).toBeLessThan(row.generation.usd)
      expect(row.verifyOverGenerate).toBeCloseTo(row.verification.usd / row.generation.usd, 12)
      expect(row.generationUsdPerToken).toBeCloseTo(row.generation.usd / 512, 15)
    }
    // Bigger models cost more per token: generation is a weight read per token.
    const perToken = rows.map((r) => r.generationUsdPerToken)
    expect([...perToken].sort((a, b) => a - b)).toEqual(perToken)
  })

  it('makes 8-bit weights halve a memory-bound generation’s time, not its verification’s FLOPs', () => {
    const fp16 = modeledDecoderCosts(RTX_4090, { prompt: 512, output: 512 })
    const int8 = modeledDecoderCosts(RTX_4090, { prompt: 512, output: 512 }, { bytesPerWeight: 1 })
    const i = fp16.findIndex((r) => r.name === 'Llama-2-7B')
    const ratio = (int8[i]?.generation.seconds ?? 0) / (fp16[i]?.generation.seconds ?? 1)
    expect(ratio).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(0.65)
    expect(int8[i]?.verification.seconds).toBeCloseTo(fp16[i]?.verification.seconds ?? 0, 12)
  })

  it('refuses a workload longer than the shortest context, naming it', () => {
    expect(() => modeledDecoderCosts(H100_SXM, { prompt: 4000, output: 200 })).toThrow(/context of 4096/)
  })
})
