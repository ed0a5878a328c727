import type { GeneratingModelSpec, ModelSpec } from './ports.ts'

/** A decoder's jobs are generations checkpointed per chunk; every other model's are one forward pass. */
export function isGeneratingModel(spec: ModelSpec): spec is GeneratingModelSpec {
  return spec.kind === 'decoder' || spec.kind === 'decoderFile'
}
