import type { Replica } from './runState.ts'
import { fromUnits } from './units.ts'

/** One host class's books on the jobs of one value, in tokens. */
export type ValueClassSide = {
  /** Results its hosts served (committed, dropped or not). */
  results: number
  /** Fees paid at finality plus cheat gains (hosts.cheatGain). */
  income: number
  compute: number
  /** Tokens slashed on these jobs. */
  slashed: number
}

/**
 * The books of the jobs paying one fee (a job's value): whether cheating pays at that value.
 * Honest: results of honest hosts; cheater: of lazy and adaptive hosts, as cheater_return counts.
 */
export type ValueClassTally = {
  fee: number
  results: number
  badResults: number
  slashes: number
  honest: ValueClassSide
  cheater: ValueClassSide
}

export type ValueClassEntry =
  | { kind: 'served'; replica: Replica; honestHost: boolean; compute: number }
  | { kind: 'final'; replica: Replica; honestHost: boolean; income: number }
  | { kind: 'slashed'; replica: Replica; honestHost: boolean; amount: number }

/** Add one event to the class of its job's fee, creating the class at its first job. */
export function tallyValueClass(classes: Map<bigint, ValueClassTally>, entry: ValueClassEntry): void {
  const { fee } = entry.replica.job
  let tally = classes.get(fee)
  if (!tally) {
    const side = (): ValueClassSide => ({ results: 0, income: 0, compute: 0, slashed: 0 })
    tally = { fee: fromUnits(fee), results: 0, badResults: 0, slashes: 0, honest: side(), cheater: side() }
    classes.set(fee, tally)
  }
  const side = entry.honestHost ? tally.honest : tally.cheater
  if (entry.kind === 'served') {
    tally.results++
    side.results++
    side.compute += entry.compute
    if (entry.replica.variant !== 'honest') tally.badResults++
  } else if (entry.kind === 'final') side.income += entry.income
  else {
    tally.slashes++
    side.slashed += entry.amount
  }
}
