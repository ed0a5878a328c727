/**
 * Cumulative figures of every host at one entry check: income (fees + emissions), the fees alone
 * and compute cost, tokens.
 */
export type ProfitSnapshot = { t: number; income: Float64Array; fees: Float64Array; compute: Float64Array }

export const SECONDS_PER_DAY = 86_400

/**
 * Host `host`'s profit in tokens per day between two snapshots: (fees + emissions − compute) per
 * day, less what holding `stake` tokens costs (`stakeCostPerDay` per token per day: the return the
 * bond would earn elsewhere). Fees count when paid, at finalization, so a window should be well
 * longer than the challenge window.
 */
export function trailingProfit(
  from: ProfitSnapshot,
  to: ProfitSnapshot,
  host: number,
  stake: number,
  stakeCostPerDay: number,
): number {
  const days = (to.t - from.t) / SECONDS_PER_DAY
  if (!(days > 0)) return 0
  const income = (to.income[host] as number) - (from.income[host] as number)
  const compute = (to.compute[host] as number) - (from.compute[host] as number)
  return (income - compute) / days - stake * stakeCostPerDay
}
