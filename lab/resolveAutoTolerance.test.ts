import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  buildModel,
  decoderSpecOf,
  encodeModel,
  measureGenerationSpread,
  measureHardwareSpread,
  requestFromOrder,
} from '../engine/index.ts'
import { formatHumanSummary } from '../reports/index.ts'
import { loadScenario, resolveRunSpec } from '../scenarios/index.ts'
import { middleOrder, REFERENCE_HARDWARE, type RunSpec } from '../sim/index.ts'
import { createRunner } from './createRunner.ts'
import { snapshotFolder } from './fixtures/snapshotFolder.ts'
import { mergeShards } from './mergeShards.ts'
import {
  AUTO_GENERATION_SEED_BASE,
  AUTO_TOLERANCE_FLOOR,
  AUTO_TOLERANCE_SEEDS,
  resolveAutoTolerance,
} from './resolveAutoTolerance.ts'
import { runOnAdapters } from './runOnAdapters.ts'
import { runScenario } from './runScenario.ts'
import { runSweep } from './runSweep.ts'

// Honest hosts on three hardware profiles (one with fp16 weights), a quarter of hosts skipping layers.
const file = 'scenarios/library/heterogeneous-hardware.yaml'
const autoSpec = (overrides: Record<string, unknown> = {}): RunSpec =>
  resolveRunSpec(loadScenario(file, { tolerance: 'auto', ...overrides }).scenario, file)
const tmp = mkdtempSync(join(tmpdir(), 'verisim-autoTolerance-'))
const runner = createRunner({ workers: 1, parallel: 1, ledger: { kind: 'memory' } })
afterAll(async () => {
  await runner.close()
  rmSync(tmp, { recursive: true, force: true })
})

describe('resolveAutoTolerance', () => {
  it('sets the tolerance to the largest honest spread between the profiles times the margin', async () => {
    const spec = autoSpec({ toleranceMargin: 3 })
    expect(Number.isNaN(spec.tolerance)).toBe(true)
    const resolved = await resolveAutoTolerance(spec)
    // The same spread, measured here: every host profile against the verifiers' hardware and,
    // with the verifiers', against the reference, on checkpoints and the referee's one layer.
    if (spec.model.kind !== 'mlp') throw new Error('the library scenario is an mlp')
    const honest = spec.hosts.hardware.map(({ profile }) => ({
      variant: 'honest' as const,
      hardware: profile,
    }))
    const verifier = { variant: 'honest' as const, hardware: spec.verifiers.hardware }
    const spreads = [
      ...(await measureHardwareSpread(spec.model, honest, AUTO_TOLERANCE_SEEDS, verifier)),
      ...(await measureHardwareSpread(spec.model, [...honest, verifier], AUTO_TOLERANCE_SEEDS)),
    ]
    const spread = Math.max(...spreads.map((s) => Math.max(s.maxRel, s.layerMaxRel)))
    // fp16 weights move values by about 1e-3 (measureHardwareSpread.test): far from 0, inside 5e-3.
    expect(spread).toBeGreaterThan(1e-5)
    expect(resolved.tolerance).toBe(spread * 3)
    expect(resolved.toleranceAuto).toEqual({ margin: 3, measured: { spread, floored: false } })
    // The same scenario gets the same tolerance.
    expect((await resolveAutoTolerance(autoSpec({ toleranceMargin: 3 }))).tolerance).toBe(resolved.tolerance)
  }, 120_000)

  it('uses the floor when every profile is bit-identical, and leaves a numeric tolerance alone', async () => {
    const same = autoSpec({ 'hosts.hardware': [{ share: 1, ...REFERENCE_HARDWARE }] })
    const resolved = await resolveAutoTolerance(same)
    expect(resolved.toleranceAuto?.measured).toEqual({ spread: 0, floored: true })
    expect(resolved.tolerance).toBe(AUTO_TOLERANCE_FLOOR * 4)
    const fixed = resolveRunSpec(loadScenario(file).scenario, file)
    expect(await resolveAutoTolerance(fixed)).toBe(fixed)
  }, 60_000)

  it('refuses to run a spec whose auto tolerance was never measured', async () => {
    await expect(runOnAdapters(autoSpec(), { workers: 1, ledger: { kind: 'memory' } })).rejects.toThrow(
      /tolerance: auto has not been measured/,
    )
  })

  it('slashes no honest host on mixed hardware, still catches skip, and records the spread it used, in a resolved scenario that repeats the run', async () => {
    const out = join(tmp, 'run')
    const { spec, result } = await runScenario(runner, file, {
      out,
      overrides: { tolerance: 'auto', duration: 120 },
    })
    expect(result.counts.bad_results).toBeGreaterThan(0)
    expect(result.metrics.false_slash_rate).toBe(0)
    expect(result.metrics.detection_rate).toBe(1)
    const measured = spec.toleranceAuto?.measured
    if (!measured) throw new Error('runScenario did not measure the tolerance')
    const record = {
      auto: true,
      measured_spread: measured.spread,
      margin: 4,
      used: spec.tolerance,
      floored: false,
    }
    expect(spec.tolerance).toBe(measured.spread * 4)
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
    expect(summary.tolerance).toEqual(record)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.tolerance).toMatchObject([{ ...record, points: [0] }])
    // runs.csv says the figure the run compared at.
    const [header, row] = readFileSync(join(out, 'runs.csv'), 'utf8').trimEnd().split('\n')
    const column = (header as string).split(',').indexOf('tolerance_used')
    expect(Number((row as string).split(',')[column])).toBe(spec.tolerance)
    // scenario.resolved.yaml holds that number, not auto: a run from it measures nothing and
    // repeats this one event for event.
    const resolvedFile = join(out, 'scenario.resolved.yaml')
    expect(readFileSync(resolvedFile, 'utf8')).toContain(
      `#   honest spread ${measured.spread} × toleranceMargin 4\n`,
    )
    const again = await runScenario(runner, resolvedFile, { out: join(tmp, 'again') })
    expect(again.spec.toleranceAuto).toBeUndefined()
    expect(again.spec.tolerance).toBe(spec.tolerance)
    expect(again.traceSha256).toBe(summary.trace_sha256)
    expect(again.result.metrics).toEqual(result.metrics)
    const report = readFileSync(join(out, 'report.html'), 'utf8')
    const shown = Number(spec.tolerance.toPrecision(3)).toString()
    expect(report).toContain(`data-tolerance>Tolerance auto: ${shown} used = measured honest spread`)
    // The spread is what honest hosts need: a tenth of it slashes them.
    const tight = await runScenario(runner, file, {
      out: join(tmp, 'tight'),
      overrides: { tolerance: measured.spread / 10, duration: 120 },
    })
    expect(tight.result.metrics.false_slash_rate as number).toBeGreaterThan(0)
    expect(formatHumanSummary(result, out, spec)).toMatch(
      /\ntolerance {9}auto: \S+ = measured honest spread \S+ × margin 4\n/,
    )
  }, 180_000)

  it('gives each point of a sweep its own figure, the same bytes on 1 or 2 workers and through shards', async () => {
    // Two model widths measure two spreads; fp16 hosts make both nonzero.
    const sweepFile = join(tmp, 'autoSweep.yaml')
    writeFileSync(
      sweepFile,
      `seed: 3
duration: 36
model: { builtin: mlp, width: 16, depth: 2, inputSize: 8, outputSize: 4, seed: 1 }
hosts: { count: 3, hardware: [{ share: 0.5, fp16Weights: true }, { share: 0.5 }] }
tolerance: auto
sweep:
  grid:
    model.width: [16, 32]
`,
    )
    const one = await runSweep(runner, sweepFile, { out: join(tmp, 'sweep1') })
    const used = one.runs.map((r) => r.spec.tolerance)
    expect(new Set(used).size).toBe(2)
    const [header, ...rows] = readFileSync(join(one.out, 'runs.csv'), 'utf8').trimEnd().split('\n')
    const column = (header as string).split(',').indexOf('tolerance_used')
    expect(rows.map((row) => Number(row.split(',')[column]))).toEqual(used)
    // Two figures: the resolved scenario keeps auto and names each point's.
    const resolved = readFileSync(join(one.out, 'scenario.resolved.yaml'), 'utf8')
    expect(resolved).toMatch(/\ntolerance: auto\n/)
    for (const [point, tolerance] of used.entries())
      expect(resolved).toContain(`#   point ${point}: ${tolerance} = `)
    const two = createRunner({ workers: 2, parallel: 2, ledger: { kind: 'memory' } })
    try {
      await runSweep(two, sweepFile, { out: join(tmp, 'sweep2') })
    } finally {
      await two.close()
    }
    expect(snapshotFolder(join(tmp, 'sweep2'))).toEqual(snapshotFolder(one.out))
    const shards = [1, 2].map((index) => join(tmp, `shard${index}`))
    for (const [i, out] of shards.entries())
      await runSweep(runner, sweepFile, { out, shard: { index: i + 1, count: 2 } })
    // Each shard measured one point, so wrote one number; the merge writes what the whole sweep did.
    expect(readFileSync(join(shards[0] as string, 'scenario.resolved.yaml'), 'utf8')).toContain(
      `\ntolerance: ${used[0]}\n`,
    )
    const merged = await mergeShards(shards, { out: join(tmp, 'merged') })
    expect(snapshotFolder(merged.out)).toEqual(snapshotFolder(one.out))
  }, 180_000)

  it('measures an .onnx file on its declared input as the same built-in model, and runs on it', async () => {
    const builtIn = autoSpec()
    if (builtIn.model.kind !== 'mlp') throw new Error('the library scenario is an mlp')
    // The library's model as a user would export it: only the result is a graph output.
    const built = buildModel(builtIn.model, 'honest')
    const graph = built.model.graph ?? {}
    const onnxFile = join(tmp, 'model.onnx')
    writeFileSync(
      onnxFile,
      encodeModel({ ...built.model, graph: { ...graph, output: graph.output?.slice(-1) } }),
    )
    const fromFile = { model: { file: onnxFile }, 'hosts.variant': 'int8', duration: 120 }
    const spec = resolveRunSpec(loadScenario(file, { tolerance: 'auto', ...fromFile }).scenario, file)
    const resolved = await resolveAutoTolerance(spec)
    expect(resolved.toleranceAuto?.measured?.floored).toBe(false)
    // The same graph on the same inputs: the same spread, to the bit.
    expect(resolved.tolerance).toBe((await resolveAutoTolerance(builtIn)).tolerance)
    const { result } = await runScenario(runner, file, {
      out: join(tmp, 'file'),
      overrides: { tolerance: 'auto', ...fromFile },
    })
    expect(result.counts.bad_results).toBeGreaterThan(0)
    expect(result.metrics.false_slash_rate).toBe(0)
    expect(result.metrics.detection_rate).toBe(1)
  }, 120_000)
})

describe('resolveAutoTolerance on a decoder', () => {
  // A tiny decoder; honest hosts on two profiles, one with fp16 weights, and an int4 cheater.
  const decoderFile = join(tmp, 'autoDecoder.yaml')
  writeFileSync(
    decoderFile,
    `seed: 4
duration: 48
blockTime: 12
model: { builtin: decoder, width: 32, heads: 2, blocks: 2, context: 32, seed: 3 }
workload: { prompt: 8, outputTokens: 16, chunkSize: 8 }
hosts:
  count: 4
  stake: 1000
  behaviours: { honest: 0.75, lazy: 0.25 }
  variant: int4
  cheatRate: 1
  hardware:
    - { share: 0.5, threads: 1, optimization: all, fp16Weights: false }
    - { share: 0.5, threads: 1, optimization: all, fp16Weights: true }
verifiers: { count: 2 }
requesters: { count: 2, jobRate: 0.5, fee: 0.0001 }
protocol: { mode: sampling, p: 1, minStake: 100, challengeWindow: 60 }
tolerance: auto
toleranceMargin: 3
`,
  )

  it('sets the generation maxValueDistance to the measured honest spread times the margin, and nothing else', async () => {
    const spec = resolveRunSpec(loadScenario(decoderFile).scenario, decoderFile)
    expect(spec.generationTolerance).toBeUndefined()
    const resolved = await resolveAutoTolerance(spec)
    // Measured here: the workload's jobs on each host profile, checked on the verifiers'
    // hardware and on the reference, last block and the checkpoint blocks before it.
    const { model, workload } = spec
    if (model.kind !== 'decoder' || !workload) throw new Error('a built-in decoder')
    const order = middleOrder(workload)
    const requests = AUTO_TOLERANCE_SEEDS.map((seed) =>
      requestFromOrder(order, AUTO_GENERATION_SEED_BASE + seed, model.vocab),
    )
    const profiles = spec.hosts.hardware.map(({ profile }) => ({ hardware: profile }))
    const decoder = decoderSpecOf(model)
    const spreads = [
      ...(await measureGenerationSpread(decoder, profiles, requests, spec.verifiers.hardware)),
      ...(await measureGenerationSpread(decoder, profiles, requests, REFERENCE_HARDWARE)),
    ]
    const spread = Math.max(...spreads.map((s) => Math.max(s.maxValueDistance, s.blockMaxValueDistance)))
    // fp16 weights move the hidden states: a real spread, far above float noise.
    expect(spread).toBeGreaterThan(1e-5)
    expect(resolved.generationTolerance).toEqual({
      minOverlap: 0.9,
      maxValueDistance: spread * 3,
      tokenMargin: 0.01,
    })
    expect(resolved.tolerance).toBe(spread * 3)
    expect(resolved.toleranceAuto?.measured).toEqual({
      spread,
      floored: false,
      generation: {
        minOverlap: Math.min(...spreads.map((s) => Math.min(s.minOverlap, s.blockMinOverlap))),
        maxTokenGap: Math.max(...spreads.map((s) => s.maxTokenGap)),
      },
    })
  }, 120_000)

  it('slashes no honest host, still catches int4, records the figure, and the resolved scenario repeats the run', async () => {
    const out = join(tmp, 'decoderRun')
    const { spec, result, traceSha256 } = await runScenario(runner, decoderFile, { out })
    expect(result.counts.bad_results).toBeGreaterThan(0)
    expect(result.counts.detected).toBeGreaterThan(0)
    expect(result.counts.false_slashes).toBe(0)
    const measured = spec.toleranceAuto?.measured
    const used = spec.generationTolerance?.maxValueDistance
    if (!measured?.generation || used === undefined)
      throw new Error('runScenario did not measure the tolerance')
    expect(used).toBe(measured.spread * 3)
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
    const generation = {
      min_overlap: 0.9,
      token_margin: 0.01,
      honest_min_overlap: measured.generation.minOverlap,
      honest_max_token_gap: measured.generation.maxTokenGap,
    }
    const record = {
      auto: true,
      measured_spread: measured.spread,
      margin: 3,
      used,
      floored: false,
      generation,
    }
    expect(summary.tolerance).toEqual(record)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.tolerance).toMatchObject([{ ...record, points: [0] }])
    const report = readFileSync(join(out, 'report.html'), 'utf8')
    expect(report).toContain(
      `Tolerance auto: generation maxValueDistance ${Number(used.toPrecision(3))} used = measured honest spread`,
    )
    expect(formatHumanSummary(result, out, spec)).toMatch(
      /\ntolerance {9}auto: generation maxValueDistance \S+ = measured honest spread \S+ × margin 3\n {18}honest least overlap/,
    )
    // The resolved file states the figure as generationTolerance: a run from it measures nothing.
    const resolvedFile = join(out, 'scenario.resolved.yaml')
    expect(readFileSync(resolvedFile, 'utf8')).toContain(
      `toleranceMargin: 3\ngenerationTolerance:\n  minOverlap: 0.9\n  maxValueDistance: ${used}\n  tokenMargin: 0.01\n`,
    )
    const again = await runScenario(runner, resolvedFile, { out: join(tmp, 'decoderAgain') })
    expect(again.spec.toleranceAuto).toBeUndefined()
    expect(again.spec.generationTolerance).toEqual(spec.generationTolerance)
    expect(again.traceSha256).toBe(traceSha256)
    // The figure reaches the checks: a tenth of the spread slashes the fp16 hosts.
    const tight = await runScenario(runner, resolvedFile, {
      out: join(tmp, 'decoderTight'),
      overrides: { 'generationTolerance.maxValueDistance': measured.spread / 10 },
    })
    expect(tight.result.counts.false_slashes).toBeGreaterThan(0)
  }, 180_000)
})
