import { SECONDS_PER_DAY } from './trailingProfit.ts'

/** What the whole network took in and spent over one window, tokens. */
export type NetworkWindow = {
  seconds: number
  /** Fees paid to every host over the window. */
  fees: number
  /** Compute every host spent over the window. */
  compute: number
  /** What the public emission schedule pays all hosts over the window. */
  emission: number
}

/**
 * Tokens per day a host entering now would expect: an equal share, among the `competitors`
 * already serving and itself, of the network's fees and scheduled emissions less its compute over
 * the last window, less what its `stake` costs to hold. It reads public figures (fees and work on
 * chain, the emission schedule), not other hosts' books, and it is defined with no host at all: a
 * network every host left can be re-entered when its emissions alone would pay.
 */
export function entrantProfit(
  window: NetworkWindow,
  competitors: number,
  stake: number,
  stakeCostPerDay: number,
): number {
  const days = window.seconds / SECONDS_PER_DAY
  if (!(days > 0)) return 0
  const share = (window.fees + window.emission - window.compute) / (competitors + 1)
  return share / days - stake * stakeCostPerDay
}
