import { BaseError } from '../errors/index.ts'
import { describeDecoder } from './cost/describeDecoder.ts'
import { generationCost } from './cost/generationCost.ts'
import { prefillCost } from './cost/prefillCost.ts'
import type { DecoderArithmetic, HardwareCostProfile } from './cost/types.ts'
import { verificationCost } from './cost/verificationCost.ts'
import { countCheckpoints } from './countCheckpoints.ts'
import type { HonestNull, SequentialTestOptions } from './detection/types.ts'
import { isGeneratingModel } from './isGeneratingModel.ts'
import type { GenerationOrder, ModelInfo, VariantName } from './ports.ts'
import type { Rng } from './rngStreams.ts'
import type { RunSpec, TokenCount } from './runSpec.ts'

/** What one phase of a generation job costs: virtual seconds and tokens (1 token = 1 USD). */
export type PhasePrice = { seconds: number; cost: number }

/**
 * A decoder run's generation jobs: how each job's order is drawn, and what hosts, checkers and
 * the referee pay for it. Prices come from sim/cost's roofline on the scenario's machine profile,
 * in USD; a decoder run prices the token at 1 USD, so fees, slashes, bonds and compute share one
 * unit. Virtual time is the phase's seconds: hosts.speed and verifiers.speed scale FLOP-priced
 * forward passes only, since a roofline already says how fast the machine is.
 */
export type Generation = {
  /**
   * Checkpoints of every job: (chunk, block) pairs, chunk-major, over the chunks of the
   * workload's longest output and the decoder's checkpoint blocks (ModelInfo.decoder).
   */
  checkpoints: number
  /** Checkpoints per chunk: checkpoint i is block ((i − 1) mod blocks) + 1 of chunk ⌈i ÷ blocks⌉. */
  blocks: number
  /**
   * The next job's order, its token counts drawn from `rng`; `sizes` (a market segment's request
   * sizes) replace the workload's prompt and output counts.
   */
  draw(rng: Rng, sizes?: { prompt: TokenCount; outputTokens: TokenCount } | null): GenerationOrder
  /** A host's generation with `variant`. */
  host(order: GenerationOrder, variant: VariantName): PhasePrice
  /** A checker's one prefill over prompt + output. */
  check(order: GenerationOrder): PhasePrice
  /**
   * The referee's check of checkpoint `checkpoint` (1-based): one block re-executed over the
   * prompt and the output up to its chunk's end, priced as the prefill up to that end ÷ the priced
   * decoder's blocks (the roofline's prefill is compute-bound and the blocks are alike, so one
   * block is that share; embeddings and head, a few percent, are spread over the blocks too). A
   * decoder with one checkpoint per chunk (from files) is re-checked by the whole prefill.
   */
  referee(order: GenerationOrder, checkpoint: number): PhasePrice
  /** Machine profile and decoder the prices are for, and whether the decoder's size is modeled. */
  hardware: HardwareCostProfile
  decoder: string
  /** Parameters of the priced decoder (the modeled size's, or the real decoder's). */
  decoderParams: number
  modeled: boolean
  /**
   * protocol.detection with the honest null it standardizes by; null when detection is off. Only
   * sampling mode runs the test (createSamplingMode); the other modes settle by their own checks.
   */
  detection: { options: SequentialTestOptions; honestNull: HonestNull } | null
}

/**
 * The generation side of a run of `spec` on `model`, or null for a forward model. resolveRunSpec
 * fills workload and economics.generationCost for every decoder, so their absence is a bug.
 */
export function createGeneration(
  spec: RunSpec,
  model: ModelInfo,
  honestNull: HonestNull | undefined,
): Generation | null {
  if (!isGeneratingModel(spec.model)) return null
  const { workload } = spec
  const pricing = spec.economics.generationCost
  if (!workload) throw new BaseError('a decoder run spec has no workload (resolveRunSpec fills one)')
  if (!pricing) throw new BaseError('a decoder run spec has no economics.generationCost')
  let arithmetic: DecoderArithmetic
  let decoder: string
  let pricedBlocks: number
  if (!model.decoder) throw new BaseError(`the inference port loaded decoder ${model.id} without its shape`)
  if (pricing.decoder) {
    // A modeled size runs as served: bf16 weights and KV cache.
    const { name, source: _source, ...shape } = pricing.decoder
    arithmetic = describeDecoder({ ...shape, bytesPerWeight: 2, kvBytesPerElement: 2 })
    decoder = name
    pricedBlocks = shape.blocks
  } else {
    const { params, width, blocks, context } = model.decoder
    // The small decoders here run in fp32, weights and cache alike.
    arithmetic = describeDecoder({ params, width, blocks, context, bytesPerWeight: 4, kvBytesPerElement: 4 })
    decoder = `${spec.model.kind} of ${params} parameters`
    pricedBlocks = blocks
  }
  const { hardware } = pricing
  const blocks = model.decoder.checkpointBlocks
  const checkpoints = countCheckpoints(workload, blocks)
  const refereeShare = blocks > 1 ? 1 / pricedBlocks : 1
  const honestFlops = model.variants.honest.flops
  const generations = new Map<string, PhasePrice>()
  const honest = (order: GenerationOrder): PhasePrice => {
    const key = `${order.promptTokens}/${order.outputTokens}`
    let price = generations.get(key)
    if (!price) {
      const g = generationCost(arithmetic, hardware, {
        prompt: order.promptTokens,
        output: order.outputTokens,
      })
      price = { seconds: g.seconds, cost: g.usd }
      generations.set(key, price)
    }
    return price
  }
  return {
    checkpoints,
    blocks,
    draw(rng, sizes) {
      // Prompt first, then output, one draw each even when fixed: a changed count never shifts the other.
      const promptTokens = drawCount(rng, sizes?.prompt ?? workload.prompt)
      const outputTokens = drawCount(rng, sizes?.outputTokens ?? workload.outputTokens)
      return {
        promptTokens,
        outputTokens,
        sampling: workload.sampling,
        chunkSize: workload.chunkSize,
        topK: workload.topK,
        checkpoints,
      }
    },
    host(order, variant) {
      const price = honest(order)
      if (variant === 'honest') return price
      // A cheat is priced at the honest roofline scaled by its graph's FLOPs: the cheaper graph
      // (fewer blocks, a substitute) is what it saves; loop cheats cost what the honest loop does.
      const ratio = (model.variants[variant]?.flops ?? honestFlops) / honestFlops
      return { seconds: price.seconds * ratio, cost: price.cost * ratio }
    },
    check(order) {
      const p = verificationCost(arithmetic, hardware, {
        prompt: order.promptTokens,
        output: order.outputTokens,
      })
      return { seconds: p.seconds, cost: p.usd }
    },
    referee(order, checkpoint) {
      const chunk = Math.ceil(checkpoint / blocks)
      const end = Math.min(chunk * order.chunkSize, order.outputTokens)
      const p = prefillCost(arithmetic, hardware, order.promptTokens + end)
      return { seconds: p.seconds * refereeShare, cost: p.usd * refereeShare }
    },
    hardware,
    decoder,
    decoderParams: arithmetic.params,
    modeled: pricing.decoder !== null,
    detection:
      spec.protocol.detection && honestNull ? { options: spec.protocol.detection, honestNull } : null,
  }
}

function drawCount(rng: Rng, count: TokenCount): number {
  const u = rng()
  if ('fixed' in count) return count.fixed
  const [min, max] = count.uniform
  return min + Math.floor(u * (max - min + 1))
}
