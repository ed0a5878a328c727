import { BaseError } from '../../errors/index.ts'
import { evaluateNumeric } from './evaluateNumeric.ts'
import { formatInvariant } from './formatInvariant.ts'
import type { InvariantExpr, InvariantMetrics } from './types.ts'

/**
 * How far a checked invariant is from failing, in the units of its comparisons, for `verisim
 * tune` to climb: positive when it holds with room to spare, negative when violated.
 * - `a < b`, `a <= b`: b − a; `a > b`, `a >= b`: a − b (a strict comparison at 0 is violated);
 * - `a == b`: −|a − b| (0 at best); `a != b`: |a − b|;
 * - `x && y`: the smaller margin (both must hold); `x || y`: the larger (either will do);
 * - `!x`: −margin(x), as `!(a < b)` is `a >= b`.
 * null when undefined for this run, except that a known side decides `&&` when it is violated
 * and `||` when it holds (as in evaluateInvariant's three-valued logic).
 */
export function margin(expr: InvariantExpr, metrics: InvariantMetrics): number | null {
  const notes = new Set<string>()
  const of = (e: InvariantExpr): number | null => {
    switch (e.kind) {
      case 'comparison': {
        const l = evaluateNumeric(e.left, metrics, notes)
        const r = evaluateNumeric(e.right, metrics, notes)
        if (l === null || r === null) return null
        if (e.op === '<' || e.op === '<=') return r - l
        if (e.op === '>' || e.op === '>=') return l - r
        return e.op === '==' ? 0 - Math.abs(l - r) : Math.abs(l - r)
      }
      case 'logical': {
        const l = of(e.left)
        const r = of(e.right)
        if (l !== null && r !== null) return e.op === '&&' ? Math.min(l, r) : Math.max(l, r)
        const known = l ?? r
        if (known === null) return null
        // One side alone decides && only if it is violated, and || only if it holds.
        return (e.op === '&&' ? known < 0 : known > 0) ? known : null
      }
      case 'unary':
        if (e.op === '!') {
          const inner = of(e.operand)
          return inner === null ? null : -inner
        }
        throw notCondition(e)
      default:
        throw notCondition(e)
    }
  }
  return of(expr)
}

function notCondition(e: InvariantExpr): BaseError {
  return new BaseError(`'${formatInvariant(e)}' has no margin: it is a number, not a condition`)
}
