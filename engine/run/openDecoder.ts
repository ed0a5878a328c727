import { Tensor } from 'onnxruntime-node'
import type { HardwareProfile } from '../../sim/index.ts'
import type { BuiltDecoder } from '../build/decoderTypes.ts'
import { roundWeightsToFloat16 } from '../build/roundWeightsToFloat16.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { openSession } from './openSession.ts'
import { readDecoderPass } from './readDecoderPass.ts'

/**
 * Keys and values of every cached block, each [heads, length, headDim] flattened: keys[i] and
 * values[i] are block i's. Plain arrays, so a generation loop can change them (a lazy host's
 * 8-bit cache) between steps.
 */
export type KvCache = { keys: Float32Array[]; values: Float32Array[]; length: number }

/**
 * What one pass returns, per position fed: logits [n, vocab], hidden states [n, width] and each
 * exposed block's output [n, inner width] (built.stateBlocks of them; none for file decoders).
 */
export type DecoderPass = {
  logits: Float32Array
  hidden: Float32Array
  blocks: Float32Array[]
  cache: KvCache
}

/** A decoder variant's two sessions on one host's hardware; whoever opens it must release it. */
export type OpenDecoder = {
  built: BuiltDecoder
  /** The whole sequence at once, positions 0 … T − 1 unless given. */
  prefill(tokens: number[], positions?: number[]): Promise<DecoderPass>
  /** One token at `position` after the cached ones. */
  step(token: number, position: number, cache: KvCache): Promise<DecoderPass>
  release(): Promise<void>
}

/** Opens both graphs of a built decoder as they run on one host's hardware. */
export async function openDecoder(built: BuiltDecoder, hardware: HardwareProfile): Promise<OpenDecoder> {
  const prepare = (model: typeof built.prefill) =>
    encodeModel(hardware.fp16Weights ? roundWeightsToFloat16(model) : model)
  const [prefill, decode] = await Promise.all([
    openSession(prepare(built.prefill), hardware),
    openSession(prepare(built.decode), hardware),
  ])
  const { cacheBlocks, cacheHeads, headDim } = built
  const ids = (values: number[]) => new Tensor('int64', BigInt64Array.from(values, BigInt), [values.length])
  const read = (results: Record<string, Tensor>, length: number): DecoderPass => {
    const { keys, values, ...pass } = readDecoderPass(results, built, 'decoder')
    return { ...pass, cache: { keys, values, length } }
  }
  return {
    built,
    async prefill(tokens, positions = tokens.map((_, i) => i)) {
      const results = await prefill.run({ tokens: ids(tokens), positions: ids(positions) })
      return read(results, tokens.length)
    },
    async step(token, position, cache) {
      const feeds: Record<string, Tensor> = { tokens: ids([token]), positions: ids([position]) }
      const shape = [cacheHeads, cache.length, headDim]
      for (let i = 0; i < cacheBlocks; i++) {
        feeds[`past.k.${i}`] = new Tensor('float32', cache.keys[i] as Float32Array, shape)
        feeds[`past.v.${i}`] = new Tensor('float32', cache.values[i] as Float32Array, shape)
      }
      return read(await decode.run(feeds), cache.length + 1)
    },
    async release() {
      await Promise.all([prefill.release(), decode.release()])
    },
  }
}
