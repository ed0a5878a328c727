import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import onnxProto from 'onnx-proto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ModelFileError } from '../../errors/index.ts'
import {
  type DecoderModelSpec,
  type FileDecoderModelSpec,
  type GenerationOrder,
  type InferencePort,
  REFERENCE_HARDWARE,
} from '../../sim/index.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import { decoderSpecOf } from '../build/decoderSpecOf.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { createInferencePool } from '../pool/createInferencePool.ts'
import { loadDecoderFiles } from './loadDecoderFiles.ts'

const cheats = {
  skipBlocks: 1,
  substitute: { width: 16, heads: 2, blocks: 1 },
  truncateKeep: 4,
  biasTokens: [3],
  bias: 4,
}
const builtIn: DecoderModelSpec = {
  kind: 'decoder',
  vocab: 256,
  width: 32,
  heads: 4,
  blocks: 2,
  context: 64,
  ffMult: 2,
  seed: 5,
  cheats,
}
const built = buildDecoder(decoderSpecOf(builtIn))
const order: GenerationOrder = {
  promptTokens: 8,
  outputTokens: 32,
  sampling: { kind: 'sample', temperature: 0.9 },
  chunkSize: 16,
  topK: 4,
  checkpoints: 2,
}

let dir: string
let files: FileDecoderModelSpec
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verisim-decoder-files-'))
  files = {
    kind: 'decoderFile',
    prefill: join(dir, 'prefill.onnx'),
    decode: join(dir, 'decode.onnx'),
    cheats,
  }
  await writeFile(files.prefill, encodeModel(built.prefill))
  await writeFile(files.decode, encodeModel(built.decode))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The built decode graph with one input taken away, saved as a file. */
async function withoutInput(name: string): Promise<string> {
  const graph = built.decode.graph ?? {}
  const model = onnxProto.onnx.ModelProto.create({
    ...built.decode,
    graph: { ...graph, input: (graph.input ?? []).filter((input) => input.name !== name) },
  })
  const path = join(dir, `decode-without-${name}.onnx`)
  await writeFile(path, encodeModel(model))
  return path
}

describe('loadDecoderFiles', () => {
  it('reads the built decoder’s graphs back with the same shape, cache layout and FLOPs', async () => {
    const loaded = await loadDecoderFiles(files.prefill, files.decode)
    const { spec, cacheBlocks, cacheHeads, headDim, parameters, prefillFlops, decodeFlops } = loaded.built
    expect(spec).toMatchObject({ vocab: 256, width: 32, heads: 4, blocks: 2, context: 64 })
    expect({ cacheBlocks, cacheHeads, headDim, parameters, prefillFlops, decodeFlops }).toEqual({
      cacheBlocks: built.cacheBlocks,
      cacheHeads: built.cacheHeads,
      headDim: built.headDim,
      parameters: built.parameters,
      prefillFlops: built.prefillFlops,
      decodeFlops: built.decodeFlops,
    })
  })

  it('refuses a decode graph without a cached input, naming the file, the input and the field', async () => {
    const decode = await withoutInput('past.v.1')
    const error = await loadDecoderFiles(files.prefill, decode).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ModelFileError)
    expect(error).toMatchObject({ file: decode, fieldPath: 'model.decoder.decode' })
    expect(String((error as Error).message)).toMatch(/has no input past\.v\.1/)
    // Swapped files: the decode step where the prefill belongs has inputs the prefill lacks
    // and is caught by its shapes, the prefill where the decode step belongs by its inputs.
    await expect(loadDecoderFiles(files.decode, files.decode)).rejects.toThrow(ModelFileError)
    await expect(loadDecoderFiles(files.prefill, files.prefill)).rejects.toMatchObject({
      fieldPath: 'model.decoder.decode',
      message: expect.stringMatching(/has no input past\.k\.0/),
    })
  })
})

describe('a decoder from files in the inference pool', () => {
  let pool: InferencePort
  beforeAll(() => {
    pool = createInferencePool({ workers: 1, tolerance: 5e-3 })
  })
  afterAll(() => pool.close())

  it('has the built-in decoder’s hash and generates its tokens, with only the loop cheats', async () => {
    const [fromCode, fromFiles] = await Promise.all([pool.load(builtIn), pool.load(files)])
    expect(fromFiles.hash).toBe(fromCode.hash)
    // Files expose the last block's state only: one checkpoint per chunk, not one per block.
    expect(fromFiles.decoder).toEqual({ ...fromCode.decoder, checkpointBlocks: 1 })
    expect(fromCode.decoder?.checkpointBlocks).toBe(2)
    expect(fromFiles.variants.honest).toEqual(fromCode.variants.honest)
    expect(Object.keys(fromFiles.variants).sort()).toEqual(['bias', 'honest', 'kv8', 'reseed', 'truncate'])
    for (const variant of ['honest', 'kv8'] as const) {
      const request = { inputSeed: 9, variant, hardware: REFERENCE_HARDWARE }
      const [a, b] = await Promise.all([
        pool.infer({ ...request, modelId: fromCode.id, generation: { ...order, checkpoints: 4 } }),
        pool.infer({ ...request, modelId: fromFiles.id, generation: order }),
      ])
      // The same tokens and chunks; the files' checkpoints are the code's last blocks.
      expect(b, variant).toEqual({ ...a, layerDigests: a.layerDigests.filter((_, i) => i % 2 === 1) })
    }
    // The referee of a file decoder, which has no block graphs, prefills up to the chunk's end.
    const refereed = await Promise.all(
      (['honest', 'bias'] as const).map((variant) =>
        pool.checkLayer({
          modelId: fromFiles.id,
          inputSeed: 9,
          layer: 1,
          generation: order,
          claimed: { variant, hardware: REFERENCE_HARDWARE },
          hardware: REFERENCE_HARDWARE,
        }),
      ),
    )
    expect(refereed.map((verdict) => verdict.agree)).toEqual([true, false])
    expect(refereed[0]?.flops).toBe(evaluateFlops(built.prefillFlops, 8 + 16))
    await expect(
      pool.infer({
        modelId: fromFiles.id,
        inputSeed: 9,
        variant: 'int4',
        hardware: REFERENCE_HARDWARE,
        generation: order,
      }),
    ).rejects.toThrow(/no int4 variant/)
    await expect(pool.load({ ...files, decode: await withoutInput('positions') })).rejects.toThrow(
      /has no input positions/,
    )
  })

  it('refuses files that changed since they were loaded', async () => {
    const copy = {
      ...files,
      prefill: join(dir, 'changing-prefill.onnx'),
      decode: join(dir, 'changing-decode.onnx'),
    }
    await writeFile(copy.prefill, encodeModel(built.prefill))
    await writeFile(copy.decode, encodeModel(built.decode))
    const info = await pool.load(copy)
    await writeFile(copy.decode, encodeModel(buildDecoder({ ...decoderSpecOf(builtIn), seed: 6 }).decode))
    // A profile the worker has not opened yet reads the files again.
    const fp16 = { threads: 1, optimization: 'all', fp16Weights: true } as const
    await expect(
      pool.infer({ modelId: info.id, inputSeed: 1, variant: 'honest', hardware: fp16, generation: order }),
    ).rejects.toThrow(/decoder files changed since they were loaded/)
  })
})
