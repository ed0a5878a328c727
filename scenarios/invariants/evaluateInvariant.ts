import { BaseError } from '../../errors/index.ts'
import { evaluateNumeric } from './evaluateNumeric.ts'
import { formatInvariant } from './formatInvariant.ts'
import { precedenceOf } from './precedenceOf.ts'
import type { ComparisonOperator, InvariantExpr, InvariantMetrics } from './types.ts'

export type InvariantResult = {
  /** Whether the invariant holds; null when it cannot be decided (an undefined metric decides it). */
  holds: boolean | null
  /**
   * The expression's value: a boolean for a condition, a number for a numeric expression (which
   * checkInvariant rejects as an invariant but is handy to inspect); NaN when undefined.
   */
  value: number | boolean
  /** The expression with its evaluated numbers, then why anything was undefined or approximate. */
  detail: string
}

type Judged = { value: boolean | null; text: string }

/**
 * Evaluate a checked invariant over one run's metrics or one sweep point's estimates. Logic is
 * three-valued (Kleene): a comparison with an undefined side is undefined, `false && undefined`
 * is false and `true || undefined` is true, because the other side decides them whatever the
 * missing value would have been.
 */
export function evaluateInvariant(expr: InvariantExpr, metrics: InvariantMetrics): InvariantResult {
  const notes = new Set<string>()
  // Compound conditions mark which comparisons failed, so the detail shows the culprit.
  const compound = expr.kind === 'logical' || expr.kind === 'unary'

  const operand = (e: InvariantExpr): string => {
    if (e.kind === 'number') return String(e.value)
    const v = evaluateNumeric(e, metrics, notes)
    const text = formatInvariant(e)
    return `${e.kind === 'arithmetic' ? `(${text})` : text}=${v === null ? 'undefined' : formatNumber(v)}`
  }

  const judge = (e: InvariantExpr): Judged => {
    switch (e.kind) {
      case 'comparison': {
        const l = evaluateNumeric(e.left, metrics, notes)
        const r = evaluateNumeric(e.right, metrics, notes)
        const value = l === null || r === null ? null : compare(e.op, l, r)
        const mark = compound && value !== true ? ` (${value === null ? 'undefined' : 'false'})` : ''
        return { value, text: `${operand(e.left)} ${e.op} ${operand(e.right)}${mark}` }
      }
      case 'logical': {
        const own = precedenceOf(e)
        const l = judge(e.left)
        const r = judge(e.right)
        const value = e.op === '&&' ? and(l.value, r.value) : or(l.value, r.value)
        return { value, text: `${wrap(e.left, l.text, own)} ${e.op} ${wrap(e.right, r.text, own + 1)}` }
      }
      case 'unary':
        if (e.op === '!') {
          const inner = judge(e.operand)
          return {
            value: inner.value === null ? null : !inner.value,
            text: `!${wrap(e.operand, inner.text, 6)}`,
          }
        }
        throw notCondition(e)
      default:
        throw notCondition(e)
    }
  }

  const isCondition =
    expr.kind === 'comparison' || expr.kind === 'logical' || (expr.kind === 'unary' && expr.op === '!')
  if (!isCondition) {
    const v = evaluateNumeric(expr, metrics, notes)
    const detail = withNotes(`${operand(expr)} (a number, not a condition)`, notes)
    return { holds: null, value: v ?? Number.NaN, detail }
  }
  const { value, text } = judge(expr)
  return { holds: value, value: value ?? Number.NaN, detail: withNotes(text, notes) }
}

function compare(op: ComparisonOperator, l: number, r: number): boolean {
  switch (op) {
    case '<':
      return l < r
    case '<=':
      return l <= r
    case '>':
      return l > r
    case '>=':
      return l >= r
    case '==':
      return l === r
    case '!=':
      return l !== r
  }
}

function and(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false
  return a === null || b === null ? null : true
}

function or(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true
  return a === null || b === null ? null : false
}

/** Parenthesize a sub-condition's text exactly where the formatter would. */
function wrap(e: InvariantExpr, text: string, min: number): string {
  return precedenceOf(e) < min ? `(${text})` : text
}

function withNotes(text: string, notes: Set<string>): string {
  return notes.size === 0 ? text : `${text}; ${[...notes].join('; ')}`
}

/**
 * A number short enough to read in a one-line detail: four significant digits, or all the
 * integer digits of a large one (150000, not 1.5e+5), without trailing zeros.
 */
function formatNumber(v: number): string {
  if (!Number.isFinite(v) || v === 0) return String(v)
  const integerDigits = Math.floor(Math.log10(Math.abs(v))) + 1
  return String(Number(v.toPrecision(Math.min(21, Math.max(4, integerDigits)))))
}

function notCondition(e: InvariantExpr): BaseError {
  return new BaseError(
    `'${formatInvariant(e)}' is a number where a condition is needed (run checkInvariant first)`,
  )
}
