import { aggregatePoints, type PointSummary, type RunRecord } from '../reports/index.ts'
import {
  checkInvariant,
  evaluateInvariant,
  type InvariantExpr,
  type InvariantResult,
  margin,
  parseInvariant,
} from '../scenarios/index.ts'
import { availableMetrics } from '../sim/availableMetrics.ts'
import { InputError } from '../sim/errors.ts'
import type { Runner } from './createRunner.ts'
import type { ScenarioPlan } from './planScenario.ts'

export type Verdict = InvariantResult & {
  /** The point's metrics, as mean and 95% CI over its replicates. */
  metrics: PointSummary['metrics']
  point: number
  params: Record<string, unknown>
  invariant: string
  text: string
  margin: number | null
}

export type ParsedInvariant = { name: string; text: string; expr: InvariantExpr }

/**
 * The scenario's invariants, parsed and checked against the metrics its runs can produce, so
 * an invariant that could never be evaluated is bad input before anything runs.
 */
export function parseInvariants(file: string, plan: ScenarioPlan): ParsedInvariant[] {
  const invariants = Object.entries(plan.scenario.invariants ?? {})
  return invariants.map(([name, text]) => {
    const expr = parseInvariant(text)
    for (const run of plan.runs) {
      try {
        checkInvariant(expr, availableMetrics(run.spec), text)
      } catch (error) {
        if (!(error instanceof InputError)) throw error
        throw new InputError(
          `${file}: invariants.${name}: ${error.shortMessage}`,
          error.hint ? { hint: error.hint } : {},
        )
      }
    }
    return { name, text, expr }
  })
}

/** Run every run of the plan and judge each point's invariants over its replicates. */
export async function evaluatePlan(
  runner: Runner,
  plan: ScenarioPlan,
  invariants: ParsedInvariant[],
): Promise<Verdict[]> {
  const records: RunRecord[] = []
  await runner.each(plan.runs, async (run) => {
    const result = await runner.run(run.spec)
    records.push({
      point: run.point,
      replicate: run.replicate,
      seed: run.spec.seed,
      params: run.params,
      metrics: result.metrics,
      counts: result.counts,
    })
  })
  return aggregatePoints(records).flatMap((point) =>
    invariants.map(({ name, text, expr }) => ({
      ...evaluateInvariant(expr, point.metrics),
      metrics: point.metrics,
      margin: margin(expr, point.metrics),
      point: point.point,
      params: point.params,
      invariant: name,
      text,
    })),
  )
}
