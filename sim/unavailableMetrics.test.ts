import { describe, expect, it } from 'vitest'
import { checkInvariant, loadScenario, parseInvariant, resolveRunSpec } from '../scenarios/index.ts'
import { availableMetrics } from './availableMetrics.ts'
import {
  GENERATION_METRIC_NAMES,
  HOSTING_METRIC_NAMES,
  METRIC_NAMES,
  type MetricName,
} from './computeMetrics.ts'
import { DEFAULT_SEGMENTS } from './demand/defaultSegments.ts'
import { decoderSpecOf } from './fixtures/simulate.ts'
import { MARKET_METRIC_NAMES } from './market/types.ts'
import type { DemandSpec, RunSpec } from './runSpec.ts'
import { unavailableMetrics } from './unavailableMetrics.ts'

const demandSpec = (): DemandSpec => ({
  segments: Object.entries(DEFAULT_SEGMENTS).map(([name, segment]) => ({ name, segment })),
  marketSize: 1000,
  weight: 10,
  period: 86_400,
  retentionPeriod: 12,
  repeatPeriods: 3,
  timeout: 600,
  fraudLoss: 0.01,
  providers: [],
  offers: [],
})

const spec = (overrides: Record<string, unknown>) =>
  resolveRunSpec(loadScenario('scenarios/quickstart.yaml', overrides).scenario, 'scenarios/quickstart.yaml')

/** Null unless settlement makes blocks wait for their inferences. */
const BLOCK_LATENCY = ['block_latency_p50', 'block_latency_p95'] as const

describe('unavailableMetrics', () => {
  it('blames a missing kind of host, not the mode', () => {
    const honestOnly = unavailableMetrics(spec({ 'hosts.behaviours': { honest: 1 } }))
    expect(honestOnly.get('cheater_return')?.reason).toMatch(/no cheating hosts/)
    expect(honestOnly.get('detection_rate')?.hint).toMatch(/lazy: 0\.5/)
    const cheatersOnly = unavailableMetrics(spec({ 'hosts.behaviours': { lazy: 1 } }))
    expect(cheatersOnly.get('honest_return')?.reason).toMatch(/no honest hosts/)
    const unverified = unavailableMetrics(
      spec({ 'hosts.behaviours': { honest: 0.5, lazy: 0.5 }, 'protocol.mode': 'none' }),
    )
    expect(unverified.get('time_to_detection_p50')?.reason).toMatch(/mode none/)
    expect([...unverified.keys()]).toEqual([
      'time_to_detection_p50',
      ...GENERATION_METRIC_NAMES,
      ...HOSTING_METRIC_NAMES,
      ...BLOCK_LATENCY,
      ...MARKET_METRIC_NAMES,
    ])
  })

  it('leaves every other metric available', () => {
    for (const behaviours of [{ honest: 1 }, { lazy: 1 }, { honest: 0.5, adaptive: 0.5 }]) {
      for (const mode of ['none', 'sampling']) {
        const s = spec({ 'hosts.behaviours': behaviours, 'protocol.mode': mode })
        const missing = unavailableMetrics(s)
        const available = availableMetrics(s)
        for (const metric of METRIC_NAMES)
          expect(available.has(metric), `${metric} ${mode}`).toBe(!missing.has(metric))
      }
    }
    // A forward model generates no tokens, and without demand: no market runs.
    expect([...unavailableMetrics(spec({ 'hosts.behaviours': { honest: 0.5, lazy: 0.5 } })).keys()]).toEqual([
      ...GENERATION_METRIC_NAMES,
      ...HOSTING_METRIC_NAMES,
      ...BLOCK_LATENCY,
      ...MARKET_METRIC_NAMES,
    ])
  })
  it('gives a decoder run the generation metrics, and detection latency only with the sequential test', () => {
    const sampling = decoderSpecOf({ 'protocol.mode': 'sampling' })
    expect([...unavailableMetrics(sampling).keys()]).toEqual([
      'detection_latency_tokens',
      ...HOSTING_METRIC_NAMES,
      ...BLOCK_LATENCY,
      ...MARKET_METRIC_NAMES,
    ])
    expect(unavailableMetrics(sampling).get('detection_latency_tokens')?.hint).toMatch(/detection/)
    const detection = { alpha: 0.001, beta: 0.01, delta: 1 }
    const detecting = { ...sampling, protocol: { ...sampling.protocol, detection } }
    expect([...unavailableMetrics(detecting).keys()]).toEqual([
      ...HOSTING_METRIC_NAMES,
      ...BLOCK_LATENCY,
      ...MARKET_METRIC_NAMES,
    ])
    const honest = decoderSpecOf({ 'hosts.behaviours': { honest: 1 } })
    expect(unavailableMetrics(honest).get('detection_latency_tokens')?.reason).toMatch(/no cheating hosts/)
  })

  it('gives block latency only to a run whose blocks wait for their inferences (settlement)', () => {
    const base = spec({ 'hosts.behaviours': { honest: 0.5, lazy: 0.5 } })
    expect(unavailableMetrics(base).get('block_latency_p50')?.reason).toMatch(/settlement.execution is async/)
    for (const execution of ['inline', 'preExecuted'] as const) {
      const waiting = { ...base, settlement: { execution, commit: 'batched' as const } }
      expect(unavailableMetrics(waiting).has('block_latency_p50'), execution).toBe(false)
      expect(availableMetrics(waiting).has('block_latency_p95'), execution).toBe(true)
    }
  })

  it('gives the market metrics only to a run with demand:, and revenue over emissions only with emissions', () => {
    const base = spec({ 'hosts.behaviours': { honest: 0.5, lazy: 0.5 } })
    expect(unavailableMetrics(base).get('repeat_share')?.reason).toMatch(/no demand: section/)
    const demand = { ...base, demand: demandSpec() }
    const constant = { kind: 'constant', perDay: 10, every: 60 } as const
    const market = (emissions: RunSpec['economics']['emissions']) =>
      unavailableMetrics({ ...demand, economics: { ...demand.economics, emissions } })
    expect([...market(constant).keys()]).toEqual([
      ...GENERATION_METRIC_NAMES,
      ...HOSTING_METRIC_NAMES,
      ...BLOCK_LATENCY,
    ])
    expect([...market({ kind: 'none' }).keys()]).toEqual([
      ...GENERATION_METRIC_NAMES,
      ...HOSTING_METRIC_NAMES,
      ...BLOCK_LATENCY,
      'revenue_over_emissions',
    ])
    expect(market({ kind: 'none' }).get('revenue_over_emissions')?.reason).toMatch(
      /economics.emissions is none/,
    )
  })

  it('gives the hosting metrics only to a run with a catalog:', () => {
    const plain = unavailableMetrics(spec({}))
    expect(plain.get('overhead_holding')?.reason).toMatch(/no catalog: section/)
    const file = 'scenarios/library/holding-cost.yaml'
    const catalog = resolveRunSpec(loadScenario(file).scenario, file)
    for (const metric of HOSTING_METRIC_NAMES) expect(unavailableMetrics(catalog).has(metric)).toBe(false)
  })

  it('makes an invariant on a market metric without demand: one clear error before any run', () => {
    const s = spec({ 'hosts.behaviours': { honest: 0.5, lazy: 0.5 } })
    const text = 'retained_production_volume >= 0.8 && upper95(cheater_return) < 0'
    const missing = unavailableMetrics(s)
    expect(() =>
      checkInvariant(parseInvariant(text), availableMetrics(s), text, (m) => missing.get(m as MetricName)),
    ).toThrow(
      /metric 'retained_production_volume' is not produced by this run: the scenario has no demand: section/,
    )
    const withDemand = { ...s, demand: demandSpec() }
    const present = unavailableMetrics(withDemand)
    expect(() =>
      checkInvariant(parseInvariant(text), availableMetrics(withDemand), text, (m) =>
        present.get(m as MetricName),
      ),
    ).not.toThrow()
  })
})
