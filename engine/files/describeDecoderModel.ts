import type { GeneratingModelSpec, ModelInfo, VariantName } from '../../sim/index.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import { checkDecoderCheats } from '../build/checkDecoderCheats.ts'
import { decoderSpecOf } from '../build/decoderSpecOf.ts'
import type { BuiltDecoder } from '../build/decoderTypes.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { explainMissingDecoderVariant } from '../build/explainMissingDecoderVariant.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { checkpointBlocks } from '../run/checkpointBlocks.ts'
import { decoderRunOf } from '../run/decoderRunOf.ts'
import { deriveModelId } from './deriveModelId.ts'
import { hashDecoder } from './hashDecoder.ts'
import { loadDecoderFiles } from './loadDecoderFiles.ts'

const VARIANTS: readonly VariantName[] = [
  'honest',
  'skip',
  'substitute',
  'int4',
  'kv8',
  'truncate',
  'reseed',
  'bias',
]

/**
 * The generation every variant's `flops` figure stands for: a prompt of 16 tokens and 64 output
 * tokens (one prefill of the kept prompt, then 63 decode steps). A figure to rank variants by
 * and to register, not a job: each generation's own FLOPs come back with its result.
 */
export const REPRESENTATIVE_GENERATION = { promptTokens: 16, outputTokens: 64 } as const

/**
 * What the simulator needs to cost and register a decoder, computed in the calling thread: the
 * hash of the honest prefill and decode graphs' bytes, the parameter count and shape the cost
 * model prices generations with, and each runnable variant's FLOPs for
 * REPRESENTATIVE_GENERATION. A decoder's checkpoints are the (chunk, block) pairs of each job, so
 * `layers` is 0 here and the sim counts them per workload (decoder.checkpointBlocks per chunk).
 */
export async function describeDecoderModel(spec: GeneratingModelSpec): Promise<ModelInfo> {
  let honest: BuiltDecoder
  let hash: ModelInfo['hash']
  if (spec.kind === 'decoderFile') {
    const loaded = await loadDecoderFiles(spec.prefill, spec.decode)
    honest = loaded.built
    hash = hashDecoder(loaded.bytes.prefill, loaded.bytes.decode)
  } else {
    honest = buildDecoder(decoderSpecOf(spec))
    hash = hashDecoder(encodeModel(honest.prefill), encodeModel(honest.decode))
  }
  const { vocab, width, blocks, context } = honest.spec
  checkDecoderCheats(spec.cheats, vocab)
  const { promptTokens, outputTokens } = REPRESENTATIVE_GENERATION
  const order = {
    promptTokens,
    outputTokens,
    sampling: { kind: 'sample', temperature: 1 },
    chunkSize: 1,
    topK: 1,
    checkpoints: outputTokens,
  } as const
  const variants: ModelInfo['variants'] = {
    honest: { flops: generationFlops(honest, promptTokens, outputTokens) },
  }
  for (const variant of VARIANTS) {
    if (variant === 'honest' || explainMissingDecoderVariant(spec, variant, blocks)) continue
    const plan = decoderRunOf(variant, spec.cheats, blocks, order, 0)
    // int4 only rounds the honest weights: the same graph, the same FLOPs.
    const graphs =
      plan.variant.kind === 'honest' || plan.variant.kind === 'int4' || spec.kind !== 'decoder'
        ? honest
        : buildDecoder(honest.spec, plan.variant)
    const kept = plan.cheat?.kind === 'truncate' ? plan.cheat.keep : promptTokens
    variants[variant] = { flops: generationFlops(graphs, kept, outputTokens) }
  }
  return {
    id: deriveModelId(spec),
    hash,
    layers: 0,
    layerFlops: [],
    parameters: honest.parameters,
    inputSize: 0,
    variants,
    decoder: {
      params: honest.parameters,
      width,
      blocks,
      vocab,
      context,
      checkpointBlocks: checkpointBlocks(honest),
    },
  }
}

/** FLOPs generate counts: one prefill of the prompt fed, then a decode step per later token. */
function generationFlops(built: BuiltDecoder, promptTokens: number, outputTokens: number): number {
  let flops = evaluateFlops(built.prefillFlops, promptTokens)
  for (let j = 1; j < outputTokens; j++) flops += evaluateFlops(built.decodeFlops, promptTokens + j - 1)
  return flops
}
