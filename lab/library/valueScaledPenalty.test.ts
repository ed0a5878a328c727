import { describe, expect, it } from 'vitest'
import { checkProbabilityOf, penaltyOf, type RunSpec, type ValueRow } from '../../sim/index.ts'
import { runScenarioFile } from '../index.ts'

const file = 'scenarios/library/value-scaled-penalty.yaml'

/**
 * What a lazy host (cheatRate 1) earns per job of fee `fee`, in expectation, and the spread of one
 * job's outcome: checked with probability q it is slashed `penalty` and refunded; otherwise it is
 * paid the fee plus cheatGain × fee. Its compute is the cheat variant's.
 */
function expectedCheater(spec: RunSpec, fee: number, cheatCompute: number) {
  const q = checkProbabilityOf(spec.protocol, fee)
  const penalty = penaltyOf(spec.protocol, fee, spec.hosts.stake)
  const paid = (1 + spec.hosts.cheatGain) * fee
  return { mean: (1 - q) * paid - q * penalty - cheatCompute, sd: (paid + penalty) * Math.sqrt(q * (1 - q)) }
}

describe('library: value-scaled penalty', () => {
  it('deters cheating at every job value under valueScaled, while a fixed slash pays below the threshold', async () => {
    const check = async (rule: 'valueScaled' | 'fixed') => {
      const { spec, result } = await runScenarioFile(file, { 'protocol.slashRule': rule })
      const rows = result.valueTable as ValueRow[]
      const { flops } = result.model
      const cost = spec.economics.costPerFlop
      const honestCompute = (flops.honest ?? 0) * cost
      const cheatCompute = (flops[spec.hosts.variant] ?? 0) * cost
      // Every fee the requesters chose is a row (four choices among twelve requesters, this seed).
      expect(rows.map((r) => r.fee_min)).toEqual([0.01, 0.1, 0.5, 2])
      return rows.map((row) => {
        const fee = row.fee_min
        const expected = expectedCheater(spec, fee, cheatCompute)
        // Lazy hosts cheat on every job: their results are the bad ones. 4 standard errors, or
        // rounding for a class that is always checked (its outcome is certain).
        const tolerance = Math.max(1e-6, (4 * expected.sd) / Math.sqrt(row.bad_results))
        expect(
          Math.abs((row.cheater_return_per_job as number) - expected.mean),
          `${rule}, fee ${fee}: measured ${row.cheater_return_per_job}, expected ${expected.mean} ± ${tolerance}`,
        ).toBeLessThanOrEqual(tolerance)
        // Honest hosts are paid every job and never slashed.
        expect(row.honest_return_per_job as number).toBeCloseTo(fee - honestCompute, 9)
        return { fee, pays: (row.cheater_return_per_job as number) > (row.honest_return_per_job as number) }
      })
    }
    const scaled = await check('valueScaled')
    expect(scaled.filter((c) => c.pays)).toEqual([])
    const fixed = await check('fixed')
    // A fixed 0.5-token slash: cheating pays on the 0.5-token jobs, checked with p = 0.2, not on
    // the cheap ones, nor on the 2-token jobs, checked always.
    expect(fixed).toEqual([
      { fee: 0.01, pays: false },
      { fee: 0.1, pays: false },
      { fee: 0.5, pays: true },
      { fee: 2, pays: false },
    ])
  }, 180_000)
})
