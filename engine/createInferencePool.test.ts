import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../sim/errors.ts'
import type { InferencePort, MlpModelSpec, ModelInfo } from '../sim/ports.ts'
import { buildMlp } from './buildMlp.ts'
import { createInferencePool } from './createInferencePool.ts'
import { openModel } from './openModel.ts'
import { runInference } from './runInference.ts'

const TOLERANCE = 1e-4
const spec: MlpModelSpec = {
  kind: 'mlp',
  width: 64,
  depth: 8,
  inputSize: 32,
  outputSize: 10,
  seed: 7,
  lazySkipLayers: 3,
}
const seeds = Array.from({ length: 20 }, (_, i) => 1000 + i)

let one: InferencePort
let two: InferencePort
let infoOne: ModelInfo
let infoTwo: ModelInfo
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verisim-pool-'))
  one = createInferencePool({ workers: 1, tolerance: TOLERANCE })
  two = createInferencePool({ workers: 2, tolerance: TOLERANCE })
  ;[infoOne, infoTwo] = await Promise.all([one.load(spec), two.load(spec)])
})
afterAll(async () => {
  await Promise.all([one?.close(), two?.close()])
  await rm(dir, { recursive: true, force: true })
})

const run = (pool: InferencePort, info: ModelInfo, variant: 'honest' | 'lazy') =>
  Promise.all(seeds.map((inputSeed) => pool.infer({ modelId: info.id, variant, inputSeed })))

describe('createInferencePool', () => {
  it('describes the model', () => {
    expect(infoOne).toEqual(infoTwo)
    expect(infoOne.layers).toBe(9)
    expect(infoOne.inputSize).toBe(32)
    expect(infoOne.hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(infoOne.variants.lazy?.flops).toBeLessThan(infoOne.variants.honest.flops)
  })

  it('gives byte-identical results with 1 and 2 workers, and in the calling thread', async () => {
    const [fromOne, fromTwo] = await Promise.all([run(one, infoOne, 'honest'), run(two, infoTwo, 'honest')])
    expect(fromTwo).toEqual(fromOne)
    expect(new Set(fromOne.map((r) => r.resultDigest)).size).toBe(seeds.length)
    expect(fromOne[0]?.layerDigests).toHaveLength(9)
    expect(fromOne[0]?.flops).toBe(infoOne.variants.honest.flops)
    const local = await openModel(spec, 'honest')
    expect(await runInference(local, seeds[0] ?? 0, TOLERANCE)).toEqual(fromOne[0])
    await local.session.release()
  })

  it('gives the lazy variant its own digests and cost', async () => {
    const [honest, lazy] = await Promise.all([run(two, infoTwo, 'honest'), run(two, infoTwo, 'lazy')])
    for (const [i, result] of lazy.entries()) {
      expect(result.resultDigest).not.toBe(honest[i]?.resultDigest)
      expect(result.layerDigests).toHaveLength(6)
      // Lazy shares the honest weights, so the layers it does run match the honest checkpoints.
      expect(result.layerDigests.slice(0, 5)).toEqual(honest[i]?.layerDigests.slice(0, 5))
      expect(result.flops).toBe(infoTwo.variants.lazy?.flops)
    }
  })

  it('hashes the same spec alike and a different seed differently', async () => {
    const again = await one.load({ ...spec })
    const reseeded = await one.load({ ...spec, seed: 8 })
    expect(again.id).toBe(infoOne.id)
    expect(again.hash).toBe(infoOne.hash)
    expect(reseeded.hash).not.toBe(infoOne.hash)
    expect(reseeded.id).not.toBe(infoOne.id)
  })

  it('runs a file written from the built model to the same honest digests', async () => {
    const path = join(dir, 'mlp.onnx')
    await writeFile(path, buildMlp(spec, 'honest').bytes)
    const file = await two.load({ kind: 'file', path })
    expect(file.hash).toBe(infoTwo.hash)
    expect(file.variants).toEqual({ honest: infoTwo.variants.honest })
    const [fromFile, builtIn] = await Promise.all([run(two, file, 'honest'), run(two, infoTwo, 'honest')])
    expect(fromFile).toEqual(builtIn)
    await expect(two.infer({ modelId: file.id, variant: 'lazy', inputSeed: 1 })).rejects.toThrow(InputError)
  })

  it('reports file errors with the path', async () => {
    const missing = join(dir, 'nope.onnx')
    await expect(one.load({ kind: 'file', path: missing })).rejects.toThrow(
      `model file not found: ${missing}`,
    )
    const garbage = join(dir, 'garbage.onnx')
    await writeFile(garbage, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]))
    await expect(one.load({ kind: 'file', path: garbage })).rejects.toThrow(InputError)
    await expect(one.load({ kind: 'file', path: garbage })).rejects.toThrow(garbage)
  })

  it('rejects bad options and unknown models', async () => {
    expect(() => createInferencePool({ workers: 0, tolerance: TOLERANCE })).toThrow(/workers/)
    expect(() => createInferencePool({ workers: 1, tolerance: 0 })).toThrow(/tolerance/)
    await expect(one.infer({ modelId: 'mlp:nothing', variant: 'honest', inputSeed: 1 })).rejects.toThrow(
      /unknown model/,
    )
  })
})
