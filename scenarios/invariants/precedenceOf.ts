import type { InvariantExpr } from './types.ts'

/**
 * How tightly a node binds, the parser's levels from loosest (1, `||`) to atoms (7). The
 * formatter and evaluateInvariant's detail both use it to add exactly the parentheses the parser
 * needs to rebuild the same tree.
 */
export function precedenceOf(expr: InvariantExpr): number {
  switch (expr.kind) {
    case 'logical':
      return expr.op === '||' ? 1 : 2
    case 'comparison':
      return 3
    case 'arithmetic':
      return expr.op === '+' || expr.op === '-' ? 4 : 5
    case 'unary':
      return 6
    default:
      return 7
  }
}
