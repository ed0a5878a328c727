import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateInvariant } from './evaluateInvariant.ts'
import { margin } from './margin.ts'
import { parseInvariant } from './parseInvariant.ts'
import type { ComparisonOperator, InvariantExpr, InvariantMetrics, MetricValue } from './types.ts'

const metrics: InvariantMetrics = {
  a: { mean: 2, ci95: [1, 3] },
  b: { mean: 5, ci95: [4, 6] },
  none: null,
}

const m = (text: string, values: InvariantMetrics = metrics) => margin(parseInvariant(text), values)

describe('margin', () => {
  it('is how far each comparison holds, negative when violated', () => {
    expect(m('a < b')).toBe(3)
    expect(m('a <= b')).toBe(3)
    expect(m('a > b')).toBe(-3)
    expect(m('a >= b')).toBe(-3)
    expect(m('upper95(a) < lower95(b)')).toBe(1)
    expect(m('a == 2')).toBe(0)
    expect(m('a == b')).toBe(-3)
    expect(m('a != b')).toBe(3)
    // At the boundary a strict comparison is violated with margin 0.
    expect(m('a < 2')).toBe(0)
  })

  it('takes the minimum over && and the maximum over ||', () => {
    expect(m('a < 10 && b < 6')).toBe(1)
    expect(m('a < 10 || b < 6')).toBe(8)
    expect(m('a > 10 || b < 4')).toBe(-1)
    expect(m('a < 3 && (b > 10 || b < 5.5)')).toBe(0.5)
  })

  it('negates under !, as !(a < b) is a >= b', () => {
    expect(m('!(a < b)')).toBe(-3)
    expect(m('!(a < b)')).toBe(m('a >= b'))
  })

  it('is null when undefined, unless the known side decides', () => {
    expect(m('none < 1')).toBeNull()
    expect(m('none < 1 && a > 10')).toBe(-8)
    expect(m('none < 1 && a < 10')).toBeNull()
    expect(m('none < 1 || a < 10')).toBe(8)
    expect(m('none < 1 || a > 10')).toBeNull()
    expect(m('!(none < 1)')).toBeNull()
  })

  it('needs a condition', () => {
    expect(() => m('a + 1')).toThrow(/has no margin/)
  })

  it('agrees with evaluateInvariant: positive holds, negative fails, undefined stays undefined', () => {
    const values = fc.oneof(
      fc.constant(null),
      fc.integer({ min: -5, max: 5 }),
      fc.record({
        mean: fc.option(fc.integer({ min: -5, max: 5 })),
        ci95: fc.option(fc.tuple(fc.integer({ min: -9, max: 0 }), fc.integer({ min: 0, max: 9 }))),
      }),
    ) as fc.Arbitrary<MetricValue>
    const at = 0
    const { number } = fc.letrec<{ number: InvariantExpr }>((tie) => ({
      number: fc.oneof(
        { depthSize: 'small' },
        fc.integer({ min: 0, max: 6 }).map((value): InvariantExpr => ({ kind: 'number', value, at })),
        fc.constantFrom('x', 'y', 'z').map((name): InvariantExpr => ({ kind: 'metric', name, at })),
        fc
          .tuple(fc.constantFrom('mean', 'lower95', 'upper95' as const), fc.constantFrom('x', 'y', 'z'))
          .map(
            ([fn, name]): InvariantExpr => ({ kind: 'call', fn, args: [{ kind: 'metric', name, at }], at }),
          ),
        fc
          .tuple(fc.constantFrom('+', '-', '*', '/' as const), tie('number'), tie('number'))
          .map(([op, left, right]): InvariantExpr => ({ kind: 'arithmetic', op, left, right, at })),
        fc
          .tuple(fc.constantFrom('min', 'max' as const), tie('number'), tie('number'))
          .map(([fn, l, r]): InvariantExpr => ({ kind: 'call', fn, args: [l, r], at })),
        tie('number').map((operand): InvariantExpr => ({ kind: 'unary', op: '-', operand, at })),
      ),
    }))
    const { condition } = fc.letrec<{ condition: InvariantExpr }>((tie) => ({
      condition: fc.oneof(
        { depthSize: 'small' },
        fc
          .tuple(fc.constantFrom<ComparisonOperator>('<', '<=', '>', '>=', '==', '!='), number, number)
          .map(([op, left, right]): InvariantExpr => ({ kind: 'comparison', op, left, right, at })),
        fc
          .tuple(fc.constantFrom('&&', '||' as const), tie('condition'), tie('condition'))
          .map(([op, left, right]): InvariantExpr => ({ kind: 'logical', op, left, right, at })),
        tie('condition').map((operand): InvariantExpr => ({ kind: 'unary', op: '!', operand, at })),
      ),
    }))
    fc.assert(
      fc.property(condition, values, values, values, (tree, x, y, z) => {
        const point = { x, y, z }
        const { holds } = evaluateInvariant(tree, point)
        const room = margin(tree, point)
        if (room !== null && room > 0) expect(holds).toBe(true)
        if (room !== null && room < 0) expect(holds).toBe(false)
        if (holds === null) expect(room).toBeNull()
      }),
      { numRuns: 1000 },
    )
  })
})
