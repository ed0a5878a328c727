import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { DEFAULT_SEGMENTS, EXPERIMENTAL_SEGMENT, PRODUCTION_SEGMENT } from '../sim/index.ts'
import { buildJsonSchema } from './buildJsonSchema.ts'
import { marketScenario } from './fixtures/demandScenarios.ts'
import { parseScenario } from './loadScenario.ts'

const load = (text: string) => parseScenario(text, 'm.yaml')

describe('the demand: section', () => {
  it('is absent unless written, and the supply fields have their off defaults', () => {
    const s = load('seed: 2\n')
    expect(s).not.toHaveProperty('demand')
    expect(s.hosts.uptime).toBeNull()
    expect(s.hosts.entry).toBeNull()
    expect(s.verifiers.outages).toEqual([])
    expect(s.economics.emissions).toEqual({ kind: 'none' })
  })

  it('without segments or providers has the default segments and one centralized provider from economics', () => {
    const { demand } = load(
      'economics: { centralizedPrice: 0.002, centralizedLatency: 3 }\nrequesters: { fraudLoss: 0.5 }\ndemand: {}\n',
    )
    expect(demand).toBeDefined()
    if (!demand) return
    expect(Object.keys(demand.segments)).toEqual(['experimental', 'production'])
    for (const [name, base] of Object.entries(DEFAULT_SEGMENTS)) {
      const { bass, requestSize, ...rest } = base
      const filled = demand.segments[name]
      expect(filled).toMatchObject(rest)
      expect(filled?.bass).toEqual({ p: bass.p, q: bass.q })
      expect(filled?.requestSize).toBeNull()
    }
    expect(demand.providers).toEqual([
      {
        name: 'centralized',
        price: 0.002,
        latency: { median: 3, p95: 6 },
        failureRate: 0.001,
        outages: { meanUp: 30 * 86_400, meanDown: 3600 },
      },
    ])
    expect(demand).toMatchObject({
      marketSize: 10_000,
      weight: 1,
      period: 86_400,
      retentionPeriod: 14,
      repeatPeriods: 3,
      timeout: 30,
      fraudLoss: 0.5,
    })
  })

  it('fills a segment field by field: experimental from its defaults, any other name from production', () => {
    const { demand } = load(
      [
        'demand:',
        '  segments:',
        '    experimental: { share: 0.5, weights: { price: 10 }, conversion: { minRequests: 5 } }',
        '    batch: { share: 0.3, requestRate: 2, trialLength: 60, memory: { halfLife: 60 }, conversion: { into: experimental } }',
        '    production: { share: 0.2, conversion: null }',
        '',
      ].join('\n'),
    )
    const segments = demand?.segments ?? {}
    expect(segments.experimental?.weights).toEqual({ ...EXPERIMENTAL_SEGMENT.weights, price: 10 })
    expect(segments.experimental?.conversion).toEqual({
      into: 'production',
      failedShareBelow: 0.02,
      p95LatencyBelow: 10,
      minRequests: 5,
    })
    expect(segments.experimental?.trialLength).toBe(EXPERIMENTAL_SEGMENT.trialLength)
    expect(segments.batch).toMatchObject({
      share: 0.3,
      requestRate: 2,
      reviewEvery: PRODUCTION_SEGMENT.reviewEvery,
      weights: PRODUCTION_SEGMENT.weights,
      memory: { ...PRODUCTION_SEGMENT.memory, halfLife: 60 },
      conversion: { into: 'experimental', minRequests: 100 },
    })
    expect(segments.production?.conversion).toBeNull()
  })

  it('prints the filled section, which reads back to the same text (scenario.resolved.yaml)', () => {
    const filled = load(marketScenario())
    const text = stringify(filled)
    expect(stringify(parseScenario(text, 'r.yaml'))).toBe(text)
    // Sections keep the schema's order: demand after economics.
    const keys = Object.keys(filled)
    expect(keys.indexOf('demand')).toBe(keys.indexOf('economics') + 1)
    expect(filled.demand?.providers[0]).toEqual({
      name: 'cheapApi',
      price: 0.0005,
      latency: { median: 0.5, p95: 2 },
      failureRate: 0.001,
      outages: { meanUp: 30 * 86_400, meanDown: 3600 },
    })
    expect(filled.economics.emissions).toEqual({
      kind: 'halving',
      perDay: 50,
      halvingEvery: 86_400,
      every: 3600,
    })
    expect(filled.hosts.entry).toMatchObject({ max: 8, stakeCostPerDay: 0.05 / 365, enterAbove: 0.5 })
  })

  it('describes every new field in the JSON schema, with units', () => {
    const schema = JSON.stringify(buildJsonSchema())
    for (const text of [
      'Super-individuals',
      'Bass innovation per second',
      'Mean seconds between a requester’s re-evaluations',
      'Tokens emitted per day to staked hosts',
      'Verification outages',
      'Mean seconds a host serves before it fails',
      'a new name must give its share',
      'Seconds a requester waits for a request that is never served',
    ])
      expect(schema).toContain(text)
  })
})
