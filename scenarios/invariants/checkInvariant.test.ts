import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { METRIC_NAMES } from '../../sim/index.ts'
import { checkInvariant } from './checkInvariant.ts'
import { InvariantCheckError } from './errors.ts'
import { parseInvariant } from './parseInvariant.ts'

const ALL: ReadonlySet<string> = new Set(METRIC_NAMES)

function checkError(text: string, available: ReadonlySet<string> = ALL): InvariantCheckError {
  try {
    checkInvariant(parseInvariant(text), available, text)
  } catch (error) {
    if (error instanceof InvariantCheckError) return error
    throw error
  }
  throw new Error(`passed: ${text}`)
}

describe('checkInvariant', () => {
  it('accepts the scenario examples and well-typed arithmetic', () => {
    for (const text of [
      'upper95(cheater_return) < lower95(honest_return)',
      'false_slash_rate == 0',
      'undetected_fraud_rate < 0.001',
      'verification_overhead < 0.05',
      'mean(detection_rate) >= 0.9 && (gas_per_job <= 150000 || verification_overhead < 1)',
      '!(abs(cheater_return - honest_return) / max(honest_return, 1e-9) > 0.5) || -gas_per_job != min(1, 2)',
    ])
      expect(() => checkInvariant(parseInvariant(text), ALL, text)).not.toThrow()
  })

  it('suggests the closest metric for a misspelt name', () => {
    const error = checkError('upper95(cheater_retrun) < 0')
    expect(error.message).toBe("unknown metric 'cheater_retrun' (did you mean cheater_return?)")
    expect(error.column).toBe(9)
    expect(error.caret).toBe(`  upper95(cheater_retrun) < 0\n  ${' '.repeat(8)}^`)
    expect(error).toBeInstanceOf(InputError)
  })

  it('lists the available metrics when no name is close', () => {
    expect(checkError('throughput > 1', new Set(['gas_per_job', 'detection_rate'])).message).toBe(
      "unknown metric 'throughput' (available: gas_per_job, detection_rate)",
    )
  })

  it("rejects a real metric the run's mode does not produce", () => {
    const noCheaters = new Set(METRIC_NAMES.filter((m) => m !== 'cheater_return'))
    expect(checkError('cheater_return < 0', noCheaters).message).toMatch(
      /^metric 'cheater_return' is not produced by this run's mode \(available: verification_overhead, /,
    )
  })

  it('gives the caller’s reason for a missing metric, and the mode otherwise', () => {
    const noCheaters = new Set(METRIC_NAMES.filter((m) => m !== 'cheater_return' && m !== 'detection_rate'))
    const explain = (metric: string) =>
      metric === 'cheater_return' ? { reason: 'no cheating hosts', hint: 'add some' } : undefined
    const text = 'detection_rate > 0 || cheater_return < 1'
    const error = (() => {
      try {
        checkInvariant(parseInvariant('cheater_return < 1'), noCheaters, 'cheater_return < 1', explain)
      } catch (e) {
        return e as InvariantCheckError
      }
    })()
    expect(error?.message).toBe(
      "metric 'cheater_return' is not produced by this run: no cheating hosts (add some)",
    )
    expect(error?.at).toBe(0)
    expect(() => checkInvariant(parseInvariant(text), noCheaters, text, explain)).toThrow(
      /^metric 'detection_rate' is not produced by this run's mode/,
    )
  })

  it('says a bare function name is a function', () => {
    expect(checkError('mean > 1').message).toBe(
      "'mean' is a function, not a metric (call it, e.g. mean(detection_rate))",
    )
  })

  it('requires a metric name inside mean, lower95 and upper95', () => {
    const error = checkError('lower95(1) < 2')
    expect(error.message).toBe('lower95() takes a metric name, got 1 (e.g. lower95(detection_rate))')
    expect(error.column).toBe(9)
    expect(checkError('mean(gas_per_job * 2) < 2').message).toMatch(
      /^mean\(\) takes a metric name, got gas_per_job \* 2/,
    )
    expect(checkError('upper95(mean(gas_per_job)) < 2').message).toMatch(/^upper95\(\) takes a metric name/)
  })

  it.each([
    ['min(gas_per_job) < 1', 'min() takes 2 arguments, got 1'],
    ['max(1, 2, 3) < 1', 'max() takes 2 arguments, got 3'],
    ['abs() < 1', 'abs() takes 1 argument, got 0'],
    ['mean(gas_per_job, detection_rate) < 1', 'mean() takes 1 argument, got 2'],
  ])('checks the arity of %j', (text, message) => {
    expect(checkError(text).message).toBe(message)
  })

  it('rejects an invariant that is a number, not a condition', () => {
    const error = checkError('gas_per_job')
    expect(error.message).toBe(
      'an invariant must be a condition, got the number gas_per_job (compare it, e.g. gas_per_job < 1 or gas_per_job >= 0.9)',
    )
    expect(checkError('gas_per_job * 2').column).toBe(1)
    expect(checkError('-abs(gas_per_job)').message).toMatch(/got the number -abs\(gas_per_job\)/)
  })

  it.each([
    ['gas_per_job && detection_rate > 0', "'&&' needs a condition, got the number gas_per_job", 1],
    ['detection_rate > 0 || 1', "'||' needs a condition, got the number 1", 23],
    ['!gas_per_job', "'!' needs a condition, got the number gas_per_job", 2],
    ['!gas_per_job < 1', "'!' needs a condition, got the number gas_per_job", 2],
    ['-(gas_per_job < 1) < 0', "unary '-' needs a number, got the condition gas_per_job < 1", 3],
    ['(gas_per_job < 1) + 1 > 0', "'+' needs a number, got the condition gas_per_job < 1", 2],
    [
      '(gas_per_job < 1) == (detection_rate > 0)',
      "'==' needs a number, got the condition gas_per_job < 1",
      2,
    ],
    ['abs(gas_per_job < 1) > 0', 'abs() needs a number, got the condition gas_per_job < 1', 5],
  ])('rejects the type error in %j', (text, message, column) => {
    const error = checkError(text)
    expect(error.message).toBe(message)
    expect(error.column).toBe(column)
  })

  it('reports the first problem in reading order', () => {
    expect(checkError('gas_pr_job + min(1) < lower95(2)').message).toMatch(/^unknown metric 'gas_pr_job'/)
    expect(checkError('min(1) < lower95(2)').message).toMatch(/^min\(\) takes 2/)
  })

  it('works without the source text, leaving out the caret', () => {
    try {
      checkInvariant(parseInvariant('x > 1'), ALL)
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ column: 1, caret: undefined })
    }
  })
})
