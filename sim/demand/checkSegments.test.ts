import { describe, expect, it } from 'vitest'
import { InputError, ScenarioFieldError } from '../../errors/index.ts'
import { checkSegments } from './checkSegments.ts'
import { DEFAULT_SEGMENTS, EXPERIMENTAL_SEGMENT, PRODUCTION_SEGMENT } from './defaultSegments.ts'
import type { Segment } from './types.ts'

/** The defaults with one field of the experimental segment replaced. */
function withExperimental(change: (s: Segment) => Segment): Record<string, Segment> {
  return { experimental: change(EXPERIMENTAL_SEGMENT), production: PRODUCTION_SEGMENT }
}

function errorOf(run: () => unknown): ScenarioFieldError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFieldError)
    expect(error).toBeInstanceOf(InputError)
    return error as ScenarioFieldError
  }
  throw new Error('expected checkSegments to throw')
}

describe('checkSegments', () => {
  it('accepts the default segments and returns them', () => {
    expect(checkSegments(DEFAULT_SEGMENTS)).toBe(DEFAULT_SEGMENTS)
  })

  it('accepts shares that sum to 1 within 1e-9 and refuses a larger gap, naming every share', () => {
    const near = { ...DEFAULT_SEGMENTS, experimental: { ...EXPERIMENTAL_SEGMENT, share: 0.8 + 5e-10 } }
    expect(checkSegments(near)).toBe(near)
    const error = errorOf(() => checkSegments(withExperimental((s) => ({ ...s, share: 0.7 }))))
    expect(error.fieldPath).toBe('demand.segments')
    expect(error.reason).toMatch(/must sum to 1, got experimental 0.7 \+ production 0.2 = 0.9/)
    expect(error.hint).toMatch(/add up to 1/)
  })

  const bad: [string, (s: Segment) => Segment, RegExp][] = [
    ['bass.q', (s) => ({ ...s, bass: { ...s.bass, q: -0.1 } }), /must be a finite number >= 0, got -0.1/],
    ['bass.p', (s) => ({ ...s, bass: { ...s.bass, p: 0 } }), /must be a finite number > 0, got 0/],
    ['bass.m', (s) => ({ ...s, bass: { ...s.bass, m: 0.5 } }), />= 1, got 0.5/],
    ['requestRate', (s) => ({ ...s, requestRate: Number.NaN }), /got NaN/],
    ['weights.price', (s) => ({ ...s, weights: { ...s.weights, price: -1 } }), /got -1/],
    [
      'weights.fraud',
      (s) => ({ ...s, weights: { ...s.weights, fraud: Number.POSITIVE_INFINITY } }),
      /Infinity/,
    ],
    ['switchingCost', (s) => ({ ...s, switchingCost: -2 }), /got -2/],
    ['memory.halfLife', (s) => ({ ...s, memory: { ...s.memory, halfLife: 0 } }), /> 0/],
    ['workload', (s) => ({ ...s, workload: '' }), /must name a model/],
    [
      'conversion.into',
      (s) => ({
        ...s,
        conversion: { ...(s.conversion as NonNullable<Segment['conversion']>), into: 'prod' },
      }),
      /another segment, got "prod"/,
    ],
    [
      'conversion.minRequests',
      (s) => ({
        ...s,
        conversion: { ...(s.conversion as NonNullable<Segment['conversion']>), minRequests: 1.5 },
      }),
      /integer >= 1, got 1.5/,
    ],
    [
      'conversion.failedShareBelow',
      (s) => ({
        ...s,
        conversion: { ...(s.conversion as NonNullable<Segment['conversion']>), failedShareBelow: 0 },
      }),
      /\(0, 1\], got 0/,
    ],
    ['trialLength', (s) => ({ ...s, trialLength: 0 }), /converts after a trial/],
    ['reviewEvery', (s) => ({ ...s, reviewEvery: 0 }), /must be a finite number > 0, got 0/],
    [
      'requestSize.prompt',
      (s) => ({ ...s, requestSize: { prompt: { fixed: 0 }, outputTokens: { fixed: 8 } } }),
      /whole number of tokens >= 1, got 0/,
    ],
    [
      'requestSize.outputTokens',
      (s) => ({ ...s, requestSize: { prompt: { fixed: 4 }, outputTokens: { uniform: [9, 8] } } }),
      /min must be at most max, got \[9, 8\]/,
    ],
    [
      'requestSize.prompt',
      (s) => ({ ...s, requestSize: { prompt: { uniform: [1.5, 8] }, outputTokens: { fixed: 8 } } }),
      /whole numbers of tokens >= 1, got \[1.5, 8\]/,
    ],
    [
      'conversion.into',
      (s) => ({
        ...s,
        conversion: { ...(s.conversion as NonNullable<Segment['conversion']>), into: 'toString' },
      }),
      /another segment, got "toString"/,
    ],
  ]
  it.each(bad)(
    'refuses a bad %s, naming demand.segments.experimental.FIELD with a hint',
    (field, change, reason) => {
      const error = errorOf(() => checkSegments(withExperimental(change)))
      expect(error.fieldPath).toBe(`demand.segments.experimental.${field}`)
      expect(error.reason).toMatch(reason)
      expect(error.hint).toBeTruthy()
      expect(error.message).toContain(`demand.segments.experimental.${field}`)
    },
  )

  it('accepts a request size of whole tokens, fixed or uniform', () => {
    const sized = withExperimental((s) => ({
      ...s,
      requestSize: { prompt: { uniform: [4, 4] }, outputTokens: { fixed: 1 } },
    }))
    expect(checkSegments(sized)).toBe(sized)
  })

  it('refuses an empty set of segments', () => {
    expect(errorOf(() => checkSegments({})).fieldPath).toBe('demand.segments')
  })
})
