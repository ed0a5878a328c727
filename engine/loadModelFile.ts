import { readFile } from 'node:fs/promises'
import onnxProto from 'onnx-proto'
import type { InferenceSession } from 'onnxruntime-node'
import { InputError } from '../sim/errors.ts'
import { countFlops } from './countFlops.ts'
import { openSession } from './openSession.ts'
import type { BuiltModel, OpenModel } from './types.ts'

/**
 * Reads a user's `.onnx` file and opens it. onnxruntime itself is the parser, so "valid" means
 * exactly "this engine can run it". The caller owns the returned session and must release it.
 */
export async function loadModelFile(path: string): Promise<OpenModel> {
  const bytes = await readBytes(path)
  let session: InferenceSession
  try {
    session = await openSession(bytes)
  } catch (cause) {
    throw new InputError(`not a valid ONNX model: ${path}`, {
      hint: 'onnxruntime 1.30 could not load it; check that it is an exported .onnx file',
      cause,
    })
  }
  try {
    return { model: describe(path, bytes, session), session }
  } catch (error) {
    await session.release()
    throw error
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (cause) {
    if (cause instanceof Error && 'code' in cause && cause.code === 'ENOENT') {
      throw new InputError(`model file not found: ${path}`, {
        hint: 'relative paths resolve against the current directory',
        cause,
      })
    }
    throw new InputError(`cannot read model file: ${path}`, { cause })
  }
}

function describe(path: string, bytes: Uint8Array, session: InferenceSession): BuiltModel {
  const [input, ...others] = session.inputMetadata
  if (!input?.isTensor || input.type !== 'float32' || others.length > 0) {
    throw new InputError(`model ${path} must have exactly one float32 tensor input`)
  }
  // Symbolic dimensions are the batch: the engine always runs batch 1.
  const inputShape = input.shape.map((dim) => (typeof dim === 'number' && dim > 0 ? dim : 1))
  const inputSize = inputShape.at(-1) ?? 1
  if (inputShape.reduce((product, dim) => product * dim, 1) !== inputSize) {
    throw new InputError(`model ${path} input ${input.name} has shape [${input.shape}]`, {
      hint: 'only a single row input ([1, n] or [batch, n]) is supported',
    })
  }
  for (const output of session.outputMetadata) {
    if (!output.isTensor || output.type !== 'float32') {
      throw new InputError(`model ${path} output ${output.name} is not a float32 tensor`, {
        hint: 'every graph output is a checkpoint and is digested as float32',
      })
    }
  }
  const graph = onnxProto.onnx.ModelProto.decode(bytes).graph ?? {}
  return {
    bytes,
    flops: countFlops(graph, path),
    checkpointNames: [...session.outputNames],
    inputName: input.name,
    inputSize,
    inputShape,
  }
}
