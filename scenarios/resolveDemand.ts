import type { DemandSpec, Segment } from '../sim/index.ts'
import { resolveTokenCount } from './resolveTokenCount.ts'
import type { Scenario } from './schema.ts'
import { workloadOf } from './workloadOf.ts'

/**
 * The run's demand market from a loaded scenario's `demand:` section, or null without one. Each
 * segment's Bass market size is its share of demand.marketSize; a requestSize part the segment
 * leaves out is the scenario's workload's. No rule is checked here: checkDemand does that (and
 * calls this to hand the segments to sim's checkSegments).
 */
export function resolveDemand(scenario: Scenario): DemandSpec | null {
  const demand = scenario.demand
  if (!demand) return null
  const workload = scenario.workload !== undefined ? workloadOf(scenario) : undefined
  const segments = Object.entries(demand.segments).map(([name, s]): { name: string; segment: Segment } => {
    const requestSize =
      s.requestSize && workload
        ? {
            prompt: resolveTokenCount(s.requestSize.prompt ?? workload.prompt),
            outputTokens: resolveTokenCount(s.requestSize.outputTokens ?? workload.outputTokens),
          }
        : null
    return {
      name,
      segment: {
        share: s.share,
        requestRate: s.requestRate,
        workload: s.workload,
        requestSize,
        reviewEvery: s.reviewEvery,
        weights: { ...s.weights },
        verifiableValue: s.verifiableValue,
        switchingCost: s.switchingCost,
        trialLength: s.trialLength,
        bass: { p: s.bass.p, q: s.bass.q, m: s.share * demand.marketSize },
        memory: { ...s.memory },
        conversion: s.conversion && { ...s.conversion },
      },
    }
  })
  return {
    segments,
    marketSize: demand.marketSize,
    weight: demand.weight,
    period: demand.period,
    retentionPeriod: demand.retentionPeriod,
    repeatPeriods: demand.repeatPeriods,
    timeout: demand.timeout,
    fraudLoss: demand.fraudLoss,
    providers: demand.providers.map((p) => ({
      ...p,
      latency: { ...p.latency },
      outages: { ...p.outages },
    })),
    // An offer's mode parameters not given are the scenario protocol's (sweeps of protocol.p reach them).
    offers: (demand.offers ?? []).map((o) => ({
      name: o.name,
      fee: o.fee,
      protocol: {
        mode: o.protocol.mode,
        p: o.protocol.p ?? scenario.protocol.p,
        k: o.protocol.k ?? scenario.protocol.k,
        watchProbability: o.protocol.watchProbability ?? scenario.protocol.watchProbability,
      },
    })),
  }
}
