/**
 * The shapes shared by the invariant language's modules: tokens, the AST and the metric values
 * an invariant is evaluated over. Types only (plus the constant tables the grammar is defined by),
 * so every verb can import them without pulling in another verb.
 */

/** Operators and punctuation, as written. */
export type OperatorText =
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '&&'
  | '||'
  | '!'
  | '+'
  | '-'
  | '*'
  | '/'
  | '('
  | ')'
  | ','

/** `at` is the 0-based offset of the token's first character in the invariant text. */
export type Token =
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'ident'; text: string; at: number }
  | { kind: 'op'; text: OperatorText; at: number }
  | { kind: 'end'; at: number }

/** The functions the grammar knows; a call to any other name is a syntax error. */
export const INVARIANT_FUNCTIONS = ['mean', 'lower95', 'upper95', 'abs', 'min', 'max'] as const
export type InvariantFunction = (typeof INVARIANT_FUNCTIONS)[number]

/** How many arguments each function takes. */
export const FUNCTION_ARITY: Readonly<Record<InvariantFunction, number>> = {
  mean: 1,
  lower95: 1,
  upper95: 1,
  abs: 1,
  min: 2,
  max: 2,
}

/** Functions whose single argument must be a metric name: they read a metric's estimate, not a number. */
export const METRIC_FUNCTIONS: readonly InvariantFunction[] = ['mean', 'lower95', 'upper95']

export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!='
export type ArithmeticOperator = '+' | '-' | '*' | '/'
export type LogicalOperator = '&&' | '||'

/**
 * An invariant's syntax tree. Every node keeps `at`, the 0-based offset of the token that
 * introduced it (the operator of a binary node, the name of a call), so checks that run after
 * parsing can still point at the source.
 */
export type InvariantExpr =
  | { kind: 'number'; value: number; at: number }
  /** A bare metric name: its mean. */
  | { kind: 'metric'; name: string; at: number }
  | { kind: 'call'; fn: InvariantFunction; args: InvariantExpr[]; at: number }
  | { kind: 'unary'; op: '-' | '!'; operand: InvariantExpr; at: number }
  | { kind: 'arithmetic'; op: ArithmeticOperator; left: InvariantExpr; right: InvariantExpr; at: number }
  | { kind: 'comparison'; op: ComparisonOperator; left: InvariantExpr; right: InvariantExpr; at: number }
  | { kind: 'logical'; op: LogicalOperator; left: InvariantExpr; right: InvariantExpr; at: number }

/** One metric of a sweep point (see reports/aggregatePoints.ts). */
export type MetricEstimate = { mean: number | null; ci95: readonly [number, number] | null }

/**
 * A metric as an invariant reads it: a sweep point's estimate, or a single run's plain value
 * (then mean = lower95 = upper95 = the value). null means the run gives the metric no meaning.
 */
export type MetricValue = MetricEstimate | number | null

export type InvariantMetrics = Readonly<Record<string, MetricValue>>
