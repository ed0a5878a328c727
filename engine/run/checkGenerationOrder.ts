import { InputError } from '../../errors/index.ts'
import type { GenerationOrder } from '../../sim/index.ts'
import type { DecoderSpec } from '../build/decoderTypes.ts'
import { checkGenerationRequest } from './checkGenerationRequest.ts'

/**
 * Rejects a job's generation order that the decoder cannot run, or whose (chunk, block) pairs
 * (`checkpointBlocks` per chunk) would not fit the checkpoints every result of the model reports,
 * before anything crosses a thread.
 */
export function checkGenerationOrder(
  order: GenerationOrder,
  spec: Pick<DecoderSpec, 'vocab' | 'width' | 'context'>,
  checkpointBlocks = 1,
): void {
  const { promptTokens, outputTokens, chunkSize, checkpoints } = order
  if (!(Number.isSafeInteger(promptTokens) && promptTokens >= 1)) {
    throw new InputError(
      `workload.prompt must be an integer ≥ 1 (tokens; the first output is predicted from them), got ${promptTokens}`,
    )
  }
  // A filler prompt: the request's checks need its length only, and the real one is expanded
  // from the job's seed in the worker.
  const sampling = order.sampling.kind === 'greedy' ? order.sampling : { ...order.sampling, seed: 0 }
  const prompt = new Array<number>(promptTokens).fill(0)
  checkGenerationRequest({ prompt, outputTokens, sampling, chunkSize, topK: order.topK }, spec)
  const chunks = Math.ceil(outputTokens / chunkSize)
  const needed = chunks * checkpointBlocks
  // Whole chunks of blocks only: a checkpoint's (chunk, block) is read off its index.
  if (!(Number.isSafeInteger(checkpoints) && checkpoints >= needed && checkpoints % checkpointBlocks === 0)) {
    throw new InputError(
      `generation.checkpoints is ${checkpoints}, not a multiple of ${checkpointBlocks} blocks at least the ${needed} (chunk, block) pairs of ${outputTokens} output tokens at chunkSize ${chunkSize}`,
      {
        hint: 'checkpoints must be ceil(longest output of the workload ÷ chunkSize) × the decoder’s checkpoint blocks',
      },
    )
  }
}
