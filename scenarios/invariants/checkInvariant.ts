import { METRIC_NAMES } from '../../sim/index.ts'
import { InvariantCheckError } from './errors.ts'
import { findClosestName } from './findClosestName.ts'
import { formatInvariant } from './formatInvariant.ts'
import { FUNCTION_ARITY, INVARIANT_FUNCTIONS, type InvariantExpr, METRIC_FUNCTIONS } from './types.ts'

type ValueType = 'number' | 'boolean'

/** Why a known metric is missing from a run, in the scenario's terms, and how to get it. */
export type MissingMetric = { reason: string; hint: string }

const KNOWN_METRICS: ReadonlySet<string> = new Set(METRIC_NAMES)

/**
 * Reject, before any run, an invariant that could never be evaluated: a metric the run's mode
 * does not produce (`available`), a function given the wrong number of arguments or a number
 * where it needs a metric name, a number where a true/false is needed or the reverse, and above
 * all an invariant that is not a condition at all. Throws an InvariantCheckError for the first
 * problem in reading order; `source`, the invariant's text, gives the error its caret picture.
 * `explainMissing` says why a known metric is not produced (no cheating hosts, say), which the
 * caller knows from the run and this module does not; without it the message blames the mode.
 */
export function checkInvariant(
  expr: InvariantExpr,
  available: ReadonlySet<string>,
  source?: string,
  explainMissing?: (metric: string) => MissingMetric | undefined,
): void {
  const fail = (problem: string, at: number, hint?: string): never => {
    throw new InvariantCheckError(problem, { text: source, at, ...(hint ? { hint } : {}) })
  }

  const metric = (name: string, at: number): void => {
    if (available.has(name)) return
    if ((INVARIANT_FUNCTIONS as readonly string[]).includes(name))
      fail(`'${name}' is a function, not a metric`, at, `call it, e.g. ${name}(detection_rate)`)
    if (KNOWN_METRICS.has(name)) {
      const why = explainMissing?.(name)
      if (why) fail(`metric '${name}' is not produced by this run: ${why.reason}`, at, why.hint)
      fail(
        `metric '${name}' is not produced by this run's mode`,
        at,
        `available: ${[...available].join(', ') || 'none'}`,
      )
    }
    const near = findClosestName(name, available)
    fail(
      `unknown metric '${name}'`,
      at,
      near ? `did you mean ${near}?` : `available: ${[...available].join(', ') || 'none'}`,
    )
  }

  /** The node's type, after checking its children (so the first problem in reading order wins). */
  const typeOf = (e: InvariantExpr): ValueType => {
    switch (e.kind) {
      case 'number':
        return 'number'
      case 'metric':
        metric(e.name, e.at)
        return 'number'
      case 'call': {
        const arity = FUNCTION_ARITY[e.fn]
        if (e.args.length !== arity)
          fail(`${e.fn}() takes ${arity} argument${arity > 1 ? 's' : ''}, got ${e.args.length}`, e.at)
        if (METRIC_FUNCTIONS.includes(e.fn)) {
          const arg = e.args[0] as InvariantExpr
          // The estimate, not a number: lower95(1) or mean(a + b) has no confidence interval to read.
          if (arg.kind !== 'metric')
            return fail(
              `${e.fn}() takes a metric name, got ${formatInvariant(arg)}`,
              arg.at,
              `e.g. ${e.fn}(detection_rate)`,
            )
          metric(arg.name, arg.at)
          return 'number'
        }
        for (const arg of e.args) want(arg, 'number', `${e.fn}()`)
        return 'number'
      }
      case 'unary':
        if (e.op === '-') {
          want(e.operand, 'number', "unary '-'")
          return 'number'
        }
        want(e.operand, 'boolean', "'!'")
        return 'boolean'
      case 'arithmetic':
        want(e.left, 'number', `'${e.op}'`)
        want(e.right, 'number', `'${e.op}'`)
        return 'number'
      case 'comparison':
        // Booleans are not compared: `(a < b) == (c < d)` is better written with && and ||.
        want(e.left, 'number', `'${e.op}'`)
        want(e.right, 'number', `'${e.op}'`)
        return 'boolean'
      case 'logical':
        want(e.left, 'boolean', `'${e.op}'`)
        want(e.right, 'boolean', `'${e.op}'`)
        return 'boolean'
    }
  }

  const want = (e: InvariantExpr, type: ValueType, user: string): void => {
    const got = typeOf(e)
    if (got === type) return
    const what = type === 'number' ? 'a number' : 'a condition'
    fail(`${user} needs ${what}, got ${describe(e, got)}`, startOf(e))
  }

  const top = typeOf(expr)
  if (top !== 'boolean') {
    const text = formatInvariant(expr)
    fail(
      `an invariant must be a condition, got the number ${text}`,
      startOf(expr),
      `compare it, e.g. ${text} < 1 or ${text} >= 0.9`,
    )
  }
}

function describe(e: InvariantExpr, type: ValueType): string {
  return `${type === 'number' ? 'the number' : 'the condition'} ${formatInvariant(e)}`
}

/** Where a node's text begins: a binary node's own offset is its operator's. */
function startOf(e: InvariantExpr): number {
  return e.kind === 'arithmetic' || e.kind === 'comparison' || e.kind === 'logical' ? startOf(e.left) : e.at
}
