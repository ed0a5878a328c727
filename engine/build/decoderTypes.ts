import type onnxProto from 'onnx-proto'

/** A decoder-only language model the engine builds in code. */
export type DecoderSpec = {
  /** Token ids are 0 … vocab − 1; 256 is byte-level. */
  vocab: number
  width: number
  heads: number
  blocks: number
  /** Longest sequence (prompt plus output) the learned positions cover. */
  context: number
  /** The MLP's hidden width is ffMult · width. */
  ffMult: number
  seed: number
}

export const DEFAULT_DECODER: Omit<DecoderSpec, 'width' | 'heads' | 'blocks' | 'context' | 'seed'> = {
  vocab: 256,
  ffMult: 4,
}

/**
 * The cheaper models a lazy host can run instead of the honest one; each is a real graph pair.
 * `skip` keeps the first `blocks` blocks; `substitute` is another, narrower decoder (its own
 * seed) whose hidden state is projected to the honest width; `int4` rounds every weight matrix
 * to 16 levels per row.
 */
export type DecoderVariant =
  | { kind: 'honest' }
  | { kind: 'skip'; blocks: number }
  | { kind: 'substitute'; width: number; heads: number; blocks: number }
  | { kind: 'int4' }

/** FLOPs as a polynomial in the sequence (prefill) or past (decode) length: c0 + c1·n + c2·n². */
export type FlopPolynomial = [number, number, number]

/** The two graphs of one decoder variant, sharing their weights, and what is needed to drive them. */
export type BuiltDecoder = {
  spec: DecoderSpec
  variant: DecoderVariant
  /**
   * Inputs `tokens` and `positions` (int64 [T]); outputs `logits` [T, vocab], `hidden` [T, width]
   * (the last block's output, which commitments are taken over) and `present.k.i`,
   * `present.v.i` [heads, T, headDim] per block.
   */
  prefill: onnxProto.onnx.IModelProto
  /**
   * Inputs `tokens`, `positions` (int64 [1]) and `past.k.i`, `past.v.i` [heads, t, headDim];
   * outputs as prefill's for the one token, with present keys and values of length t + 1.
   */
  decode: onnxProto.onnx.IModelProto
  /** Blocks that keep a cache (fewer than spec.blocks for `skip`), and the cache's [heads, headDim]. */
  cacheBlocks: number
  /**
   * Blocks whose outputs both graphs expose as `block0` … (each [T, inner width]): every block
   * of a built-in decoder, none of a decoder from files, whose graphs expose `hidden` only.
   */
  stateBlocks: number
  cacheHeads: number
  headDim: number
  /** Weights a decode step reads (its float initializers' elements), for a roofline's bytes. */
  parameters: number
  /** Floats the KV cache grows by per token: keys and values of every cached block. */
  cacheFloatsPerToken: number
  /** prefill(T) and decode(t) FLOPs, counted from the graphs at concrete lengths. */
  prefillFlops: FlopPolynomial
  decodeFlops: FlopPolynomial
}

/** One honest block as a graph of its own: what the referee re-executes (see buildDecoderBlock). */
export type DecoderBlock = {
  model: onnxProto.onnx.IModelProto
  /** 0-based block index. */
  index: number
  /** Name of the block's output [T, width]. */
  output: string
  /** The last block: the graph also outputs `logits` [T, vocab]. */
  logits: boolean
  /** FLOPs over T positions: c0 + c1·T + c2·T². */
  flops: FlopPolynomial
}
