import { CHAIN_EPOCH } from './createRunContext.ts'
import type { Amount, ProtocolParams } from './ports.ts'
import type { EmissionSchedule, RunSpec } from './runSpec.ts'
import { toUnits } from './units.ts'

const DAY = 86_400

/**
 * The contract's emission parameters for `spec`: the rate in units per second (perDay ÷ 86,400,
 * rounded down), halvings, the burned share of fees, and a reserve twice what the schedule can
 * accrue until the run's last block (the duration, then draining: a challenge window, the longest
 * game and the referee's deadline, and one more emission period), so it never runs dry in a run.
 */
export function emissionParams(spec: RunSpec): ProtocolParams['emission'] {
  const schedule: EmissionSchedule = spec.economics.emissions
  if (schedule.kind === 'none') return { ratePerSecond: 0n, halvingInterval: 0, burnPpm: 0, reserve: 0n }
  const ratePerSecond = toUnits(schedule.perDay) / BigInt(DAY)
  const p = spec.protocol
  const horizon = Math.ceil(
    spec.duration +
      p.challengeWindow +
      32 * p.moveTimeout +
      p.refereeTimeout +
      schedule.every +
      spec.blockTime,
  )
  const reserve: Amount = 2n * ratePerSecond * BigInt(horizon)
  return {
    // Accrual starts with the run's virtual time 0, not at the ledger's earlier set-up.
    start: CHAIN_EPOCH,
    ratePerSecond,
    halvingInterval: schedule.kind === 'halving' ? schedule.halvingEvery : 0,
    burnPpm: schedule.kind === 'burnAndMint' ? Math.round(schedule.burnShare * 1_000_000) : 0,
    reserve,
  }
}
