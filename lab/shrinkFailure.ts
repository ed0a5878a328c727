import { InputError } from '../errors/index.ts'
import type { InvariantExpr, Overrides } from '../scenarios/index.ts'
import type { Runner } from './createRunner.ts'
import { evaluatePlan, parseInvariants } from './evaluatePlan.ts'
import { planScenario } from './planScenario.ts'
import { reduceWhileFailing, type TrialOutcome } from './reduceWhileFailing.ts'

export type Shrunk = { overrides: Overrides; evaluations: number; detail: string }

/**
 * A smaller scenario that still fails `invariant` the same way: greedily halve hosts, verifiers,
 * requesters, duration and replicates (not for an invariant that reads a 95% interval, which
 * needs the replicates it failed with), keeping each reduction while the invariant still
 * evaluates to `failure` (false for a violation, null for one that could not be evaluated).
 * A violation must stay a violation: fewer hosts can leave no cheater at all, and then
 * `cheater_return < honest_return` is undefined, which reproduces nothing. A reduction that
 * makes the scenario invalid is skipped, never an error. Starts from the failing point's
 * parameters with the sweep removed.
 */
export async function shrinkFailure(
  runner: Runner,
  file: string,
  start: Overrides,
  invariant: string,
  failure: false | null,
  budget = 12,
): Promise<Shrunk> {
  const base = await planScenario(file, { overrides: start })
  const s = base.scenario
  // An interval over replicates is part of what failed: fewer replicates widen it, and a
  // `upper95(a) < lower95(b)` that fails on 2 replicates fails on width alone, which is not the
  // failure being reproduced. Such an invariant keeps every replicate it failed with.
  const expr = parseInvariants(file, base).find((i) => i.name === invariant)?.expr
  const keepReplicates = expr !== undefined && readsIntervals(expr)
  let detail = ''
  const trial = async (values: Record<string, number>): Promise<TrialOutcome> => {
    const overrides = { ...start, ...values }
    let plan: Awaited<ReturnType<typeof planScenario>>
    let parsed: ReturnType<typeof parseInvariants>
    try {
      plan = await planScenario(file, { overrides })
      parsed = parseInvariants(file, plan).filter((i) => i.name === invariant)
    } catch (error) {
      if (error instanceof InputError) return 'invalid'
      throw error
    }
    const verdicts = await evaluatePlan(runner, plan, parsed)
    const same = verdicts.find((v) => v.holds === failure)
    if (!same) return 'passes'
    detail = same.detail
    return 'fails'
  }
  const initial: Record<string, number> = {
    'hosts.count': s.hosts.count,
    'verifiers.count': s.verifiers.count,
    'requesters.count': s.requesters.count,
    duration: s.duration,
    'sweep.replicates': s.sweep?.replicates ?? 1,
  }
  const reduced = await reduceWhileFailing(
    initial,
    [
      { path: 'hosts.count', floor: s.protocol.mode === 'replication' ? s.protocol.k : 2 },
      { path: 'verifiers.count', floor: 1 },
      { path: 'requesters.count', floor: 1 },
      { path: 'duration', floor: 2 * s.blockTime },
      ...(keepReplicates ? [] : [{ path: 'sweep.replicates', floor: 1 }]),
    ],
    trial,
    budget,
  )
  // Only the axes that moved go into the minimal file, so it differs from the original only there.
  const moved = Object.entries(reduced.values).filter(([path, value]) => value !== initial[path])
  return { overrides: { ...start, ...Object.fromEntries(moved) }, evaluations: reduced.trials, detail }
}

/** Whether the invariant reads a 95% interval over replicates (lower95, upper95) anywhere. */
function readsIntervals(expr: InvariantExpr): boolean {
  switch (expr.kind) {
    case 'number':
    case 'metric':
      return false
    case 'call':
      return expr.fn === 'lower95' || expr.fn === 'upper95' || expr.args.some(readsIntervals)
    case 'unary':
      return readsIntervals(expr.operand)
    default:
      return readsIntervals(expr.left) || readsIntervals(expr.right)
  }
}
