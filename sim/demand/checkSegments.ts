import { ScenarioFieldError } from '../../errors/index.ts'
import type { TokenCount } from '../runSpec.ts'
import type { Segment } from './types.ts'

type Rule = { ok: (value: number) => boolean; expected: string }

const positive: Rule = { ok: (v) => Number.isFinite(v) && v > 0, expected: 'a finite number > 0' }
const nonNegative: Rule = {
  ok: (v) => Number.isFinite(v) && v >= 0,
  expected: 'a finite number >= 0',
}

/** Field → rule and an example value for the hint, in the order the error reports them. */
const NUMBER_FIELDS: readonly [string, (s: Segment) => number, Rule, string][] = [
  ['share', (s) => s.share, { ok: (v) => v >= 0 && v <= 1, expected: 'in [0, 1]' }, '0.8'],
  ['requestRate', (s) => s.requestRate, positive, '0.01 (requests per second)'],
  ['reviewEvery', (s) => s.reviewEvery, positive, '86400 (seconds between re-evaluations: a day)'],
  ['weights.price', (s) => s.weights.price, nonNegative, '1000 (utility per token)'],
  ['weights.latency', (s) => s.weights.latency, nonNegative, '1 (utility per second of p95)'],
  ['weights.failure', (s) => s.weights.failure, nonNegative, '10 (utility per unit failed share)'],
  ['weights.fraud', (s) => s.weights.fraud, nonNegative, '2250 (utility per token of fraud loss)'],
  ['verifiableValue', (s) => s.verifiableValue, nonNegative, '0.5'],
  ['switchingCost', (s) => s.switchingCost, nonNegative, '2'],
  ['trialLength', (s) => s.trialLength, nonNegative, '604800 (seconds; 0 for no trial)'],
  ['bass.p', (s) => s.bass.p, positive, '1.16e-8 (0.03 per 30 days, per second)'],
  ['bass.q', (s) => s.bass.q, nonNegative, '1.47e-7 (0.38 per 30 days, per second; 0 for no imitation)'],
  [
    'bass.m',
    (s) => s.bass.m,
    { ok: (v) => Number.isFinite(v) && v >= 1, expected: 'a finite number >= 1' },
    '8000',
  ],
  [
    'memory.halfLife',
    (s) => s.memory.halfLife,
    { ok: (v) => v > 0, expected: '> 0 (Infinity: never forget)' },
    '259200 (3 days)',
  ],
  ['memory.slashLoss', (s) => s.memory.slashLoss, nonNegative, '0.00001 (tokens per slash seen)'],
  ['memory.incidentLoss', (s) => s.memory.incidentLoss, nonNegative, '0.0005 (tokens per incident seen)'],
]

/** Why a token count is unusable (whole tokens ≥ 1, min ≤ max), or undefined when it is fine. */
function tokenCountProblem(count: TokenCount): string | undefined {
  const whole = (n: number) => Number.isInteger(n) && n >= 1
  if ('fixed' in count)
    return whole(count.fixed) ? undefined : `must be a whole number of tokens >= 1, got ${count.fixed}`
  const [min, max] = count.uniform
  if (!whole(min) || !whole(max)) return `must be whole numbers of tokens >= 1, got [${min}, ${max}]`
  return min <= max ? undefined : `min must be at most max, got [${min}, ${max}]`
}

/**
 * The segments themselves when every field is usable and the shares sum to 1 (within 1e-9).
 * Errors name the field as `demand.segments.NAME.FIELD` so the scenario layer can place it at
 * its line; sim/ has no file to name.
 */
export function checkSegments(
  segments: Readonly<Record<string, Segment>>,
): Readonly<Record<string, Segment>> {
  const names = Object.keys(segments)
  if (names.length === 0)
    throw new ScenarioFieldError('there must be at least one segment', {
      fieldPath: 'demand.segments',
      hint: 'e.g. experimental: {} and production: {} for the defaults',
    })
  const fail = (name: string, field: string, reason: string, hint: string): never => {
    throw new ScenarioFieldError(reason, { fieldPath: `demand.segments.${name}.${field}`, hint })
  }
  for (const name of names) {
    const segment = segments[name] as Segment
    for (const [field, read, rule, example] of NUMBER_FIELDS) {
      const value = read(segment)
      if (!rule.ok(value)) fail(name, field, `must be ${rule.expected}, got ${value}`, `e.g. ${example}`)
    }
    if (typeof segment.workload !== 'string' || segment.workload === '')
      fail(name, 'workload', 'must name a model', 'e.g. workload: model')
    if (segment.requestSize !== null) {
      for (const part of ['prompt', 'outputTokens'] as const) {
        const problem = tokenCountProblem(segment.requestSize[part])
        if (problem)
          fail(name, `requestSize.${part}`, problem, 'e.g. { fixed: 16 } or { uniform: [8, 32] } (tokens)')
      }
    }
    const rule = segment.conversion
    if (rule !== null) {
      if (!Object.hasOwn(segments, rule.into) || rule.into === name)
        fail(
          name,
          'conversion.into',
          `must name another segment, got ${JSON.stringify(rule.into)}`,
          `one of: ${names.filter((n) => n !== name).join(', ') || '(no other segment)'}`,
        )
      if (!(rule.failedShareBelow > 0 && rule.failedShareBelow <= 1))
        fail(
          name,
          'conversion.failedShareBelow',
          `must lie in (0, 1], got ${rule.failedShareBelow}`,
          'e.g. 0.02',
        )
      if (!(rule.p95LatencyBelow > 0))
        fail(
          name,
          'conversion.p95LatencyBelow',
          `must be > 0 seconds, got ${rule.p95LatencyBelow}`,
          'e.g. 10',
        )
      if (!(Number.isInteger(rule.minRequests) && rule.minRequests >= 1))
        fail(name, 'conversion.minRequests', `must be an integer >= 1, got ${rule.minRequests}`, 'e.g. 100')
      if (segment.trialLength === 0)
        fail(
          name,
          'trialLength',
          'must be > 0 for a segment that converts after a trial',
          'e.g. 604800 (7 days)',
        )
    }
  }
  const total = names.reduce((sum, name) => sum + (segments[name] as Segment).share, 0)
  if (Math.abs(total - 1) > 1e-9)
    throw new ScenarioFieldError(
      `segment shares must sum to 1, got ${names.map((n) => `${n} ${(segments[n] as Segment).share}`).join(' + ')} = ${Number(total.toPrecision(12))}`,
      { fieldPath: 'demand.segments', hint: 'scale the shares so they add up to 1' },
    )
  return segments
}
