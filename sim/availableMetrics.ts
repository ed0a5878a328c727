import type { MetricName } from './computeMetrics.ts'
import type { RunSpec } from './runSpec.ts'

/**
 * The metrics a run of this spec can give a value: an invariant over any other metric could
 * never be evaluated, which `verisim check` reports before running anything.
 */
export function availableMetrics(spec: RunSpec): Set<MetricName> {
  const { shares } = spec.hosts
  const cheaters = shares.lazy + shares.adaptive > 0
  const names: MetricName[] = [
    'verification_overhead',
    'undetected_fraud_rate',
    'false_slash_rate',
    'gas_per_job',
    'finality_latency_p50',
    'finality_latency_p95',
    'cost_per_verified_inference',
    'adoption_share',
  ]
  if (shares.honest > 0) names.push('honest_return')
  if (cheaters) names.push('cheater_return', 'detection_rate')
  if (cheaters && spec.protocol.mode !== 'none') names.push('time_to_detection_p50')
  return new Set(names)
}
