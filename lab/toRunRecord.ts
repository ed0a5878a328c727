import { recordTolerance, type SweepRecord } from '../reports/index.ts'
import { equilibriumOf, type RunResult, type RunSpec } from '../sim/index.ts'

/** What one finished run leaves in an output folder's runs/: deterministic, so it can be compared and merged. */
export function toRunRecord(
  run: { point: number; replicate: number; params: Record<string, unknown>; spec: RunSpec },
  result: RunResult,
  traceSha256: string,
  /** The sha256 of the run's periods.ndjson, for a demand-market run that wrote one. */
  periodsSha256: string | null = null,
): SweepRecord {
  return {
    point: run.point,
    replicate: run.replicate,
    seed: run.spec.seed,
    params: run.params,
    mode: run.spec.protocol.mode,
    ...recordTolerance(run.spec),
    cost_per_flop: run.spec.economics.costPerFlop,
    model: result.model,
    metrics: result.metrics,
    counts: result.counts,
    gas_by_call: result.gasByCall,
    adoption: result.adoption,
    finality_latency: result.finalityLatency,
    trace_sha256: traceSha256,
    elapsed: result.elapsed,
    modeled: result.modeled,
    // Decoder runs only, so a forward run's record keeps its bytes.
    ...(result.generation ? { generation: result.generation } : {}),
    // Runs with rational hosts or verifiers only, for the same reason.
    ...(result.strategies ? { strategies: strategiesOf(run.spec, result) } : {}),
    // Demand-market runs only, for the same reason.
    ...(run.spec.demand
      ? {
          market: {
            weight: run.spec.demand.weight,
            period: run.spec.demand.period,
            periods_sha256: periodsSha256,
          },
        }
      : {}),
    // Fee-draw runs only, for the same reason.
    ...(result.valueTable ? { value_table: result.valueTable } : {}),
  }
}

/** The learners' play over time, with the configured game's equilibrium to draw beside it. */
function strategiesOf(spec: RunSpec, result: RunResult): NonNullable<SweepRecord['strategies']> {
  const { flops } = result.model
  const costPerFlop = spec.economics.costPerFlop
  const found = equilibriumOf(spec, {
    honest: (flops.honest ?? 0) * costPerFlop,
    cheat: (flops[spec.hosts.variant] ?? 0) * costPerFlop,
  })
  return {
    rows: result.strategies ?? [],
    threshold: found.threshold,
    equilibrium: found.equilibrium,
    ...(found.reason ? { reason: found.reason } : {}),
  }
}
