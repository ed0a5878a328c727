import { describe, expect, it } from 'vitest'
import { LATENCY_EDGES, METRIC_NAMES } from '../sim/index.ts'
import { buildAnswer } from './buildAnswer.ts'
import type { ReportInput } from './buildFigures.ts'
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
})
