import type { BuiltDecoder } from '../build/decoderTypes.ts'

/**
 * Digests a result commits per chunk: one per honest block when the decoder's graphs expose its
 * blocks' outputs (built-in decoders), so bisection narrows to a chunk and then to a block;
 * one, the chunk's hidden state after the last block, for a decoder from files.
 */
export function checkpointBlocks(built: Pick<BuiltDecoder, 'spec' | 'stateBlocks'>): number {
  return built.stateBlocks > 0 ? built.spec.blocks : 1
}
