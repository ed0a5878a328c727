import { precedenceOf } from './precedenceOf.ts'
import type { InvariantExpr } from './types.ts'

/**
 * An invariant as text that parseInvariant reads back to the same tree (positions aside): one
 * space around binary operators, and parentheses only where the precedence or left grouping
 * would otherwise regroup the tree. Used to show sub-expressions in details and messages.
 */
export function formatInvariant(expr: InvariantExpr): string {
  return format(expr, 0)
}

/** `expr` as text, parenthesized when it binds looser than its context requires (`min`). */
function format(expr: InvariantExpr, min: number): string {
  const own = precedenceOf(expr)
  const text = bare(expr, own)
  return own < min ? `(${text})` : text
}

function bare(expr: InvariantExpr, own: number): string {
  switch (expr.kind) {
    case 'number':
      // String() gives the shortest text that reads back as the same double (1e-7, 1e+21).
      return String(expr.value)
    case 'metric':
      return expr.name
    case 'call':
      return `${expr.fn}(${expr.args.map((a) => format(a, 0)).join(', ')})`
    case 'unary':
      return `${expr.op}${format(expr.operand, own)}`
    case 'comparison':
      // Comparisons do not chain, so neither side may itself be a comparison unparenthesized.
      return `${format(expr.left, own + 1)} ${expr.op} ${format(expr.right, own + 1)}`
    default:
      // Left-grouping: a right operand of the same level needs parentheses (a - (b - c)).
      return `${format(expr.left, own)} ${expr.op} ${format(expr.right, own + 1)}`
  }
}
