import type { PeriodRow } from '../sim/index.ts'
import { createNdjsonWriter, type NdjsonWriter } from './createNdjsonWriter.ts'

export type PeriodsWriter = NdjsonWriter<PeriodRow>

/** Stream a demand-market run's closed periods to periods.ndjson, one PeriodRow per line as the run closes it. */
export function createPeriodsWriter(path: string): PeriodsWriter {
  return createNdjsonWriter(path, (row: PeriodRow) => `${JSON.stringify(row)}\n`)
}
