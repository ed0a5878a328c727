import { readFileSync } from 'node:fs'
import { InputError, ScenarioFieldError } from '../errors/index.ts'
import { aggregatePoints, type PointSummary, type RunRecord } from '../reports/index.ts'
import {
  checkInvariant,
  evaluateInvariant,
  InvariantCheckError,
  type InvariantExpr,
  type InvariantResult,
  locateInvariantToken,
  margin,
  parseInvariant,
} from '../scenarios/index.ts'
import type { MetricName } from '../sim/index.ts'
import { availableMetrics, unavailableMetrics } from '../sim/index.ts'
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
  /** The seeds of the point's runs, one per replicate. */
  seeds: number[]
  /** What the point's runs modeled rather than executed (a report must say so). */
  modeled: string[]
}

export type ParsedInvariant = { name: string; text: string; expr: InvariantExpr }

/**
 * The scenario's invariants, parsed and checked against the metrics its runs can produce, so
 * an invariant that could never be evaluated is bad input before anything runs. The error
 * points at the offending token as `file:line:column`, as a YAML or syntax error does.
 */
export function parseInvariants(file: string, plan: ScenarioPlan): ParsedInvariant[] {
  const invariants = Object.entries(plan.scenario.invariants ?? {})
  let source: string | undefined
  return invariants.map(([name, text]) => {
    const expr = parseInvariant(text)
    for (const run of plan.runs) {
      try {
        const missing = unavailableMetrics(run.spec)
        checkInvariant(expr, availableMetrics(run.spec), text, (metric) => missing.get(metric as MetricName))
      } catch (error) {
        if (!(error instanceof InputError)) throw error
        source ??= readFileSync(file, 'utf8')
        const at =
          error instanceof InvariantCheckError ? locateInvariantToken(source, name, error.at) : undefined
        throw new ScenarioFieldError(error.reason, {
          file,
          line: at?.line,
          column: at?.column,
          fieldPath: `invariants.${name}`,
          hint: error.hint,
        })
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
  const modeled = new Map<number, Set<string>>()
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
    const notes = modeled.get(run.point) ?? new Set<string>()
    for (const note of result.modeled) notes.add(note)
    modeled.set(run.point, notes)
  })
  return aggregatePoints(records).flatMap((point) => {
    const runs = records.filter((r) => r.point === point.point).sort((a, b) => a.replicate - b.replicate)
    return invariants.map(({ name, text, expr }) => ({
      ...evaluateInvariant(expr, point.metrics),
      metrics: point.metrics,
      margin: margin(expr, point.metrics),
      point: point.point,
      params: point.params,
      invariant: name,
      text,
      seeds: runs.map((r) => r.seed),
      modeled: [...(modeled.get(point.point) ?? [])].sort(),
    }))
  })
}
