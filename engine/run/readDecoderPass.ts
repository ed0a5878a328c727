import type { Tensor } from 'onnxruntime-node'
import { BaseError } from '../../errors/index.ts'

/** One decoder pass's outputs as float32 arrays: the batched graph's carry a batch axis. */
export type DecoderOutputs = {
  logits: Float32Array
  hidden: Float32Array
  blocks: Float32Array[]
  keys: Float32Array[]
  values: Float32Array[]
}

/**
 * The logits, last hidden state, checkpoint blocks' outputs and present keys and values of a
 * decoder graph's run (engine/build/decoderGraph names them), alone or batched alike; `graph`
 * names the decoder in the error when an output is missing or not float32.
 */
export function readDecoderPass(
  results: Record<string, Tensor>,
  sizes: { cacheBlocks: number; stateBlocks: number },
  graph: string,
): DecoderOutputs {
  const floats = (name: string): Float32Array => {
    const data = results[name]?.data
    if (!(data instanceof Float32Array))
      throw new BaseError(`${graph} output ${name} did not come back as float32`)
    return data
  }
  const keys: Float32Array[] = []
  const values: Float32Array[] = []
  for (let i = 0; i < sizes.cacheBlocks; i++) {
    keys.push(floats(`present.k.${i}`))
    values.push(floats(`present.v.${i}`))
  }
  return {
    logits: floats('logits'),
    hidden: floats('hidden'),
    blocks: Array.from({ length: sizes.stateBlocks }, (_, i) => floats(`block${i}`)),
    keys,
    values,
  }
}
