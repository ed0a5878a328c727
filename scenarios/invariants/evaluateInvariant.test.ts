import { describe, expect, it } from 'vitest'
import { BaseError } from '../../errors/index.ts'
import type { PointSummary } from '../../reports/index.ts'
import { METRIC_NAMES, type Metrics } from '../../sim/index.ts'
import { evaluateInvariant } from './evaluateInvariant.ts'
import { parseInvariant } from './parseInvariant.ts'
import type { InvariantMetrics } from './types.ts'

// A sweep point as aggregatePoints writes it: every metric 0.5 ± 0.1 unless set below.
const point: PointSummary['metrics'] = {
  ...(Object.fromEntries(
    METRIC_NAMES.map((n) => [n, { mean: 0.5, ci95: [0.4, 0.6] }]),
  ) as PointSummary['metrics']),
  cheater_return: { mean: -0.45, ci95: [-0.5, -0.41] },
  honest_return: { mean: 0.001, ci95: [0.0007, 0.0013] },
  false_slash_rate: { mean: 0, ci95: [0, 0] },
  undetected_fraud_rate: { mean: 0.0004, ci95: [0.0001, 0.0007] },
  detection_rate: { mean: 0.93, ci95: [0.9, 0.96] },
  gas_per_job: { mean: 123456.7, ci95: null },
}

const evaluate = (text: string, metrics: InvariantMetrics = point) =>
  evaluateInvariant(parseInvariant(text), metrics)

describe('evaluateInvariant', () => {
  it('evaluates the scenario examples with their numbers in the detail', () => {
    expect(evaluate('upper95(cheater_return) < lower95(honest_return)')).toEqual({
      holds: true,
      value: true,
      detail: 'upper95(cheater_return)=-0.41 < lower95(honest_return)=0.0007',
    })
    expect(evaluate('false_slash_rate == 0')).toEqual({
      holds: true,
      value: true,
      detail: 'false_slash_rate=0 == 0',
    })
    expect(evaluate('undetected_fraud_rate < 0.001').holds).toBe(true)
    expect(evaluate('verification_overhead < 0.05')).toEqual({
      holds: false,
      value: false,
      detail: 'verification_overhead=0.5 < 0.05',
    })
  })

  it('marks the failing comparisons of a compound condition', () => {
    expect(
      evaluate('mean(detection_rate) >= 0.95 && (gas_per_job <= 150000 || verification_overhead < 0.1)'),
    ).toEqual({
      holds: false,
      value: false,
      detail:
        'mean(detection_rate)=0.93 >= 0.95 (false) && (gas_per_job=123457 <= 150000 || verification_overhead=0.5 < 0.1 (false))',
    })
    expect(evaluate('!(detection_rate > 0.9)').detail).toBe('!(detection_rate=0.93 > 0.9)')
    expect(evaluate('!(detection_rate > 0.9)').holds).toBe(false)
  })

  it('shows computed operands with their value', () => {
    expect(evaluate('abs(cheater_return - honest_return) / 2 > 0.1').detail).toBe(
      '(abs(cheater_return - honest_return) / 2)=0.2255 > 0.1',
    )
    expect(evaluate('-detection_rate < 0').detail).toBe('-detection_rate=-0.93 < 0')
  })

  it('falls back to the mean for a missing CI bound and says so', () => {
    expect(evaluate('upper95(gas_per_job) < 150000')).toEqual({
      holds: true,
      value: true,
      detail:
        'upper95(gas_per_job)=123457 < 150000; upper95(gas_per_job) fell back to the mean: no confidence interval (one replicate)',
    })
  })

  it('is undefined when a metric is, naming it', () => {
    const noCheaters = { ...point, cheater_return: { mean: null, ci95: null } }
    expect(evaluate('upper95(cheater_return) < lower95(honest_return)', noCheaters)).toEqual({
      holds: null,
      value: Number.NaN,
      detail:
        'upper95(cheater_return)=undefined < lower95(honest_return)=0.0007; cheater_return is undefined for this run',
    })
  })

  it('lets the other side decide && and || when one side is undefined (three-valued logic)', () => {
    const noCheaters = { ...point, cheater_return: { mean: null, ci95: null } }
    const falseAnd = evaluate('cheater_return < 0 && detection_rate > 0.99', noCheaters)
    expect(falseAnd.holds).toBe(false)
    expect(falseAnd.detail).toBe(
      'cheater_return=undefined < 0 (undefined) && detection_rate=0.93 > 0.99 (false); cheater_return is undefined for this run',
    )
    expect(evaluate('cheater_return < 0 && detection_rate > 0.5', noCheaters).holds).toBeNull()
    expect(evaluate('cheater_return < 0 || detection_rate > 0.5', noCheaters).holds).toBe(true)
    expect(evaluate('cheater_return < 0 || detection_rate > 0.99', noCheaters).holds).toBeNull()
    expect(evaluate('!(cheater_return < 0)', noCheaters).holds).toBeNull()
  })

  it('reads a single run: plain numbers are mean and both bounds', () => {
    const run: Metrics = {
      ...(Object.fromEntries(METRIC_NAMES.map((n) => [n, 0.5])) as Metrics),
      cheater_return: -0.2,
      honest_return: null,
    }
    expect(
      evaluate('upper95(cheater_return) < 0 && lower95(cheater_return) == mean(cheater_return)', run),
    ).toEqual({
      holds: true,
      value: true,
      detail: 'upper95(cheater_return)=-0.2 < 0 && lower95(cheater_return)=-0.2 == mean(cheater_return)=-0.2',
    })
    expect(evaluate('honest_return > 0', run).holds).toBeNull()
  })

  it('gives the value of a numeric expression without a verdict', () => {
    expect(evaluate('gas_per_job / 2')).toEqual({
      holds: null,
      value: 61728.35,
      detail: '(gas_per_job / 2)=61728 (a number, not a condition)',
    })
  })

  it('refuses a tree checkInvariant would reject', () => {
    expect(() => evaluate('detection_rate > 0 && gas_per_job')).toThrow(BaseError)
    expect(() => evaluate('detection_rate > 0 && gas_per_job')).toThrow(
      /is a number where a condition is needed/,
    )
  })
})
