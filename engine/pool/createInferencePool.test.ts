import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import onnxProto from 'onnx-proto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import {
  type HardwareProfile,
  type InferencePort,
  type MlpModelSpec,
  type ModelInfo,
  REFERENCE_HARDWARE,
  type RunRef,
  type TransformerModelSpec,
  type VariantName,
} from '../../sim/index.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import { buildMlp } from '../build/buildMlp.ts'
import type { DecoderSpec } from '../build/decoderTypes.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { generate } from '../run/generate.ts'
import type { GenerationRequest } from '../run/generationTypes.ts'
import { openDecoder } from '../run/openDecoder.ts'
import { openVariant } from '../run/openVariant.ts'
import { runInference } from '../run/runInference.ts'
import { createInferencePool } from './createInferencePool.ts'
import type { InferencePool } from './generationJobs.ts'

const TOLERANCE = 5e-3
const cheats = { skipLayers: 3, noiseScale: 1, substituteWidth: 16 }
const mlp: MlpModelSpec = { kind: 'mlp', width: 64, depth: 8, inputSize: 32, outputSize: 10, seed: 7, cheats }
const transformer: TransformerModelSpec = {
  kind: 'transformer',
  dModel: 32,
  heads: 4,
  blocks: 4,
  seqLen: 8,
  ffMult: 2,
  seed: 7,
  cheats: { ...cheats, skipLayers: 2 },
}
const FP16: HardwareProfile = { threads: 2, optimization: 'basic', fp16Weights: true }
const seeds = Array.from({ length: 8 }, (_, i) => 1000 + i)
const variants: VariantName[] = ['honest', 'skip', 'int8', 'substitute', 'noise']
const run = (variant: VariantName, hardware = REFERENCE_HARDWARE): RunRef => ({ variant, hardware })

let one: InferencePort
let two: InferencePort
let exact: InferencePort
let mlpInfo: ModelInfo
let transformerInfo: ModelInfo
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verisim-pool-'))
  one = createInferencePool({ workers: 1, tolerance: TOLERANCE })
  two = createInferencePool({ workers: 2, tolerance: TOLERANCE })
  exact = createInferencePool({ workers: 1, tolerance: 0 })
  const infos = await Promise.all(
    [one, two, exact].flatMap((pool) => [pool.load(mlp), pool.load(transformer)]),
  )
  ;[mlpInfo, transformerInfo] = infos as [ModelInfo, ModelInfo]
  expect(infos.slice(2)).toEqual([...infos.slice(0, 2), ...infos.slice(0, 2)])
})
afterAll(async () => {
  await Promise.all([one?.close(), two?.close(), exact?.close()])
  await rm(dir, { recursive: true, force: true })
})

/** Every request kind for every variant and seed, so two pools can be compared wholesale. */
async function everything(pool: InferencePort, info: ModelInfo) {
  const modelId = info.id
  return Promise.all(
    variants.flatMap((variant) =>
      seeds.slice(0, 3).flatMap((inputSeed) => [
        pool.infer({ modelId, inputSeed, ...run(variant, FP16) }),
        pool.compare({ modelId, inputSeed, claimed: run(variant, FP16), reference: run('honest') }),
        pool.checkLayer({
          modelId,
          inputSeed,
          layer: 2,
          claimed: run(variant),
          hardware: REFERENCE_HARDWARE,
        }),
      ]),
    ),
  )
}

describe('createInferencePool', () => {
  it('describes every variant, with each layer’s cost', () => {
    expect(mlpInfo.layers).toBe(9)
    expect(mlpInfo.inputSize).toBe(32)
    expect(mlpInfo.hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(mlpInfo.layerFlops.reduce((a, b) => a + b, 0)).toBe(mlpInfo.variants.honest.flops)
    expect(mlpInfo.layerFlops[0]).toBe(2 * 32 * 64 + 2 * 64)
    for (const variant of ['skip', 'int8', 'substitute', 'noise'] as const) {
      expect(mlpInfo.variants[variant]?.flops).toBeLessThan(mlpInfo.variants.honest.flops)
    }
    expect(mlpInfo.variants.noise?.flops).toBe(8 * 64 + 10)
    expect(transformerInfo.layers).toBe(4)
    expect(transformerInfo.inputSize).toBe(8 * 32)
    expect(transformerInfo.layerFlops).toEqual(Array(4).fill(transformerInfo.variants.honest.flops / 4))
  })

  it('gives byte-identical results with 1 and 2 workers, and in the calling thread', async () => {
    for (const info of [mlpInfo, transformerInfo]) {
      const [fromOne, fromTwo] = await Promise.all([everything(one, info), everything(two, info)])
      expect(fromTwo).toEqual(fromOne)
    }
    const local = await openVariant(buildMlp(mlp, 'honest'), REFERENCE_HARDWARE)
    const inputSeed = seeds[0] ?? 0
    const pooled = await two.infer({ modelId: mlpInfo.id, inputSeed, ...run('honest') })
    expect(await runInference(local, inputSeed, TOLERANCE)).toEqual(pooled)
    await local.release()
    expect(pooled.layerDigests).toHaveLength(9)
    expect(pooled.output).toHaveLength(10)
    expect(pooled.flops).toBe(mlpInfo.variants.honest.flops)
    // Asked for the result alone, it digests nothing else and the result the same way.
    const resultOnly = await two.infer({
      modelId: mlpInfo.id,
      inputSeed,
      ...run('honest'),
      checkpoints: false,
    })
    expect(resultOnly).toEqual({ ...pooled, layerDigests: [] })
    expect(resultOnly.resultDigest).toBe(pooled.layerDigests.at(-1))
    // Asked for digests only, the same digests come back with no output values.
    const digestsOnly = await two.infer({ modelId: mlpInfo.id, inputSeed, ...run('honest'), output: false })
    expect(digestsOnly).toEqual({ ...pooled, output: new Float32Array(0) })
  })

  it('reports every checkpoint for every variant, at each variant’s cost', async () => {
    for (const variant of variants) {
      const result = await two.infer({ modelId: mlpInfo.id, inputSeed: 3, ...run(variant) })
      expect(result.layerDigests, variant).toHaveLength(9)
      expect(result.resultDigest).toBe(result.layerDigests.at(-1))
      expect(result.flops).toBe(mlpInfo.variants[variant]?.flops)
    }
    // Skip shares the honest weights: equal up to the first skipped layer, then repeating.
    const [honest, skip] = await Promise.all(
      (['honest', 'skip'] as const).map((variant) =>
        two.infer({ modelId: mlpInfo.id, inputSeed: 3, ...run(variant) }),
      ),
    )
    expect(skip?.layerDigests.slice(0, 5)).toEqual(honest?.layerDigests.slice(0, 5))
    expect(new Set(skip?.layerDigests.slice(4, 8)).size).toBe(1)
    expect(skip?.resultDigest).not.toBe(honest?.resultDigest)
  })

  it('passes honest hosts on any hardware within tolerance and catches every cheat', async () => {
    for (const inputSeed of seeds) {
      const compare = (variant: VariantName, hardware = REFERENCE_HARDWARE) =>
        two.compare({
          modelId: mlpInfo.id,
          inputSeed,
          claimed: run(variant, hardware),
          reference: run('honest'),
        })
      expect((await compare('honest', FP16)).agree).toEqual(Array(9).fill(true))
      expect((await compare('honest', FP16)).flops).toBe(mlpInfo.variants.honest.flops)
      expect((await compare('skip')).agree).toEqual([...Array(5).fill(true), false, false, false, false])
      for (const cheat of ['int8', 'substitute', 'noise'] as const) {
        expect((await compare(cheat)).agree.every(Boolean), cheat).toBe(false)
      }
    }
  })

  it('needs bit-identical runs at tolerance 0, which fp16 hardware breaks', async () => {
    const inputSeed = 5
    const [reference, again, fp16] = await Promise.all(
      [REFERENCE_HARDWARE, { ...REFERENCE_HARDWARE }, FP16].map((hardware) =>
        exact.infer({ modelId: mlpInfo.id, inputSeed, ...run('honest', hardware) }),
      ),
    )
    expect(again).toEqual(reference)
    expect(fp16?.resultDigest).not.toBe(reference?.resultDigest)
    const verdict = await exact.compare({
      modelId: mlpInfo.id,
      inputSeed,
      claimed: run('honest', FP16),
      reference: run('honest'),
    })
    expect(verdict.agree).toEqual(Array(9).fill(false))
  })

  it('compares one request on raw bits when it asks for exact, whatever the pool’s tolerance', async () => {
    const inputSeed = 5
    const compare = (claimed: RunRef, exactly: boolean) =>
      one.compare({ modelId: mlpInfo.id, inputSeed, claimed, reference: run('honest'), exact: exactly })
    // Same hardware class: deterministic, so bit-identical, even at tolerance 0.
    expect((await compare(run('honest'), true)).agree).toEqual(Array(9).fill(true))
    // fp16 weights: within the pool's tolerance, never bit-identical.
    expect((await compare(run('honest', FP16), false)).agree).toEqual(Array(9).fill(true))
    expect((await compare(run('honest', FP16), true)).agree).toEqual(Array(9).fill(false))
    // A cheat is caught either way.
    for (const cheat of ['skip', 'int8', 'noise'] as const)
      expect((await compare(run(cheat), true)).agree.every(Boolean), cheat).toBe(false)
    // Without the flag the pool's tolerance stands.
    const plain = await one.compare({
      modelId: mlpInfo.id,
      inputSeed,
      claimed: run('honest', FP16),
      reference: run('honest'),
    })
    expect(plain.agree).toEqual(Array(9).fill(true))
  })

  it('referees one layer: honest agrees everywhere, skip fails at its first skipped layer, noise at 1', async () => {
    for (const [info, firstSkipped] of [
      [mlpInfo, 6],
      [transformerInfo, 3],
    ] as const) {
      const verdicts = async (claimed: RunRef) => {
        const checks = Array.from({ length: info.layers }, (_, i) =>
          two.checkLayer({
            modelId: info.id,
            inputSeed: 11,
            layer: i + 1,
            claimed,
            hardware: REFERENCE_HARDWARE,
          }),
        )
        return Promise.all(checks)
      }
      const honest = await verdicts(run('honest', FP16))
      expect(honest.map((v) => v.agree)).toEqual(Array(info.layers).fill(true))
      expect(honest.map((v) => v.flops)).toEqual(info.layerFlops)
      const skip = (await verdicts(run('skip'))).map((v) => v.agree)
      expect(skip.slice(0, firstSkipped)).toEqual([...Array(firstSkipped - 1).fill(true), false])
      expect((await verdicts(run('noise')))[0]?.agree).toBe(false)
      expect((await verdicts(run('int8')))[0]?.agree).toBe(false)
      expect((await verdicts(run('substitute')))[0]?.agree).toBe(false)
    }
  })

  it('runs a file model as honest, int8 and noise, matching the built-in model', async () => {
    const built = buildMlp(mlp, 'honest')
    const graph = built.model.graph ?? {}
    const path = join(dir, 'mlp.onnx')
    await writeFile(
      path,
      encodeModel({ ...built.model, graph: { ...graph, output: graph.output?.slice(-1) } }),
    )
    const file = await two.load({ kind: 'file', path, cheats })
    expect(Object.keys(file.variants).sort()).toEqual(['honest', 'int8', 'noise'])
    expect(file.layers).toBe(9)
    expect(file.layerFlops).toEqual(mlpInfo.layerFlops)
    for (const variant of ['honest', 'int8', 'noise'] as const) {
      const [fromFile, builtIn] = await Promise.all(
        [file, mlpInfo].map((info) => two.infer({ modelId: info.id, inputSeed: 4, ...run(variant, FP16) })),
      )
      expect(fromFile, variant).toEqual(builtIn)
    }
    await expect(two.infer({ modelId: file.id, inputSeed: 1, ...run('skip') })).rejects.toThrow(InputError)
    await expect(two.infer({ modelId: file.id, inputSeed: 1, ...run('skip') })).rejects.toThrow(
      /no skip variant/,
    )
  })

  it('runs a convolutional .onnx file: checkpoints between its stages, one-layer referee checks', async () => {
    const { onnx } = onnxProto
    const weights = (name: string, dims: number[]) => {
      const values = Float32Array.from(
        { length: dims.reduce((a, b) => a * b, 1) },
        (_, i) => Math.sin(i + name.length) / 4,
      )
      return onnx.TensorProto.create({ name, dims, dataType: 1, rawData: new Uint8Array(values.buffer) })
    }
    const ints = (name: string, values: number[]) => ({ name, ints: values, type: 7 })
    const node = (opType: string, input: string[], output: string, attribute: object[] = []) =>
      onnx.NodeProto.create({ opType, input, output: [output], attribute })
    const info = (name: string, dims: number[]) =>
      onnx.ValueInfoProto.create({
        name,
        type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
      })
    // An exported image classifier: Conv-Relu-MaxPool, Conv-Relu, global pool, flatten, Gemm.
    const graph = onnx.GraphProto.create({
      name: 'cnn',
      node: [
        node('Conv', ['x', 'w1', 'b1'], 'c1', [ints('pads', [1, 1, 1, 1])]),
        node('Relu', ['c1'], 'r1'),
        node('MaxPool', ['r1'], 'p1', [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]),
        node('Conv', ['p1', 'w2', 'b2'], 'c2', [ints('pads', [1, 1, 1, 1])]),
        node('Relu', ['c2'], 'r2'),
        node('GlobalAveragePool', ['r2'], 'g'),
        node('Flatten', ['g'], 'f'),
        node('Gemm', ['f', 'w3', 'b3'], 'y', [{ name: 'transB', i: 1, type: 2 }]),
      ],
      initializer: [
        weights('w1', [4, 1, 3, 3]),
        weights('b1', [4]),
        weights('w2', [8, 4, 3, 3]),
        weights('b2', [8]),
        weights('w3', [3, 8]),
        weights('b3', [3]),
      ],
      input: [info('x', [1, 1, 8, 8])],
      output: [info('y', [1, 3])],
    })
    const path = join(dir, 'cnn.onnx')
    await writeFile(
      path,
      encodeModel(
        onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }),
      ),
    )
    const cnn = await two.load({ kind: 'file', path, cheats })
    expect(cnn.layers).toBe(3)
    const conv1 = 2 * 4 * 8 * 8 * 9 + 4 * 8 * 8
    expect(cnn.layerFlops[0]).toBe(conv1 + 4 * 8 * 8 + 4 * 4 * 4 * 4)
    const honest = await two.infer({ modelId: cnn.id, inputSeed: 3, ...run('honest') })
    expect(honest.layerDigests).toHaveLength(3)
    expect(honest.output).toHaveLength(3)
    for (let layer = 1; layer <= 3; layer++) {
      const check = await two.checkLayer({
        modelId: cnn.id,
        inputSeed: 3,
        layer,
        claimed: run('honest'),
        hardware: REFERENCE_HARDWARE,
      })
      expect(check.agree, `layer ${layer}`).toBe(true)
    }
    const noise = await two.checkLayer({
      modelId: cnn.id,
      inputSeed: 3,
      layer: 2,
      claimed: run('noise'),
      hardware: REFERENCE_HARDWARE,
    })
    expect(noise.agree).toBe(false)
  })

  it('builds a variant left out of the warm-up on its first use, with the same result', async () => {
    const pool = createInferencePool({ workers: 1, tolerance: TOLERANCE })
    try {
      const other = { ...mlp, seed: 8 }
      const info = await pool.load(other, { warm: ['honest'] })
      const request = { modelId: info.id, inputSeed: 5, hardware: REFERENCE_HARDWARE }
      const cold = await pool.infer({ ...request, variant: 'int8' })
      const warmed = await one.load(other)
      expect((await one.infer({ ...request, modelId: warmed.id, variant: 'int8' })).resultDigest).toBe(
        cold.resultDigest,
      )
    } finally {
      await pool.close()
    }
  })

  it('dispatch sends waiting requests at once and takes results in event-loop turns', async () => {
    const pool = two as InferencePool
    expect(pool.dispatch?.()).toBeUndefined()
    let settled: string | undefined
    const request = { modelId: mlpInfo.id, variant: 'honest', inputSeed: 11, hardware: REFERENCE_HARDWARE }
    void pool.infer({ ...request, variant: 'honest' }).then((r) => {
      settled = r.resultDigest
    })
    // The simulation's event loop awaits nothing else between its events: turns alone must do.
    for (let turn = pool.dispatch?.(); settled === undefined; turn = pool.dispatch?.()) {
      expect(turn).toBeDefined()
      await turn
    }
    expect(settled).toBe((await one.infer({ ...request, variant: 'honest' })).resultDigest)
    expect(pool.dispatch?.()).toBeUndefined()
  })

  it('reports file errors with the path', async () => {
    const missing = join(dir, 'nope.onnx')
    await expect(one.load({ kind: 'file', path: missing, cheats })).rejects.toThrow(
      `model file not found: ${missing}`,
    )
    const garbage = join(dir, 'garbage.onnx')
    await writeFile(garbage, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]))
    await expect(one.load({ kind: 'file', path: garbage, cheats })).rejects.toThrow(InputError)
    await expect(one.load({ kind: 'file', path: garbage, cheats })).rejects.toThrow(garbage)
  })

  it('rejects bad options and requests, naming the field', async () => {
    expect(() => createInferencePool({ workers: 0, tolerance: TOLERANCE })).toThrow(/workers/)
    expect(() => createInferencePool({ workers: 1, tolerance: -1 })).toThrow(/tolerance/)
    const modelId = mlpInfo.id
    await expect(one.infer({ modelId: 'mlp:nothing', inputSeed: 1, ...run('honest') })).rejects.toThrow(
      /unknown model/,
    )
    const badHardware = { ...REFERENCE_HARDWARE, threads: 0 }
    await expect(one.infer({ modelId, inputSeed: 1, ...run('honest', badHardware) })).rejects.toThrow(
      /request\.hardware\.threads/,
    )
    await expect(
      one.compare({ modelId, inputSeed: 1, claimed: run('honest'), reference: run('honest', badHardware) }),
    ).rejects.toThrow(/reference\.hardware\.threads/)
    for (const layer of [0, 10, 1.5]) {
      await expect(
        one.checkLayer({
          modelId,
          inputSeed: 1,
          layer,
          claimed: run('honest'),
          hardware: REFERENCE_HARDWARE,
        }),
      ).rejects.toThrow(/layer must be an integer in \[1, 9\]/)
    }
    const noSkip = await one.load({ ...mlp, cheats: { ...cheats, skipLayers: 0 } })
    expect(noSkip.variants.skip).toBeUndefined()
    await expect(one.infer({ modelId: noSkip.id, inputSeed: 1, ...run('skip') })).rejects.toThrow(
      /model\.cheats\.skipLayers is 0/,
    )
    await expect(one.load({ ...mlp, cheats: { ...cheats, noiseScale: -1 } })).rejects.toThrow(
      /model\.cheats\.noiseScale/,
    )
  })
})

describe('createInferencePool generation', () => {
  const decoder: DecoderSpec = { vocab: 256, width: 32, heads: 4, blocks: 2, context: 96, ffMult: 4, seed: 2 }
  const requests: GenerationRequest[] = Array.from({ length: 6 }, (_, i) => ({
    prompt: Array.from({ length: 10 + i }, (_, t) => (t * 31 + i) % 256),
    outputTokens: 40,
    sampling: i % 2 === 0 ? { kind: 'greedy' } : { kind: 'sample', temperature: 0.9, seed: 100 + i },
  }))
  let pool: InferencePool
  beforeAll(() => {
    pool = createInferencePool({ workers: 2, tolerance: TOLERANCE })
  })
  afterAll(() => pool.close())

  it('generates in the workers, concurrently, exactly what the calling thread generates', async () => {
    const local = await openDecoder(buildDecoder(decoder), REFERENCE_HARDWARE)
    const expected = []
    for (const request of requests) expected.push(await generate(local, request))
    await local.release()
    const pooled = await Promise.all(requests.map((request) => pool.generate({ decoder, request })))
    expect(pooled).toEqual(expected)
  })

  it('verifies in the workers: honest generations pass, a substitute decoder fails', async () => {
    const request = requests[1] as GenerationRequest
    const honest = await pool.generate({ decoder, request, hardware: FP16 })
    const lazy = await pool.generate({
      decoder,
      request,
      variant: { kind: 'substitute', width: 16, heads: 2, blocks: 1 },
    })
    const [good, bad] = await Promise.all([
      pool.verifyGeneration({ decoder, request, claimed: honest }),
      pool.verifyGeneration({ decoder, request, claimed: lazy }),
    ])
    expect(good.passed).toBe(true)
    expect(bad.passed).toBe(false)
    expect(bad.chunks.every((chunk) => !chunk.passed)).toBe(true)
  })

  it('settles every waiting generation when closed: the running ones finish, the queued ones fail', async () => {
    const closing = createInferencePool({ workers: 1, tolerance: TOLERANCE })
    const outcomes = Promise.allSettled(requests.map((request) => closing.generate({ decoder, request })))
    await closing.close()
    const settled = await outcomes
    expect(settled[0]?.status).toBe('fulfilled')
    const failed = settled.filter((outcome) => outcome.status === 'rejected')
    expect(failed.length).toBeGreaterThan(0)
    for (const outcome of failed) expect(String(outcome.reason)).toMatch(/the inference pool is closed/)
  })

  it('rejects impossible generations in the calling thread, as InputError', async () => {
    const request = { ...(requests[0] as GenerationRequest), outputTokens: 90 }
    await expect(pool.generate({ decoder, request })).rejects.toThrow(InputError)
    await expect(pool.generate({ decoder, request })).rejects.toThrow(/more than model\.context 96/)
    await expect(
      pool.generate({ decoder: { ...decoder, width: 30 }, request: requests[0] as GenerationRequest }),
    ).rejects.toThrow(/model\.width/)
  })
})
