import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import onnxProto from 'onnx-proto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError, ModelFileError } from '../../errors/index.ts'
import type { CheatParams } from '../../sim/index.ts'
import { buildMlp } from '../build/buildMlp.ts'
import { buildTransformer } from '../build/buildTransformer.ts'
import type { BuiltModel } from '../build/types.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { loadModelFile } from './loadModelFile.ts'

const { onnx } = onnxProto
const cheats: CheatParams = { skipLayers: 1, noiseScale: 1, substituteWidth: 4 }
const mlp = buildMlp(
  { kind: 'mlp', width: 16, depth: 3, inputSize: 6, outputSize: 2, seed: 1, cheats },
  'honest',
)

/** The model as a user would export it: only the result is a graph output. */
function stripped(built: BuiltModel): Uint8Array {
  const graph = built.model.graph ?? {}
  return encodeModel({ ...built.model, graph: { ...graph, output: graph.output?.slice(-1) } })
}

let dir: string
const write = async (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}
const failure = (path: string): Promise<InputError> =>
  loadModelFile(path).then(
    () => {
      throw new Error(`${path} loaded`)
    },
    (e: unknown) => e as InputError,
  )

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verisim-engine-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadModelFile', () => {
  it('reports a missing file and a file that is not ONNX, with the path', async () => {
    const missing = join(dir, 'missing.onnx')
    expect((await failure(missing)).message).toContain(`model file not found: ${missing}`)
    const garbage = await write('garbage.onnx', 'this is not a protobuf, let alone an ONNX model')
    const error = await failure(garbage)
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain(`model.file: ${garbage} is not`)
    // Scripts read the file and the field off the error, not out of its text.
    expect(error).toBeInstanceOf(ModelFileError)
    expect(error).toMatchObject({ file: garbage, fieldPath: 'model.file', kind: 'input' })
    expect(await failure(missing)).toMatchObject({ file: missing, fieldPath: undefined })
  })

  it('adds the checkpoints a stripped MLP lost, and keeps its own bytes for the hash', async () => {
    const bytes = stripped(mlp)
    const { model, bytes: read } = await loadModelFile(await write('mlp.onnx', bytes))
    expect(read).toEqual(bytes)
    expect(model.checkpointNames).toEqual(mlp.checkpointNames)
    expect(model.checkpointShapes).toEqual(mlp.checkpointShapes)
    expect(model.inputShape).toEqual([1, 6])
    expect(model.flops).toBe(mlp.flops)
    expect(model.model.graph?.output?.map((o) => o.name)).toEqual(['output', 'h0', 'h1', 'h2'])
  })

  it('reads a file that already lists its checkpoints the same way', async () => {
    const { model } = await loadModelFile(await write('full.onnx', encodeModel(mlp.model)))
    expect(model.checkpointNames).toEqual(mlp.checkpointNames)
  })

  it('checkpoints a transformer after each residual Add', async () => {
    const spec = {
      kind: 'transformer',
      dModel: 8,
      heads: 2,
      blocks: 2,
      seqLen: 4,
      ffMult: 2,
      seed: 1,
      cheats,
    } as const
    const { model } = await loadModelFile(await write('t.onnx', stripped(buildTransformer(spec, 'honest'))))
    expect(model.checkpointNames).toEqual(['block0.residual', 'block0', 'block1.residual', 'block1'])
    expect(model.inputShape).toEqual([4, 8])
  })

  it('refuses a branching graph, saying why', async () => {
    const weight = (name: string) =>
      onnx.TensorProto.create({ name, dims: [4, 4], dataType: 1, rawData: new Uint8Array(64) })
    const info = (name: string) =>
      onnx.ValueInfoProto.create({
        name,
        type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 4 }] } } },
      })
    const node = (opType: string, input: string[], output: string) =>
      onnx.NodeProto.create({ opType, input, output: [output] })
    const graph = onnx.GraphProto.create({
      name: 'branches',
      node: [
        node('MatMul', ['x', 'a1'], 'p'),
        node('MatMul', ['x', 'b1'], 'q'),
        node('MatMul', ['p', 'a2'], 'p2'),
        node('MatMul', ['q', 'b2'], 'q2'),
        node('Add', ['p2', 'q2'], 'y'),
      ],
      initializer: ['a1', 'a2', 'b1', 'b2'].map(weight),
      input: [info('x')],
      output: [info('y')],
    })
    const model = onnx.ModelProto.create({ irVersion: 9, opsetImport: [{ domain: '', version: 20 }], graph })
    const path = await write('branches.onnx', encodeModel(model))
    const error = await failure(path)
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain(`model.file: ${path} is not sequential enough to checkpoint: `)
    expect(error.message).toMatch(/2 live values/)
  })
})
