import { InvariantSyntaxError } from './errors.ts'
import { findClosestName } from './findClosestName.ts'
import { tokenizeInvariant } from './tokenizeInvariant.ts'
import {
  type ArithmeticOperator,
  type ComparisonOperator,
  FUNCTION_ARITY,
  INVARIANT_FUNCTIONS,
  type InvariantExpr,
  type Token,
} from './types.ts'

type OpToken = Extract<Token, { kind: 'op' }>

const COMPARISONS: readonly string[] = ['<', '<=', '>', '>=', '==', '!=']
// Deeper than any invariant a person writes; keeps hostile input from overflowing the stack.
const MAX_DEPTH = 200
// Left-grouped chains (`a + a + ...`) nest one level per operator without any brackets, and
// evaluating or printing the tree recurses per level: a bound on length bounds that depth too.
const MAX_TOKENS = 1000

/**
 * The syntax tree of an invariant, by recursive descent with the usual precedence, loosest
 * first: `||`, `&&`, comparisons, `+ -`, `* /`, unary `- !`. Binary operators group to the left.
 * Comparisons do not chain (`a < b < c` is an error, not `(a < b) < c`), since the chained reading
 * is never what is meant. Only syntax is checked here; names, arity and types are checkInvariant's.
 */
export function parseInvariant(text: string): InvariantExpr {
  const tokens = tokenizeInvariant(text)
  let pos = 0
  let depth = 0

  const peek = (): Token => tokens[pos] as Token
  const isOp = (t: Token, ...ops: string[]): t is OpToken => t.kind === 'op' && ops.includes(t.text)
  const fail = (problem: string, token: Token, hint?: string): never => {
    throw new InvariantSyntaxError(problem, {
      text,
      at: token.at,
      found: describe(token),
      ...(hint ? { hint } : {}),
    })
  }
  const consume = (op: string): Token => {
    const t = peek()
    if (!isOp(t, op)) fail(`expected '${op}'`, t)
    pos++
    return t
  }
  const nested = <T>(parse: () => T): T => {
    if (++depth > MAX_DEPTH)
      throw new InvariantSyntaxError('expression nested too deeply', { text, at: peek().at })
    const result = parse()
    depth--
    return result
  }

  const logical = (op: '||' | '&&', operand: () => InvariantExpr) => (): InvariantExpr => {
    let left = operand()
    while (isOp(peek(), op)) {
      const at = peek().at
      pos++
      left = { kind: 'logical', op, left, right: operand(), at }
    }
    return left
  }

  const comparison = (): InvariantExpr => {
    const left = additive()
    const t = peek()
    if (t.kind !== 'op' || !COMPARISONS.includes(t.text)) return left
    pos++
    const right = additive()
    const next = peek()
    if (next.kind === 'op' && COMPARISONS.includes(next.text)) {
      throw new InvariantSyntaxError('comparisons do not chain', {
        text,
        at: next.at,
        hint: 'join them with &&, e.g. a < b && b < c',
      })
    }
    return { kind: 'comparison', op: t.text as ComparisonOperator, left, right, at: t.at }
  }

  const arithmetic = (ops: ArithmeticOperator[], operand: () => InvariantExpr) => (): InvariantExpr => {
    let left = operand()
    for (let t = peek(); isOp(t, ...ops); t = peek()) {
      pos++
      left = { kind: 'arithmetic', op: t.text as ArithmeticOperator, left, right: operand(), at: t.at }
    }
    return left
  }

  const unary = (): InvariantExpr => {
    const t = peek()
    if (!isOp(t, '-', '!')) return primary()
    pos++
    return { kind: 'unary', op: t.text as '-' | '!', operand: nested(unary), at: t.at }
  }

  const primary = (): InvariantExpr => {
    const t = peek()
    if (t.kind === 'number') {
      pos++
      return { kind: 'number', value: t.value, at: t.at }
    }
    if (t.kind === 'ident') {
      pos++
      if (!isOp(peek(), '(')) return { kind: 'metric', name: t.text, at: t.at }
      const fn = INVARIANT_FUNCTIONS.find((f) => f === t.text)
      if (!fn) {
        const near = findClosestName(t.text, INVARIANT_FUNCTIONS)
        throw new InvariantSyntaxError(`unknown function '${t.text}'`, {
          text,
          at: t.at,
          hint: near ? `did you mean ${near}?` : `the functions are ${INVARIANT_FUNCTIONS.join(', ')}`,
        })
      }
      return { kind: 'call', fn, args: callArguments(FUNCTION_ARITY[fn]), at: t.at }
    }
    if (isOp(t, '(')) {
      pos++
      const inner = nested(expression)
      consume(')')
      return inner
    }
    return fail('expected a number, metric or (', t)
  }

  /** `( [expr {, expr}] )`; any count is accepted here so arity errors can name the function. */
  const callArguments = (arity: number): InvariantExpr[] => {
    consume('(')
    const args: InvariantExpr[] = []
    if (isOp(peek(), ')')) {
      pos++
      return args
    }
    for (;;) {
      args.push(nested(expression))
      if (isOp(peek(), ')')) break
      // Once a function has all its arguments, the only sensible next token is ')'.
      if (!isOp(peek(), ',')) fail(args.length >= arity ? `expected ')'` : `expected ',' or ')'`, peek())
      pos++
    }
    pos++
    return args
  }

  const multiplicative = arithmetic(['*', '/'], unary)
  const additive = arithmetic(['+', '-'], multiplicative)
  const conjunction = logical('&&', comparison)
  const expression = logical('||', conjunction)

  const result = expression()
  const rest = peek()
  if (rest.kind !== 'end') {
    if (isOp(rest, ')')) throw new InvariantSyntaxError(`unmatched ')'`, { text, at: rest.at })
    fail('expected an operator', rest)
  }
  // Checked after parsing, so that too deep brackets are reported as such.
  if (tokens.length > MAX_TOKENS) {
    throw new InvariantSyntaxError(
      `expression too long (${tokens.length - 1} tokens, at most ${MAX_TOKENS})`,
      {
        text,
        at: (tokens[MAX_TOKENS] as Token).at,
        hint: 'split it into several invariants',
      },
    )
  }
  return result
}

/** A token as the error message shows it. */
function describe(t: Token): string {
  if (t.kind === 'end') return 'end of input'
  return `'${t.text}'`
}
