import { Tensor } from 'onnxruntime-node'
import type { HardwareProfile } from '../../sim/index.ts'
import type { BatchedDecoderGraphs } from '../build/buildBatchedDecoder.ts'
import type { BuiltDecoder } from '../build/decoderTypes.ts'
import { roundWeightsToFloat16 } from '../build/roundWeightsToFloat16.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { openSession } from './openSession.ts'
import { readDecoderPass } from './readDecoderPass.ts'

/**
 * Per-sequence caches of a batch: keys[i] and values[i] are block i's, [batch, heads, length,
 * headDim] flattened, every sequence padded to the same `length` (masked slots hold padding).
 */
export type BatchedCache = { keys: Float32Array[]; values: Float32Array[]; batch: number; length: number }

/** One batched pass, per sequence and position fed: logits [B, n, vocab], hidden [B, n, width]. */
export type BatchedPass = {
  logits: Float32Array
  hidden: Float32Array
  blocks: Float32Array[]
  cache: BatchedCache
}

/** A decoder variant's batched graph pair on one host's hardware; whoever opens it releases it. */
export type OpenBatchedDecoder = {
  /** The unbatched build: spec, FLOPs per sequence and the cache's layout. */
  built: BuiltDecoder
  /**
   * `batch` rows of `tokens.length / batch` positions each (row-major), with their positions and
   * the additive key mask (0 real, MASKED padding) of the same shape.
   */
  prefill(tokens: number[], positions: number[], mask: Float32Array, batch: number): Promise<BatchedPass>
  /** One token per sequence after the cached ones; `mask` [B, cache.length + 1]. */
  step(tokens: number[], positions: number[], mask: Float32Array, cache: BatchedCache): Promise<BatchedPass>
  release(): Promise<void>
}

/** Opens a decoder's batched graphs as they run on one host's hardware. */
export async function openBatchedDecoder(
  built: BuiltDecoder,
  graphs: BatchedDecoderGraphs,
  hardware: HardwareProfile,
): Promise<OpenBatchedDecoder> {
  const prepare = (model: BatchedDecoderGraphs['prefill']) =>
    encodeModel(hardware.fp16Weights ? roundWeightsToFloat16(model) : model)
  const [prefill, decode] = await Promise.all([
    openSession(prepare(graphs.prefill), hardware),
    openSession(prepare(graphs.decode), hardware),
  ])
  const { cacheBlocks, cacheHeads, headDim } = built
  const ids = (values: number[], batch: number) =>
    new Tensor('int64', BigInt64Array.from(values, BigInt), [batch, values.length / batch])
  const read = (results: Record<string, Tensor>, batch: number, length: number): BatchedPass => {
    const { keys, values, ...pass } = readDecoderPass(results, built, 'batched decoder')
    return { ...pass, cache: { keys, values, batch, length } }
  }
  return {
    built,
    async prefill(tokens, positions, mask, batch) {
      const length = tokens.length / batch
      const results = await prefill.run({
        tokens: ids(tokens, batch),
        positions: ids(positions, batch),
        mask: new Tensor('float32', mask, [batch, length]),
      })
      return read(results, batch, length)
    },
    async step(tokens, positions, mask, cache) {
      const { batch, length } = cache
      const feeds: Record<string, Tensor> = {
        tokens: ids(tokens, batch),
        positions: ids(positions, batch),
        mask: new Tensor('float32', mask, [batch, length + 1]),
      }
      const shape = [batch, cacheHeads, length, headDim]
      for (let i = 0; i < cacheBlocks; i++) {
        feeds[`past.k.${i}`] = new Tensor('float32', cache.keys[i] as Float32Array, shape)
        feeds[`past.v.${i}`] = new Tensor('float32', cache.values[i] as Float32Array, shape)
      }
      return read(await decode.run(feeds), batch, length + 1)
    },
    async release() {
      await Promise.all([prefill.release(), decode.release()])
    },
  }
}
