import { METRIC_NAMES, type MetricName } from './computeMetrics.ts'
import type { RunSpec } from './runSpec.ts'
import { unavailableMetrics } from './unavailableMetrics.ts'

/** The metrics a run of this spec can give a value: all but its unavailableMetrics. */
export function availableMetrics(spec: RunSpec): Set<MetricName> {
  const missing = unavailableMetrics(spec)
  return new Set(METRIC_NAMES.filter((metric) => !missing.has(metric)))
}
