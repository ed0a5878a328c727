import { describe, expect, it } from 'vitest'
import { buildFigures, type ReportInput } from '../buildFigures.ts'
import { decoderRecord } from '../fixtures/decoderRecord.ts'
import type { SweepRecord } from '../writeRunFolder.ts'

const base: ReportInput['base'] = {
  mode: 'sampling',
  fee: 0.05,
  stake: 1000,
  slashFraction: 0.1,
  variant: 'skip',
}
type Trace = { name: string; x: number[]; y: number[]; xaxis: string; yaxis: string; showlegend: boolean }

/** Two sizes (the larger first, so the figure must sort them) × two outputs × sampling and zk. */
function sweep(): SweepRecord[] {
  const records: SweepRecord[] = []
  for (const mode of ['sampling', 'zk'])
    for (const [decoder, params] of [
      ['Llama-2-70B', 6.9e10],
      ['Llama-3.2-1B', 1.24e9],
    ] as const)
      for (const output of [16, 256])
        records.push(
          decoderRecord(records.length, {
            mode,
            decoder,
            params,
            output,
            ratio: mode === 'zk' ? 299 : 0.5 / output,
          }),
        )
  return records
}

const figureOf = (records: SweepRecord[]) =>
  buildFigures({ records, base }).find((f) => f.id === 'llm-overhead-per-token')

describe('llmOverheadPerToken', () => {
  it('draws the ratio against output tokens, one line per size by parameters, one log-log panel per mode', () => {
    const figure = figureOf(sweep())
    if (!figure) throw new Error('no figure')
    const data = figure.data as Trace[]
    expect(data.map((t) => [t.xaxis, t.name])).toEqual([
      ['x', 'Llama-3.2-1B (1.24B parameters)'],
      ['x', 'Llama-2-70B (69B parameters)'],
      ['x2', 'Llama-3.2-1B (1.24B parameters)'],
      ['x2', 'Llama-2-70B (69B parameters)'],
    ])
    expect(data[0]).toMatchObject({ x: [16, 256], y: [0.5 / 16, 0.5 / 256], showlegend: true })
    expect(data[2]).toMatchObject({ y: [299, 299], showlegend: false })
    const layout = figure.layout as Record<string, { type?: string }>
    for (const axis of ['xaxis', 'xaxis2', 'yaxis', 'yaxis2']) expect(layout[axis]?.type, axis).toBe('log')
    expect(figure.caption).toMatch(/sizes are modeled: .*roofline on H100 SXM.*settlement ran for real/)
  })

  it('leaves ratios of 0 off the log axis and says so, and says when the real decoder was priced', () => {
    const records = [16, 64].map((output, i) =>
      decoderRecord(i, {
        mode: 'sampling',
        decoder: 'decoder',
        params: 1.6e5,
        output,
        ratio: i,
        modeled: false,
      }),
    )
    const figure = figureOf(records)
    if (!figure) throw new Error('no figure')
    expect((figure.data as Trace[])[0]).toMatchObject({ x: [64], y: [1] })
    expect(figure.note).toMatch(/1 point with a ratio of 0/)
    expect(figure.caption).toMatch(/the real decoder's, priced by the roofline on H100 SXM/)
  })

  it('is not drawn for runs of forward models', () => {
    const forward = sweep().map(({ generation: _g, ...r }) => r)
    expect(figureOf(forward)).toBeUndefined()
  })
})
