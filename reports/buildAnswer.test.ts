import { describe, expect, it } from 'vitest'
import { LATENCY_EDGES, METRIC_NAMES } from '../sim/index.ts'
import { buildAnswer } from './buildAnswer.ts'
import { buildFigures, type ReportInput } from './buildFigures.ts'
import type { SweepRecord } from './writeRunFolder.ts'

const base: ReportInput['base'] = {
  mode: 'sampling',
  fee: 0.01,
  stake: 100,
  slashFraction: 0.1,
  variant: 'skip',
}

/** One run of `mode` on a model of `flops` whose verification overhead is `overhead`. */
function run(point: number, mode: string, flops: number, overhead: number): SweepRecord {
  return {
    point,
    replicate: 0,
    seed: 1,
    params: { 'protocol.mode': mode, 'model.dModel': flops },
    metrics: {
      ...(Object.fromEntries(METRIC_NAMES.map((n) => [n, 0])) as SweepRecord['metrics']),
      verification_overhead: overhead,
    },
    counts: {},
    mode,
    cost_per_flop: 1e-17,
    model: { hash: 'h', layers: 3, flops: { honest: flops, skip: flops / 2 } },
    gas_by_call: {},
    adoption: [{ t: 10, share: 1 }],
    finality_latency: { edges: [...LATENCY_EDGES], counts: LATENCY_EDGES.map(() => 0) },
    trace_sha256: '',
    elapsed: 20,
    modeled: [],
  }
}

describe('buildAnswer', () => {
  it('gives each mode’s overhead at both ends of the sizes and where two lines cross', () => {
    // sampling falls as 1/size from 100 to 0.01; zk stays at 1: they cross at 1e4 FLOPs
    // (log-log interpolation between 1e3, where sampling is 10, and 1e5, where it is 0.1).
    const sizes = [1e2, 1e3, 1e5, 1e6]
    const records = sizes.flatMap((flops, i) => [
      run(2 * i, 'sampling', flops, 1e4 / flops),
      run(2 * i + 1, 'zk', flops, 1),
    ])
    const [overhead, crossing, demand] = buildAnswer({ records, base })
    expect(overhead).toMatch(/from 100 to 1\.0e6 FLOPs per inference: sampling 100 → 0\.01; zk 1 → 1\./)
    expect(crossing).toBe(
      'Crossovers (the cheaper mode changes): sampling and zk at about 1.0e4 FLOPs (sampling cheaper above).',
    )
    expect(demand).toMatch(/no demand market/)
  })

  it('gives the order when no lines cross, and says one model size cannot answer the size question', () => {
    const records = [
      run(0, 'sampling', 1e3, 0.5),
      run(1, 'zk', 1e3, 300),
      run(2, 'sampling', 1e6, 0.1),
      run(3, 'zk', 1e6, 301),
    ]
    expect(buildAnswer({ records, base })[1]).toMatch(
      /No two modes' overhead lines cross .* sampling < zk at every size/,
    )
    const unverified = [...records, run(4, 'none', 1e3, 0), run(5, 'none', 1e6, 0)]
    expect(buildAnswer({ records: unverified, base })[0]).toMatch(
      /zk 300 → 301; none 0 \(nothing verified\)\.$/,
    )
    expect(buildAnswer({ records: unverified, base })[1]).toMatch(/sampling < zk at every size/)
    const one = buildAnswer({ records: records.slice(0, 2), base })[0]
    expect(one).toMatch(/at 1000 FLOPs per inference: sampling 0\.5; zk 300\. One model size cannot show/)
  })

  it('draws the modeled curves dashed beside the measured points, tabulates and quotes their crossovers', () => {
    // Forward models of 1e3 and 1e6 parameters at 2 FLOPs a parameter: one token per request.
    const sized = (point: number, mode: string, parameters: number, overhead: number) => {
      const r = run(point, mode, 2 * parameters, overhead)
      return {
        ...r,
        model: { ...r.model, parameters },
        counts: { jobs: 10 },
        gas_by_call: { commit: { calls: 10, gas: 1 } },
      }
    }
    const records = [
      sized(0, 'sampling', 1e3, 0.3),
      sized(1, 'tee', 1e3, 5),
      sized(2, 'sampling', 1e6, 0.2),
      sized(3, 'tee', 1e6, 0.1),
    ]
    // A TEE at 5% plus a fixed 1e-10 tokens per request passes sampling's p = 0.1 where
    // 0.05 + 1e-10 ÷ (2·P·1e-17) = 0.1, at P = 1e-10 ÷ (0.05 × 2 × 1e-17) = 1e8 parameters.
    const curves: ReportInput['curves'] = {
      protocol: {
        p: 0.1,
        k: 3,
        watchProbability: 0.1,
        tee: { overheadFactor: 1.05, fixedSeconds: 0, fixedCost: 1e-10, gas: 0 },
        zk: { proving: { kind: 'flat', factor: 300 }, gas: 0, proofBytes: 0, gasPerByte: 16 },
      },
      economics: { costPerFlop: 1e-17, gasPrice: 1e-12 },
      speed: 1e12,
      watchers: 2,
    }
    const input = { records, base, curves }
    const figures = buildFigures(input)
    const headline = figures.find((f) => f.id === 'overhead-vs-flops')
    const dashed = (headline?.data ?? []) as {
      name: string
      line: { dash?: string }
      x: number[]
      y: number[]
    }[]
    const modeled = dashed.filter((t) => t.line.dash === 'dash')
    expect(modeled.map((t) => t.name)).toEqual([
      'sampling (modeled curve)',
      'replication (modeled curve)',
      'optimistic (modeled curve)',
      'tee (modeled curve)',
      'zk (modeled curve)',
    ])
    // The curves sit on the FLOPs axis of the runs: 2 FLOPs a parameter, 1e6 to 1e12 parameters.
    expect(modeled[0]?.x[0]).toBe(2e6)
    expect(headline?.caption).toMatch(/MODELED overhead from 1e6 to 1e12 parameters/)
    const table = figures.find((f) => f.id === 'overhead-crossovers')
    expect(table?.title).toMatch(/\(modeled\)/)
    expect(table?.table?.rows).toEqual([
      ['from 1.0e6 parameters', '2.0e6', 'sampling is cheapest'],
      ['from 1.0e8 parameters', '2.0e8', 'tee is cheapest'],
    ])
    const answer = buildAnswer(input)
    expect(answer).toContain(
      "MODELED, not measured (the dashed curves, from this scenario's protocol and prices, 1.0e6 to 1.0e12 parameters): from 1.0e6 parameters, sampling is cheapest; from 1.0e8 parameters, tee is cheapest.",
    )
    // Without the scenario's curve input the report draws and quotes the measured points alone.
    expect(buildFigures({ records, base }).some((f) => f.id === 'overhead-crossovers')).toBe(false)
    expect(buildAnswer({ records, base }).join(' ')).not.toMatch(/MODELED/)
    // A sweep whose points read different curve inputs: no curves, and the caption says which.
    const varied = buildFigures({ records, base, varied: ['protocol.p'] })
    expect(varied.some((f) => f.id === 'overhead-crossovers')).toBe(false)
    expect(varied.find((f) => f.id === 'overhead-vs-flops')?.caption).toMatch(
      /No modeled curves: the sweep sets protocol.p apart between points/,
    )
  })
})
