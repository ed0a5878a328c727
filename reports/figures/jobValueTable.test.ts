import { describe, expect, it } from 'vitest'
import { buildFigures, type ReportInput } from '../buildFigures.ts'
import { marketRecord } from '../fixtures/marketRecord.ts'

const base: ReportInput['base'] = {
  mode: 'sampling',
  fee: 0.3,
  stake: 100,
  slashFraction: 0.1,
  variant: 'skip',
}
const row = (fee: number, cheater: number | null) => ({
  fee_min: fee,
  fee_max: fee,
  results: 10,
  bad_results: 4,
  slashes: 1,
  honest_return_per_job: fee,
  cheater_return_per_job: cheater,
})

describe('jobValueTable', () => {
  it('tabulates a single point’s returns by job value, and nothing without a fee draw or for a sweep', () => {
    const withTable = { ...marketRecord(), value_table: [row(0.01, -0.5), row(0.5, 0.7)] }
    const figure = buildFigures({ records: [withTable], base }).find((f) => f.id === 'job-value-0-0')
    expect(figure?.table?.rows).toEqual([
      ['0.010', '10', '4', '1', '0.010', '-0.500'],
      ['0.500', '10', '4', '1', '0.500', '0.700'],
    ])
    expect(buildFigures({ records: [marketRecord()], base }).some((f) => f.id.startsWith('job-value'))).toBe(
      false,
    )
    const sweep = [withTable, { ...marketRecord(1, { 'protocol.p': 0.5 }), value_table: [row(1, null)] }]
    expect(buildFigures({ records: sweep, base }).some((f) => f.id.startsWith('job-value'))).toBe(false)
  })
})
