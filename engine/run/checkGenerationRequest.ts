import { InputError } from '../../errors/index.ts'
import type { DecoderSpec } from '../build/decoderTypes.ts'
import type { GenerationRequest } from './generationTypes.ts'

export const DEFAULT_CHUNK_SIZE = 32
export const DEFAULT_TOP_K = 4

/** Rejects a generation the model cannot run, naming the field and the numbers involved. */
export function checkGenerationRequest(
  request: GenerationRequest,
  spec: Pick<DecoderSpec, 'vocab' | 'width' | 'context'>,
): void {
  const { prompt, outputTokens, sampling } = request
  if (!Array.isArray(prompt) || prompt.length < 1) {
    throw new InputError(
      'workload.prompt must hold at least one token: the first output is predicted from it',
    )
  }
  const bad = prompt.findIndex((token) => !(Number.isSafeInteger(token) && token >= 0 && token < spec.vocab))
  if (bad >= 0) {
    throw new InputError(
      `workload.prompt[${bad}] must be a token id from 0 to ${spec.vocab - 1} (model.vocab ${spec.vocab}), got ${prompt[bad]}`,
    )
  }
  if (!(Number.isSafeInteger(outputTokens) && outputTokens >= 1)) {
    throw new InputError(`workload.outputTokens must be an integer ≥ 1, got ${outputTokens}`)
  }
  if (prompt.length + outputTokens > spec.context) {
    throw new InputError(
      `prompt (${prompt.length} tokens) plus output (${outputTokens} tokens) is ${prompt.length + outputTokens} tokens, more than model.context ${spec.context}`,
      { hint: `shorten the prompt or the output, or raise model.context to ${prompt.length + outputTokens}` },
    )
  }
  const chunkSize = request.chunkSize ?? DEFAULT_CHUNK_SIZE
  if (!(Number.isSafeInteger(chunkSize) && chunkSize >= 1)) {
    throw new InputError(`workload.chunkSize must be an integer ≥ 1 (tokens per digest), got ${chunkSize}`)
  }
  const topK = request.topK ?? DEFAULT_TOP_K
  if (!(Number.isSafeInteger(topK) && topK >= 1 && topK <= spec.width)) {
    throw new InputError(`workload.topK must be an integer from 1 to model.width ${spec.width}, got ${topK}`)
  }
  if (sampling.kind === 'sample') {
    if (!(Number.isFinite(sampling.temperature) && sampling.temperature > 0)) {
      throw new InputError(`workload.temperature must be a number > 0, got ${sampling.temperature}`, {
        hint: 'use greedy decoding for temperature 0',
      })
    }
    if (!Number.isSafeInteger(sampling.seed)) {
      throw new InputError(`the sampling seed must be an integer, got ${sampling.seed}`)
    }
  }
}
