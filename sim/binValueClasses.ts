import type { ValueClassSide, ValueClassTally } from './tallyValueClass.ts'

/** One row of the table by job value: fees in [feeMin, feeMax], returns per result served. */
export type ValueRow = {
  fee_min: number
  fee_max: number
  results: number
  bad_results: number
  slashes: number
  /** (income − compute − slashed) ÷ results, of honest hosts' results of this value; null: none. */
  honest_return_per_job: number | null
  /** The same for lazy and adaptive hosts' results, cheat gains included. */
  cheater_return_per_job: number | null
}

/**
 * The table by job value: one row per distinct fee when there are at most `maxRows`, else
 * `maxRows` log-spaced bins from the smallest fee to the largest (fees are positive), empty bins
 * left out.
 */
export function binValueClasses(classes: readonly ValueClassTally[], maxRows = 10): ValueRow[] {
  if (classes.length === 0) return []
  const fees = classes.map((c) => c.fee)
  const lo = Math.min(...fees)
  const hi = Math.max(...fees)
  const binOf = (fee: number) =>
    classes.length <= maxRows
      ? fees.indexOf(fee)
      : hi === lo
        ? 0
        : Math.min(maxRows - 1, Math.floor((Math.log(fee / lo) / Math.log(hi / lo)) * maxRows))
  const bins = new Map<number, ValueClassTally[]>()
  for (const c of classes) {
    const bin = binOf(c.fee)
    bins.set(bin, [...(bins.get(bin) ?? []), c])
  }
  const perJob = (sides: ValueClassSide[]) => {
    const results = sides.reduce((n, s) => n + s.results, 0)
    if (results === 0) return null
    return sides.reduce((sum, s) => sum + s.income - s.compute - s.slashed, 0) / results
  }
  return [...bins.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, members]) => ({
      fee_min: Math.min(...members.map((c) => c.fee)),
      fee_max: Math.max(...members.map((c) => c.fee)),
      results: members.reduce((n, c) => n + c.results, 0),
      bad_results: members.reduce((n, c) => n + c.badResults, 0),
      slashes: members.reduce((n, c) => n + c.slashes, 0),
      honest_return_per_job: perJob(members.map((c) => c.honest)),
      cheater_return_per_job: perJob(members.map((c) => c.cheater)),
    }))
}
