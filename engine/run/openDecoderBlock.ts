import { Tensor } from 'onnxruntime-node'
import { BaseError } from '../../errors/index.ts'
import type { HardwareProfile } from '../../sim/index.ts'
import type { DecoderBlock } from '../build/decoderTypes.ts'
import { roundWeightsToFloat16 } from '../build/roundWeightsToFloat16.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { openSession } from './openSession.ts'

/** What a block takes: the tokens (the first block embeds them) or the state before it. */
export type BlockInput = { tokens: number[] } | { state: Float32Array }

/** One honest decoder block open on the referee's hardware; whoever opens it releases it. */
export type OpenDecoderBlock = {
  block: DecoderBlock
  /** Positions 0 … T − 1, causal: the block's output [T, width], and logits for the last block. */
  run(input: BlockInput, length: number): Promise<{ output: Float32Array; logits?: Float32Array }>
  release(): Promise<void>
}

/** Opens a block built by buildDecoderBlock as it runs on one hardware profile. */
export async function openDecoderBlock(
  block: DecoderBlock,
  hardware: HardwareProfile,
): Promise<OpenDecoderBlock> {
  const model = hardware.fp16Weights ? roundWeightsToFloat16(block.model) : block.model
  const session = await openSession(encodeModel(model), hardware)
  const ids = (values: number[]) => new Tensor('int64', BigInt64Array.from(values, BigInt), [values.length])
  const floats = (results: Record<string, Tensor>, name: string): Float32Array => {
    const data = results[name]?.data
    if (!(data instanceof Float32Array)) throw new BaseError(`block output ${name} is not float32`)
    return data
  }
  return {
    block,
    async run(input, length) {
      const positions = ids(Array.from({ length }, (_, i) => i))
      const feeds: Record<string, Tensor> =
        'tokens' in input
          ? { tokens: ids(input.tokens), positions }
          : {
              state: new Tensor('float32', input.state, [length, input.state.length / length]),
              positions,
            }
      const results = await session.run(feeds)
      const output = floats(results, block.output)
      return block.logits ? { output, logits: floats(results, 'logits') } : { output }
    },
    release: () => session.release(),
  }
}
