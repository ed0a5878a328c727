import type { RunResult, RunSpec } from '../sim/index.ts'
import { measuredTolerance } from './measuredTolerance.ts'

export type Summary = ReturnType<typeof buildSummary>

/**
 * summary.json: everything here is a function of the scenario and the seed, never of wall time,
 * paths or worker count, so two runs of the same scenario and seed give the same bytes.
 */
export function buildSummary(spec: RunSpec, result: RunResult, traceSha256: string) {
  const tolerance = measuredTolerance(spec)
  return {
    scenario: spec.name,
    seed: spec.seed,
    replicate: spec.replicate,
    mode: spec.protocol.mode,
    // A demand-market run's volumes are real requests: each simulated one stands for `weight`.
    ...(spec.demand ? { demand: { weight: spec.demand.weight, period: spec.demand.period } } : {}),
    // Set from the honest spread measured before the run (tolerance: auto): the figure used, and why.
    ...(tolerance ? { tolerance } : {}),
    model: result.model,
    metrics: result.metrics,
    counts: result.counts,
    gas_by_call: result.gasByCall,
    adoption_over_time: result.adoption,
    modeled: result.modeled,
    elapsed_virtual_seconds: result.elapsed,
    trace_sha256: traceSha256,
    // With a fee draw: whether cheating pays, job value by job value.
    ...(result.valueTable ? { by_job_value: result.valueTable } : {}),
  }
}
