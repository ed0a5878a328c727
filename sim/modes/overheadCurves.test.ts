import { describe, expect, it } from 'vitest'
import { ZK_POWER_LAW_A, ZK_POWER_LAW_B } from './attestationSeconds.ts'
import { type OverheadCurveInput, overheadCurves } from './overheadCurves.ts'

// The schema's defaults, with a TEE fixed cost per request and the DeepProve power law.
const input: OverheadCurveInput = {
  protocol: {
    p: 0.1,
    k: 3,
    watchProbability: 0.1,
    tee: { overheadFactor: 1.05, fixedSeconds: 0.05, fixedCost: 0, gas: 80_000 },
    zk: {
      proving: { kind: 'powerLaw', a: ZK_POWER_LAW_A, b: ZK_POWER_LAW_B },
      gas: 300_000,
      proofBytes: 0,
      gasPerByte: 16,
    },
  },
  economics: { costPerFlop: 1e-17, gasPrice: 1e-12 },
  speed: 1e14,
  watchers: 3,
  // An LLM-sized request: a thousand token positions.
  tokens: 1000,
}

const curveOf = (curves: ReturnType<typeof overheadCurves>, mode: string) => {
  const found = curves.curves.find((c) => c.mode === mode)
  if (!found) throw new Error(`no ${mode} curve`)
  return found.overhead
}

describe('overheadCurves', () => {
  it('spans 1e6 to 1e12 parameters on a log grid, with every mode', () => {
    const curves = overheadCurves(input)
    expect(curves.parameters[0]).toBe(1e6)
    expect(curves.parameters.at(-1)).toBeCloseTo(1e12, 0)
    expect(curves.parameters).toHaveLength(6 * 4 + 1)
    expect(curves.curves.map((c) => c.mode)).toEqual([
      'none',
      'sampling',
      'replication',
      'optimistic',
      'tee',
      'zk',
    ])
    expect(curveOf(curves, 'none').every((v) => v === 0)).toBe(true)
    expect(curveOf(curves, 'sampling').every((v) => v === 0.1)).toBe(true)
    expect(curveOf(curves, 'replication').every((v) => v === 2)).toBe(true)
    expect(curveOf(curves, 'optimistic').every((v) => v === 3 * 0.1)).toBe(true)
  })

  it('makes a TEE’s fixed costs fade with size, towards its proportional factor', () => {
    const tee = curveOf(overheadCurves(input), 'tee')
    for (let i = 1; i < tee.length; i++) expect(tee[i] as number).toBeLessThan(tee[i - 1] as number)
    expect(tee.at(-1) as number).toBeGreaterThan(0.05)
    expect(tee.at(-1) as number).toBeLessThan(0.06)
    expect(tee[0] as number).toBeGreaterThan(1000 * (tee.at(-1) as number))
  })

  it('makes zk’s proving overhead follow the power law: slope b − 1 on log-log axes once gas is negligible', () => {
    const noGas = { ...input, protocol: { ...input.protocol, zk: { ...input.protocol.zk, gas: 0 } } }
    const curves = overheadCurves(noGas)
    const zk = curveOf(curves, 'zk')
    const P = curves.parameters
    for (let i = 1; i < zk.length; i++) {
      const slope =
        Math.log((zk[i] as number) / (zk[i - 1] as number)) /
        Math.log((P[i] as number) / (P[i - 1] as number))
      expect(slope).toBeCloseTo(ZK_POWER_LAW_B - 1, 9)
    }
    // a·P^b seconds at speed × costPerFlop per second, over 2·P FLOPs × costPerFlop.
    const at = P[0] as number
    expect((zk[0] as number) / ((ZK_POWER_LAW_A * at ** ZK_POWER_LAW_B * 1e14) / (2 * at))).toBeCloseTo(1, 9)
  })

  it('finds the crossover where the cheapest verifying mode changes, where the curves cross', () => {
    const curves = overheadCurves(input)
    const { crossovers } = curves
    // Small models: a TEE's fixed cost and zk's proving dwarf sampling's p; large ones: the TEE's 5%
    // beats sampling's 10%.
    expect(crossovers[0]).toEqual({ parameters: 1e6, mode: 'sampling' })
    const last = crossovers.at(-1)
    expect(last?.mode).toBe('tee')
    const at = last?.parameters as number
    // The TEE curve crosses p there: 0.05 + (0.05 s × speed × costPerFlop + gas × gasPrice) ÷ (2·P·1000·costPerFlop) = 0.1.
    const fixed = 0.05 * 1e14 * 1e-17 + 80_000 * 1e-12
    expect(at / (fixed / (0.05 * 2 * 1000 * 1e-17))).toBeCloseTo(1, 6)
    const grid = overheadCurves({ ...input, grid: { from: 1e6, to: 1e12, perDecade: 20 } })
    expect(grid.crossovers.map((c) => c.mode)).toEqual(crossovers.map((c) => c.mode))
    expect((grid.crossovers.at(-1)?.parameters as number) / at).toBeCloseTo(1, 6)
  })

  it('gives no crossover when one mode is cheapest at every size', () => {
    const flatTee = { ...input, protocol: { ...input.protocol, p: 0.01 } }
    expect(overheadCurves(flatTee).crossovers).toEqual([{ parameters: 1e6, mode: 'sampling' }])
  })

  it('charges deterministic kernels to the re-executing modes: hosts f − 1, each re-execution f', () => {
    const exact = { ...input, protocol: { ...input.protocol, exact: { overheadFactor: 1.25 } } }
    const curves = overheadCurves(exact)
    expect(curveOf(curves, 'none')[0]).toBeCloseTo(0.25, 12)
    expect(curveOf(curves, 'sampling')[0]).toBeCloseTo(0.25 + 0.1 * 1.25, 12)
    expect(curveOf(curves, 'replication')[0]).toBeCloseTo(3 * 1.25 - 1, 12)
    expect(curveOf(curves, 'optimistic')[0]).toBeCloseTo(0.25 + 3 * 0.1 * 1.25, 12)
    expect(curveOf(curves, 'tee')).toEqual(curveOf(overheadCurves(input), 'tee'))
  })
})
