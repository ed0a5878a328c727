import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../sim/errors.ts'
import { buildMlp } from './buildMlp.ts'
import { loadModelFile } from './loadModelFile.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verisim-engine-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadModelFile', () => {
  it('reports a missing file with its path', async () => {
    const path = join(dir, 'missing.onnx')
    const error = await loadModelFile(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).message).toContain(`model file not found: ${path}`)
  })

  it('reports bytes onnxruntime cannot parse with the path', async () => {
    const path = join(dir, 'garbage.onnx')
    await writeFile(path, 'this is not a protobuf, let alone an ONNX model')
    const error = await loadModelFile(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).message).toContain(path)
  })

  it('reads back what buildMlp wrote', async () => {
    const built = buildMlp(
      { kind: 'mlp', width: 16, depth: 3, inputSize: 6, outputSize: 2, seed: 1, lazySkipLayers: 1 },
      'honest',
    )
    const path = join(dir, 'mlp.onnx')
    await writeFile(path, built.bytes)
    const { model, session } = await loadModelFile(path)
    await session.release()
    expect(model.checkpointNames).toEqual(built.checkpointNames)
    expect(model.inputName).toBe(built.inputName)
    expect(model.inputSize).toBe(6)
    expect(model.inputShape).toEqual([1, 6])
    expect(model.flops).toBe(built.flops)
    expect(model.bytes).toEqual(built.bytes)
  })
})
