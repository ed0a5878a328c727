import { InputError } from '../../errors/index.ts'
import type { DecoderArithmetic, GenerationWorkload } from './types.ts'

/** The workload itself when it fits the decoder's context; a generation cannot run past it. */
export function checkWorkload(decoder: DecoderArithmetic, workload: GenerationWorkload): GenerationWorkload {
  for (const field of ['prompt', 'output'] as const) {
    const value = workload[field]
    if (!Number.isInteger(value) || value < 1)
      throw new InputError(`workload ${field} must be an integer >= 1 token, got ${value}`, {
        hint: `e.g. ${field}: ${field === 'prompt' ? 512 : 256}`,
      })
  }
  const total = workload.prompt + workload.output
  if (total > decoder.context)
    throw new InputError(
      `workload prompt ${workload.prompt} + output ${workload.output} = ${total} tokens exceeds the decoder's context of ${decoder.context}`,
      { hint: 'shorten the prompt or the output, or raise the context' },
    )
  return workload
}
