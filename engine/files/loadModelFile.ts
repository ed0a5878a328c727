import onnxProto from 'onnx-proto'
import { ModelFileError } from '../../errors/index.ts'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import type { BuiltModel } from '../build/types.ts'
import { analyzeGraph } from '../graph/analyzeGraph.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { findCheckpoints } from '../graph/findCheckpoints.ts'
import { openSession } from '../run/openSession.ts'
import { readModelBytes } from './readModelBytes.ts'

const { onnx } = onnxProto
const FLOAT = onnx.TensorProto.DataType.FLOAT

export type LoadedFile = {
  /** The file's own bytes: their hash is the model's registry key. */
  bytes: Uint8Array
  /** The file's graph with its checkpoints added as outputs. */
  model: BuiltModel
}

/**
 * Reads a user's `.onnx` file and makes it checkpointable: the graph must have one float input
 * and be sequential enough for findCheckpoints, whose values become extra graph outputs. The
 * result is its last graph output. onnxruntime then opens the augmented model once, so "valid"
 * means exactly "this engine can run it".
 */
export async function loadModelFile(path: string): Promise<LoadedFile> {
  const bytes = await readModelBytes(path)
  const fail = (why: string, hint?: string, cause?: unknown) =>
    new ModelFileError(`${path} ${why}`, { file: path, fieldPath: 'model.file', hint, cause })
  let decoded: onnxProto.onnx.ModelProto
  try {
    decoded = onnx.ModelProto.decode(bytes)
  } catch (cause) {
    // An exported model starts with its ir_version (field 1, a varint: byte 0x08); a file that
    // starts so and then ends inside a field was cut short (an interrupted copy or download).
    const cutShort = bytes[0] === 0x08 && /index out of range/.test(String((cause as Error)?.message))
    throw fail(
      cutShort
        ? `is cut short: it ends at byte ${bytes.length}, inside the model's data`
        : 'is not an ONNX model: it does not decode as one',
      cutShort ? 'copy or export the file again' : 'name an .onnx file exported from your model',
      cause,
    )
  }
  const graph = decoded.graph ?? {}
  const outputs = graph.output ?? []
  if ((graph.node ?? []).length === 0) throw fail('is not an ONNX model (no graph nodes)')
  const weights = new Set((graph.initializer ?? []).map((init) => init.name))
  const inputs = (graph.input ?? []).filter((input) => !weights.has(input.name))
  const [input, ...others] = inputs
  const inputName = input?.name
  if (!inputName || others.length > 0 || input.type?.tensorType?.elemType !== FLOAT) {
    throw fail(`must have exactly one float input, has ${inputs.map((i) => i.name).join(', ') || 'none'}`)
  }
  const result = outputs.at(-1)?.name
  if (!result) throw fail('has no graph output')
  const search = findCheckpoints(graph, inputName, result)
  if ('problem' in search) {
    throw fail(
      `is not sequential enough to checkpoint: ${search.problem}`,
      'checkpoints need a chain of layers',
    )
  }
  const { flops, shapes } = analyzeGraph(graph, path)
  const shapeOf = (name: string) => shapes.get(name) ?? []
  const listed = new Set(outputs.map((output) => output.name))
  const added = search.checkpoints
    .filter((name) => !listed.has(name))
    .map((name) =>
      onnx.ValueInfoProto.create({
        name,
        type: {
          tensorType: { elemType: FLOAT, shape: { dim: shapeOf(name).map((dimValue) => ({ dimValue })) } },
        },
      }),
    )
  const augmented = onnx.ModelProto.create({
    ...decoded,
    graph: { ...graph, output: [...outputs, ...added] },
  })
  const model: BuiltModel = {
    model: augmented,
    flops,
    checkpointNames: search.checkpoints,
    checkpointShapes: search.checkpoints.map(shapeOf),
    inputName,
    inputShape: shapeOf(inputName),
  }
  await checkRunnable(path, model)
  return { bytes, model }
}

async function checkRunnable(path: string, model: BuiltModel): Promise<void> {
  let session: Awaited<ReturnType<typeof openSession>>
  try {
    session = await openSession(encodeModel(model.model), REFERENCE_HARDWARE)
  } catch (cause) {
    throw new ModelFileError(`${path} is not a valid ONNX model`, {
      file: path,
      fieldPath: 'model.file',
      hint: 'onnxruntime 1.30 could not load it; check that it is an exported .onnx file',
      cause,
    })
  }
  const types = new Map(
    session.outputMetadata.map((meta) => [meta.name, meta.isTensor ? meta.type : 'non-tensor']),
  )
  await session.release()
  for (const name of model.checkpointNames) {
    if (types.get(name) !== 'float32') {
      throw new ModelFileError(`${path} checkpoint ${name} is ${types.get(name)}, not float32`, {
        file: path,
        fieldPath: 'model.file',
        hint: 'every checkpoint is digested as float32',
      })
    }
  }
}
