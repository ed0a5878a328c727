import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Overrides } from '../scenarios/index.ts'
import { runScenarioFile } from './runScenarioFile.ts'

// One small scenario, run for real (anvil + onnxruntime) in every mode and behaviour.
const tmp = mkdtempSync(join(tmpdir(), 'verisim-modes-'))
const file = join(tmp, 'base.yaml')
writeFileSync(
  file,
  `name: modes
seed: 3
duration: 90
blockTime: 6
model: { builtin: mlp, width: 16, depth: 4, inputSize: 8, outputSize: 4, seed: 2, cheats: { skipLayers: 1 } }
hosts: { count: 6, stake: 100, behaviours: { honest: 0.5, lazy: 0.5 }, variant: noise, cheatRate: 1 }
verifiers: { count: 2 }
requesters: { count: 1, jobRate: 0.5, fee: 0.01 }
protocol: { mode: sampling, p: 1, k: 3, challengeWindow: 60, slashFraction: 0.01, moveTimeout: 20 }
`,
)
const run = (overrides: Overrides) => runScenarioFile(file, overrides)

describe('every verification mode runs end to end', () => {
  it('none: nothing is checked and every bad result reaches finality', async () => {
    const { result } = await run({ 'protocol.mode': 'none' })
    expect(result.counts.bad_results).toBeGreaterThan(0)
    expect(result.counts.checks).toBe(0)
    expect(result.counts.undetected).toBe(result.counts.bad_results)
    expect(result.metrics.verification_overhead).toBe(0)
  }, 60_000)

  it('replication: k hosts per job, the minority is slashed, honest hosts never', async () => {
    const { result } = await run({
      'protocol.mode': 'replication',
      'hosts.behaviours': { honest: 5 / 6, lazy: 1 / 6 },
    })
    expect(result.counts.results).toBe(3 * result.counts.jobs)
    expect(result.counts.detected).toBe(result.counts.bad_results)
    expect(result.counts.false_slashes).toBe(0)
    expect(result.counts.disputes).toBe(result.counts.jobs)
    // Two extra replicas per job are verification compute.
    expect(result.metrics.verification_overhead as number).toBeGreaterThan(2)
  }, 60_000)

  it('replication: replicas on the same hardware run once, and the cache changes no result', async () => {
    const overrides: Overrides = {
      'protocol.mode': 'replication',
      'hosts.behaviours': { honest: 5 / 6, lazy: 1 / 6 },
    }
    const cached = await run(overrides)
    const uncached = await run({ ...overrides, inferenceCache: 0 })
    // Honest replicas of one job share model, variant, hardware and input: all but one hit.
    expect(cached.result.counts.cached_inferences).toBeGreaterThan(cached.result.counts.jobs)
    expect(uncached.result.counts.cached_inferences).toBe(0)
    const { cached_inferences: _, ...counts } = cached.result.counts
    const { cached_inferences: __, ...uncachedCounts } = uncached.result.counts
    expect(counts).toEqual(uncachedCounts)
    expect(cached.result.metrics).toEqual(uncached.result.metrics)
    expect(cached.trace).toEqual(uncached.trace)
  }, 60_000)

  it('replication: two noise cheaters on one job never outvote the honest host', async () => {
    // Half the hosts always cheat, so many jobs get two cheaters: each draws its own noise.
    const { result } = await run({ 'protocol.mode': 'replication' })
    expect(result.counts.bad_results).toBeGreaterThan(result.counts.jobs / 2)
    expect(result.counts.false_slashes).toBe(0)
    expect(result.counts.refunded_results).toBeGreaterThan(0)
  }, 60_000)

  it('replication: once slashing leaves fewer than k staked hosts, requests go unserved', async () => {
    // Three hosts, k = 3: the cheater's first slash takes it below minStake.
    const { result } = await run({
      'protocol.mode': 'replication',
      'hosts.count': 3,
      'hosts.behaviours': { honest: 2 / 3, lazy: 1 / 3 },
      'protocol.minStake': 95,
      'protocol.slashFraction': 0.1,
    })
    expect(result.counts.detected).toBeGreaterThan(0)
    expect(result.counts.unserved_jobs).toBeGreaterThan(0)
    expect(result.counts.false_slashes).toBe(0)
  }, 60_000)

  it('replication: without a strict majority nobody is slashed and fees are refunded', async () => {
    const { result } = await run({ 'protocol.mode': 'replication', 'protocol.k': 2 })
    expect(result.counts.false_slashes).toBe(0)
    expect(result.counts.refunded_results).toBeGreaterThan(0)
  }, 60_000)

  it('optimistic: watchers open bisection games that the cheaters lose', async () => {
    const { result } = await run({ 'protocol.mode': 'optimistic', 'protocol.watchProbability': 1 })
    expect(result.counts.games).toBeGreaterThan(0)
    expect(result.counts.detected).toBe(result.counts.bad_results)
    expect(result.counts.false_slashes).toBe(0)
  }, 60_000)

  for (const mode of ['tee', 'zk'] as const) {
    it(`${mode}: modeled, marked as such, and bad results pass only when the trust assumption fails`, async () => {
      const sound = await run({ 'protocol.mode': mode })
      expect(sound.result.modeled.join(' ')).toMatch(new RegExp(mode))
      expect(sound.result.metrics.detection_rate).toBe(1)
      expect(sound.result.gasByCall.attest?.calls).toBeGreaterThan(0)
      const factor = mode === 'tee' ? 1.05 : 300
      expect(sound.result.metrics.verification_overhead as number).toBeGreaterThan(factor - 1 - 1e-9)
      const broken = await run({ 'protocol.mode': mode, [`protocol.${mode}.failureRate`]: 1 })
      expect(broken.result.metrics.detection_rate).toBe(0)
    }, 60_000)
  }
})

describe('verifier and requester behaviours', () => {
  it('colluding verifiers never challenge their coalition', async () => {
    const honest = await run({})
    const { result } = await run({
      'verifiers.behaviours': { colluding: 1 },
      'verifiers.coalition': { hosts: ['lazy', 'adaptive'] },
    })
    expect(honest.result.counts.detected).toBeGreaterThan(0)
    expect(result.counts.checks).toBeGreaterThan(0)
    expect(result.counts.detected).toBe(0)
  }, 60_000)

  it('lazy verifiers that always skip check nothing', async () => {
    const { result } = await run({ 'verifiers.behaviours': { lazy: 1 }, 'verifiers.skipProbability': 1 })
    expect(result.counts.checks).toBe(0)
    expect(result.counts.undetected).toBe(result.counts.bad_results)
  }, 60_000)

  it('requesters choose the network only when it costs them less than the centralized baseline', async () => {
    const cheap = await run({ 'requesters.choice': true, 'economics.centralizedPrice': 1 })
    const dear = await run({ 'requesters.choice': true, 'economics.centralizedPrice': 0.001 })
    expect(cheap.result.metrics.adoption_share).toBe(1)
    expect(dear.result.metrics.adoption_share).toBe(0)
    expect(dear.result.counts.jobs).toBe(0)
    expect(dear.result.counts.centralized_jobs).toBeGreaterThan(0)
  }, 60_000)

  it('adaptive hosts cheat more while unpunished', async () => {
    const { result, trace } = await runScenarioFile(
      file,
      {
        'protocol.mode': 'none',
        'hosts.behaviours': { honest: 0.5, adaptive: 0.5 },
        'hosts.adaptive': { initialRate: 0.1, step: 0.1 },
      },
      { keepTrace: true },
    )
    const jobs = trace.filter((e) => e.type === 'job')
    const half = Math.floor(jobs.length / 2)
    const cheats = (list: typeof jobs) =>
      list.filter((e) => e.type === 'job' && e.variant !== 'honest').length
    expect(cheats(jobs.slice(half))).toBeGreaterThan(cheats(jobs.slice(0, half)))
    expect(result.counts.detected).toBe(0)
  }, 60_000)
})
