import type { MissingMetric } from '../scenarios/invariants/checkInvariant.ts'
import type { RunSpec } from '../sim/runSpec.ts'

/**
 * Why a run of `spec` gives `metric` no value, in the words of the scenario file, with the
 * change that would produce it: a missing metric is nearly always a missing kind of host, not a
 * property of the protocol mode. undefined when the run has no scenario-level reason (the caller
 * then names the mode). Mirrors the rules of sim/availableMetrics.ts.
 */
export function explainMissingMetric(metric: string, spec: RunSpec): MissingMetric | undefined {
  const { shares } = spec.hosts
  const cheaters = shares.lazy + shares.adaptive > 0
  const needsCheaters =
    metric === 'cheater_return' || metric === 'detection_rate' || metric === 'time_to_detection_p50'
  if (needsCheaters && !cheaters) {
    return {
      reason: 'the scenario has no cheating hosts, as hosts.behaviours gives lazy and adaptive no share',
      hint: `give some hosts a cheating behaviour, e.g. hosts: { behaviours: { honest: 0.5, lazy: 0.5 } }, or remove the invariant on ${metric}`,
    }
  }
  if (metric === 'time_to_detection_p50' && spec.protocol.mode === 'none') {
    return {
      reason: 'protocol.mode none checks no result, so nothing is ever detected',
      hint: 'choose a verifying mode (sampling, replication or optimistic), or remove the invariant on time_to_detection_p50',
    }
  }
  if (metric === 'honest_return' && !(shares.honest > 0)) {
    return {
      reason: 'the scenario has no honest hosts, as hosts.behaviours gives honest no share',
      hint: 'give some hosts the honest behaviour, e.g. hosts: { behaviours: { honest: 0.5, lazy: 0.5 } }, or remove the invariant on honest_return',
    }
  }
  return undefined
}
