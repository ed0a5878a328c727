import { BaseError } from '../../errors/index.ts'
import { formatInvariant } from './formatInvariant.ts'
import type { InvariantExpr, InvariantMetrics, MetricValue } from './types.ts'

/**
 * The number a numeric sub-expression stands for, or null when it is undefined for this run (a
 * metric without meaning, or a division by zero). Why a value is missing or approximate is added
 * to `notes` in words, so evaluateInvariant can say it; margin reads the numbers the same way.
 * The tree must have passed checkInvariant: a condition here is a programming error.
 */
export function evaluateNumeric(
  expr: InvariantExpr,
  metrics: InvariantMetrics,
  notes: Set<string>,
): number | null {
  const value = (e: InvariantExpr): number | null => {
    switch (e.kind) {
      case 'number':
        return e.value
      case 'metric':
        return read(metrics, e.name, 'mean', notes)
      case 'call': {
        if (e.fn === 'mean' || e.fn === 'lower95' || e.fn === 'upper95')
          return read(metrics, metricName(e.args[0], e.fn), e.fn, notes)
        const args = e.args.map(value)
        if (args.some((a) => a === null)) return null
        const [a, b] = args as number[]
        if (e.fn === 'abs') return Math.abs(a as number)
        return e.fn === 'min' ? Math.min(a as number, b as number) : Math.max(a as number, b as number)
      }
      case 'unary':
        if (e.op === '!') throw notNumeric(e)
        return negate(value(e.operand))
      case 'arithmetic': {
        const l = value(e.left)
        const r = value(e.right)
        if (l === null || r === null) return null
        if (e.op === '/' && r === 0) {
          notes.add(`${formatInvariant(e)} divides by zero`)
          return null
        }
        const result = e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : l / r
        // Only overflow gets here (∞ − ∞, 0 × ∞): no comparison with it means anything.
        if (Number.isNaN(result)) {
          notes.add(`${formatInvariant(e)} is not a number`)
          return null
        }
        return result
      }
      default:
        throw notNumeric(e)
    }
  }
  return value(expr)
}

function negate(v: number | null): number | null {
  return v === null ? null : -v
}

/**
 * One metric as mean or CI bound. A plain number is a single run: every bound is the value. A
 * missing CI (one replicate) falls back to the mean, noted, since the bound is then unknown.
 */
function read(
  metrics: InvariantMetrics,
  name: string,
  want: 'mean' | 'lower95' | 'upper95',
  notes: Set<string>,
): number | null {
  if (!Object.hasOwn(metrics, name))
    throw new BaseError(
      `metric '${name}' is missing from the metrics (checkInvariant should have rejected it)`,
    )
  const m = metrics[name] as MetricValue
  if (m === null || (typeof m === 'object' && m.mean === null)) {
    notes.add(`${name} is undefined for this run`)
    return null
  }
  if (typeof m === 'number') return m
  if (want === 'mean') return m.mean
  if (m.ci95 === null) {
    notes.add(`${want}(${name}) fell back to the mean: no confidence interval (one replicate)`)
    return m.mean
  }
  return want === 'lower95' ? m.ci95[0] : m.ci95[1]
}

function metricName(arg: InvariantExpr | undefined, fn: string): string {
  if (arg?.kind !== 'metric') throw new BaseError(`${fn}() needs a metric name (run checkInvariant first)`)
  return arg.name
}

function notNumeric(e: InvariantExpr): BaseError {
  return new BaseError(
    `'${formatInvariant(e)}' is a condition where a number is needed (run checkInvariant first)`,
  )
}
