import { describe, expect, it } from 'vitest'
import { buildFigures, type ReportInput } from '../buildFigures.ts'
import { marketRecord } from '../fixtures/marketRecord.ts'
import { formatStrategiesCsv } from '../formatStrategiesCsv.ts'
import type { SweepRecord } from '../writeRunFolder.ts'

const base: ReportInput['base'] = {
  mode: 'sampling',
  fee: 0.01,
  stake: 100,
  slashFraction: 0.1,
  variant: 'skip',
}
const rows = [
  { t: 10, cheat: 0.5, check: null },
  { t: 20, cheat: 0.25, check: null },
]
const withStrategies = (strategies: SweepRecord['strategies']): SweepRecord => ({
  ...marketRecord(),
  ...(strategies ? { strategies } : {}),
})
const figure = (record: SweepRecord) =>
  buildFigures({ records: [record], base }).find((f) => f.id === 'strategies')

describe('strategies over time', () => {
  it('draws the learners’ probabilities, and the equilibrium dashed where it has a closed form', () => {
    const closed = figure(
      withStrategies({
        rows: rows.map((r) => ({ ...r, check: 0.9 })),
        threshold: 0.2,
        equilibrium: { cheat: 0.1, check: 0.4 },
      }),
    )
    const data = closed?.data as { name: string; x: number[]; y: number[]; line: { dash?: string } }[]
    expect(data.map((d) => d.line.dash ?? 'solid')).toEqual(['solid', 'solid', 'dash', 'dash'])
    expect(data[0]?.y).toEqual([0.5, 0.25])
    expect(data[2]?.y).toEqual([0.1, 0.1])
    expect(data[3]?.y).toEqual([0.4, 0.4])
    expect(data[2]?.x).toEqual([0, 20])
  })

  it('says why there is no equilibrium line, and draws only the agents that learn', () => {
    const open = figure(
      withStrategies({
        rows,
        threshold: 0.2,
        equilibrium: null,
        reason: 'the closed form is for sampling, not optimistic',
      }),
    )
    expect(open?.data).toHaveLength(1)
    expect(open?.caption).toMatch(
      /No dashed equilibrium: the closed form is for sampling, not optimistic\. .*q\* = g ÷ \(f \+ P\) = 0\.2/,
    )
    expect(figure(withStrategies(undefined))).toBeUndefined()
  })

  it('gives each sweep point its own figure with its own equilibrium, at most eight', () => {
    const at = (point: number, replicate: number, threshold: number): SweepRecord => ({
      ...withStrategies({
        rows: rows.map((r) => ({ ...r, check: 0.5 })),
        threshold,
        equilibrium: { cheat: 0.1, check: threshold },
      }),
      point,
      replicate,
      params: { 'protocol.p': point / 10 },
    })
    const records = [at(0, 0, 0.2), at(0, 1, 0.9), at(1, 0, 0.3)]
    const figures = buildFigures({ records, base }).filter((f) => f.id.startsWith('strategies'))
    expect(figures.map((f) => f.id)).toEqual(['strategies-0', 'strategies-1'])
    expect(figures[1]?.title).toBe('Strategies over time: point 1 (protocol.p = 0.1)')
    // Each point's first replicate, with that point's equilibrium.
    const dashedCheck = (f: (typeof figures)[number]) => (f.data as { y: number[] }[])[3]?.y[0]
    expect(figures.map(dashedCheck)).toEqual([0.2, 0.3])
    const many = Array.from({ length: 10 }, (_, i) => at(i, 0, 0.2))
    const capped = buildFigures({ records: many, base }).filter((f) => f.id.startsWith('strategies'))
    expect(capped).toHaveLength(8)
    expect(capped.at(-1)?.caption).toMatch(/2 more sweep points have strategies in strategies\.csv/)
  })

  it('strategies.csv: a row per time with point and replicate, empty cells where nobody learns; none without learners', () => {
    const record = withStrategies({ rows, threshold: null, equilibrium: null, reason: 'x' })
    expect(formatStrategiesCsv([record])).toBe('point,replicate,t,cheat,check\n0,0,10,0.5,\n0,0,20,0.25,\n')
    expect(formatStrategiesCsv([withStrategies(undefined)])).toBeUndefined()
  })
})
