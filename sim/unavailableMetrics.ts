import { GENERATION_METRIC_NAMES, HOSTING_METRIC_NAMES, type MetricName } from './computeMetrics.ts'
import { hasCheaters } from './hasCheaters.ts'
import { isGeneratingModel } from './isGeneratingModel.ts'
import { MARKET_METRIC_NAMES } from './market/types.ts'
import type { RunSpec } from './runSpec.ts'

/** Why a run gives a metric no value, in the scenario file's words, and the change that would. */
export type Unavailable = { reason: string; hint: string }

/**
 * The metrics a run of this spec can never give a value, each with its reason: a missing metric
 * is nearly always a missing kind of host, not a property of the protocol mode. `verisim check`
 * refuses an invariant over any of them before running anything.
 */
export function unavailableMetrics(spec: RunSpec): Map<MetricName, Unavailable> {
  const { shares } = spec.hosts
  const missing = new Map<MetricName, Unavailable>()
  if (!hasCheaters(shares)) {
    for (const metric of ['cheater_return', 'detection_rate', 'time_to_detection_p50'] as const) {
      missing.set(metric, {
        reason:
          'the scenario has no cheating hosts, as hosts.behaviours gives lazy, adaptive and rational no share',
        hint: `give some hosts a cheating behaviour, e.g. hosts: { behaviours: { honest: 0.5, lazy: 0.5 } }, or remove the invariant on ${metric}`,
      })
    }
  } else if (spec.protocol.mode === 'none') {
    missing.set('time_to_detection_p50', {
      reason: 'protocol.mode none checks no result, so nothing is ever detected',
      hint: 'choose a verifying mode (sampling, replication or optimistic), or remove the invariant on time_to_detection_p50',
    })
  }
  if (!(shares.honest > 0)) {
    missing.set('honest_return', {
      reason: 'the scenario has no honest hosts, as hosts.behaviours gives honest no share',
      hint: 'give some hosts the honest behaviour, e.g. hosts: { behaviours: { honest: 0.5, lazy: 0.5 } }, or remove the invariant on honest_return',
    })
  }
  if (!isGeneratingModel(spec.model)) {
    for (const metric of GENERATION_METRIC_NAMES)
      missing.set(metric, {
        reason: `the model is a ${spec.model.kind}, whose jobs are single forward passes that generate no tokens`,
        hint: `use a decoder, e.g. model: { builtin: decoder }, or remove the invariant on ${metric}`,
      })
  } else if (!hasCheaters(shares)) {
    missing.set('detection_latency_tokens', {
      reason:
        'the scenario has no cheating hosts, as hosts.behaviours gives lazy, adaptive and rational no share',
      hint: 'give some hosts a cheating behaviour, or remove the invariant on detection_latency_tokens',
    })
  } else if (spec.protocol.mode !== 'sampling' || !spec.protocol.detection) {
    missing.set('detection_latency_tokens', {
      reason: 'only protocol.detection in sampling mode convicts by a sequential test over tokens',
      hint: 'use protocol: { mode: sampling, detection: { alpha: 0.001 } }, or remove the invariant on detection_latency_tokens',
    })
  }
  if (!spec.catalog) {
    for (const metric of HOSTING_METRIC_NAMES)
      missing.set(metric, {
        reason:
          'the scenario has no catalog: section, so every host holds its one model for free and nothing is loaded or held',
        hint: `add a catalog: section (several models, host and verifier memory), or remove the invariant on ${metric}`,
      })
  }
  if ((spec.settlement?.execution ?? 'async') === 'async') {
    for (const metric of ['block_latency_p50', 'block_latency_p95'] as const)
      missing.set(metric, {
        reason: 'settlement.execution is async, so no block waits for the inferences it commits',
        hint: `use settlement: { execution: inline } or preExecuted, or remove the invariant on ${metric}`,
      })
  }
  if (!spec.demand) {
    for (const metric of MARKET_METRIC_NAMES)
      missing.set(metric, {
        reason:
          'the scenario has no demand: section, so no requester market runs and the market metrics have no value',
        hint: `add a demand: section (requester segments, docs/demandModel.md), or remove the invariant on ${metric}`,
      })
  } else if (spec.economics.emissions.kind === 'none') {
    missing.set('revenue_over_emissions', {
      reason:
        'economics.emissions is none, so no token is ever emitted and fees have nothing to be set against',
      hint: 'give economics.emissions a schedule (constant, halving or burnAndMint), or remove the invariant on revenue_over_emissions',
    })
  }
  return missing
}
