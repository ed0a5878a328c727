import { InputError } from '../../errors/index.ts'
import type { GenerationOrder } from '../../sim/index.ts'
import type { DecoderSpec } from '../build/decoderTypes.ts'
import { checkGenerationRequest } from './checkGenerationRequest.ts'

/**
 * Rejects a job's generation order that the decoder cannot run, or whose chunks would not fit
 * the checkpoints every result of the model reports, before anything crosses a thread.
 */
export function checkGenerationOrder(
  order: GenerationOrder,
  spec: Pick<DecoderSpec, 'vocab' | 'width' | 'context'>,
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
  if (!(Number.isSafeInteger(checkpoints) && checkpoints >= chunks)) {
    throw new InputError(
      `generation.checkpoints is ${checkpoints}, fewer than the ${chunks} chunks of ${outputTokens} output tokens at chunkSize ${chunkSize}`,
      { hint: 'checkpoints must be ceil(longest output of the workload ÷ chunkSize)' },
    )
  }
}
