import type onnxProto from 'onnx-proto'
import { InputError } from '../../errors/index.ts'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import { buildDecoder } from '../build/buildDecoder.ts'
import { DEFAULT_DECODER, type DecoderSpec } from '../build/decoderTypes.ts'
import { evaluateFlops } from '../build/evaluateFlops.ts'
import { countParameters } from '../graph/countParameters.ts'
import { toNumber } from '../graph/toNumber.ts'
import type { Clock } from './measureCalibration.ts'
import { openDecoder } from './openDecoder.ts'

/** Bytes of a float32 weight or cache element: the built decoders run in float32. */
const FLOAT_BYTES = 4
/** Timed repetitions per size at the least, whatever the budget: a median needs a few. */
export const MIN_PHASE_REPETITIONS = 3

/** One decoder size as it is timed: a prefill over `prefillTokens`, then `decodeSteps` steps. */
export type DecoderPhaseSetup = { spec: DecoderSpec; prefillTokens: number; decodeSteps: number }

export type DecoderPhaseSize = DecoderPhaseSetup & {
  /** e.g. "decoder w256 b4 ctx256". */
  model: string
  /** Weights of the decode graph (its float initializers' elements), as BuiltDecoder counts them. */
  parameters: number
  /** FLOPs of the prefill, from the graph's FLOP polynomial at prefillTokens. */
  prefillFlops: number
  /** Bytes a decode step reads and writes, averaged over the timed steps (see measureDecoderPhases). */
  decodeBytesPerStep: number
  repetitions: number
  /** Medians over the repetitions. */
  prefillSeconds: number
  decodeSecondsPerStep: number
  /** prefillFlops ÷ prefillSeconds. */
  flopsPerSecond: number
  /** decodeBytesPerStep ÷ decodeSecondsPerStep. */
  bytesPerSecond: number
}

export type DecoderPhases = {
  /** Median over the sizes of their prefill FLOP/s. */
  flopsPerSecond: number
  /** Median over the sizes of their decode bytes/s. */
  bytesPerSecond: number
  /** In the order measured; the last is the largest, the one a calibration names. */
  sizes: DecoderPhaseSize[]
}

const decoder = (width: number, blocks: number): DecoderPhaseSetup => ({
  spec: { ...DEFAULT_DECODER, width, heads: 4, blocks, context: 256, seed: 1 },
  prefillTokens: 192,
  decodeSteps: 64,
})

/**
 * Three decoders of 0.4M to 3.3M weights, each phase well under a second on one thread here: a
 * prefill of 192 tokens is compute bound (≈ 2 FLOPs per weight per token against one read of
 * the weights), and the 64 decode steps after it fill the context of 256.
 */
export const DECODER_CALIBRATION_SIZES: DecoderPhaseSetup[] = [
  decoder(128, 2),
  decoder(256, 2),
  decoder(256, 4),
]

/**
 * Times both phases of real generation on onnxruntime, one thread, the reference configuration:
 * per size, a prefill over `prefillTokens` (FLOPs from the graph's polynomial ÷ seconds → FLOP/s)
 * then `decodeSteps` decode steps on its cache (bytes per step ÷ seconds per step → bytes/s).
 * After one untimed warm-up, the pair repeats until `budgetMs` has passed (at least
 * MIN_PHASE_REPETITIONS times) and each phase keeps its median, so one preempted repetition does
 * not move it; the machine's rates are the medians over the sizes.
 *
 * A decode step's bytes are the weights it reads, each token and position table counted as the
 * one row Gather reads, plus the cache it reads and the entry it writes: (t + 1) × the cache's
 * floats per token at t cached tokens. On a CPU whose caches hold these weights that is a rate of
 * the whole step, call overhead included, not a DRAM bandwidth.
 */
export async function measureDecoderPhases(
  clock: Clock,
  options: { budgetMs: number; sizes?: DecoderPhaseSetup[] } = { budgetMs: 300 },
): Promise<DecoderPhases> {
  const sizes: DecoderPhaseSize[] = []
  for (const setup of options.sizes ?? DECODER_CALIBRATION_SIZES)
    sizes.push(await measureSize(clock, setup, options.budgetMs))
  return {
    flopsPerSecond: median(sizes.map((s) => s.flopsPerSecond)),
    bytesPerSecond: median(sizes.map((s) => s.bytesPerSecond)),
    sizes,
  }
}

async function measureSize(
  clock: Clock,
  setup: DecoderPhaseSetup,
  budgetMs: number,
): Promise<DecoderPhaseSize> {
  const { spec, prefillTokens, decodeSteps } = setup
  if (
    !(
      Number.isSafeInteger(prefillTokens) &&
      Number.isSafeInteger(decodeSteps) &&
      prefillTokens >= 1 &&
      decodeSteps >= 1 &&
      prefillTokens + decodeSteps <= spec.context
    )
  )
    throw new InputError(
      `decoder calibration: a prefill of ${prefillTokens} tokens and ${decodeSteps} decode steps must be whole numbers ≥ 1 that fit the context of ${spec.context}`,
    )
  const built = buildDecoder(spec)
  // Fixed tokens: what is fed does not change the work, and nothing here may draw at random.
  const token = (i: number) => (i * 31 + 7) % spec.vocab
  const prompt = Array.from({ length: prefillTokens }, (_, i) => token(i))
  const open = await openDecoder(built, REFERENCE_HARDWARE)
  const prefillSeconds: number[] = []
  const stepSeconds: number[] = []
  try {
    const once = async () => {
      const t0 = clock.now()
      let cache = (await open.prefill(prompt)).cache
      const t1 = clock.now()
      for (let j = 0; j < decodeSteps; j++)
        cache = (await open.step(token(prefillTokens + j), cache.length, cache)).cache
      const t2 = clock.now()
      return { t0, t1, t2 }
    }
    await once()
    let start: number | undefined
    for (;;) {
      const { t0, t1, t2 } = await once()
      start ??= t0
      prefillSeconds.push((t1 - t0) / 1000)
      stepSeconds.push((t2 - t1) / 1000 / decodeSteps)
      if (prefillSeconds.length >= MIN_PHASE_REPETITIONS && t2 - start >= budgetMs) break
    }
  } finally {
    await open.release()
  }
  const weightBytes = readWeights(built.decode) * FLOAT_BYTES
  let cacheBytes = 0
  for (let t = prefillTokens; t < prefillTokens + decodeSteps; t++)
    cacheBytes += (t + 1) * built.cacheFloatsPerToken * FLOAT_BYTES
  const decodeBytesPerStep = weightBytes + cacheBytes / decodeSteps
  const prefillFlops = evaluateFlops(built.prefillFlops, prefillTokens)
  const prefill = median(prefillSeconds)
  const step = median(stepSeconds)
  return {
    ...setup,
    model: `decoder w${spec.width} b${spec.blocks} ctx${spec.context}`,
    parameters: built.parameters,
    prefillFlops,
    decodeBytesPerStep,
    repetitions: prefillSeconds.length,
    prefillSeconds: prefill,
    decodeSecondsPerStep: step,
    flopsPerSecond: prefillFlops / prefill,
    bytesPerSecond: decodeBytesPerStep / step,
  }
}

/** The embedding tables buildDecoder gathers one row from per token. */
const GATHERED = new Set(['embed.tokens', 'embed.positions'])

/** Weight elements one decode step reads: every parameter, but one row of a gathered table. */
function readWeights(model: onnxProto.onnx.IModelProto): number {
  let unread = 0
  for (const init of model.graph?.initializer ?? []) {
    if (!GATHERED.has(init.name ?? '')) continue
    const [rows, width] = (init.dims ?? []).map(toNumber) as [number, number]
    unread += (rows - 1) * width
  }
  return countParameters(model) - unread
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
