import { describe, expect, it } from 'vitest'
import { buildAnswer } from '../buildAnswer.ts'
import type { ReportInput } from '../buildFigures.ts'
import { decoderRecord } from '../fixtures/decoderRecord.ts'
import type { SweepRecord } from '../writeRunFolder.ts'

const base: ReportInput['base'] = {
  mode: 'sampling',
  fee: 0.05,
  stake: 1000,
  slashFraction: 0.1,
  variant: 'skip',
}

describe('llmOverheadAnswer', () => {
  it('gives each mode’s ratio at the shortest and longest output for the smallest and largest size', () => {
    const records: SweepRecord[] = []
    for (const mode of ['sampling', 'replication'])
      for (const [decoder, params] of [
        ['Llama-2-7B', 6.7e9],
        ['Llama-3.2-1B', 1.24e9],
        ['Llama-2-70B', 6.9e10],
      ] as const)
        for (const output of [16, 64, 256])
          records.push(
            decoderRecord(records.length, {
              mode,
              decoder,
              params,
              output,
              ratio: mode === 'replication' ? 1 : (params / 1e9) * (0.5 / output),
            }),
          )
    const [llm, demand] = buildAnswer({ records, base })
    expect(llm).toBe(
      'Verification ÷ generation compute per generated token (compute only, decoder sizes modeled by the roofline on H100 SXM; protocol, checks and settlement ran for real): sampling: Llama-3.2-1B 0.0387 at 16 tokens → 2.4e-3 at 256, Llama-2-70B 2.16 at 16 tokens → 0.135 at 256; replication: Llama-3.2-1B 1 at 16 tokens → 1 at 256, Llama-2-70B 1 at 16 tokens → 1 at 256.',
    )
    expect(demand).toMatch(/no demand market/)
  })
})
