import type { Hex } from '../../sim/index.ts'

/**
 * Greedy takes the most likely token; sampling draws from softmax(logits / temperature) by
 * Gumbel-max with noise derived from (seed, position), so anyone holding the job's seed can
 * reproduce every draw.
 */
export type Sampling = { kind: 'greedy' } | { kind: 'sample'; temperature: number; seed: number }

export type GenerationRequest = {
  prompt: number[]
  outputTokens: number
  sampling: Sampling
  /** Output tokens per committed digest; 32 unless given. */
  chunkSize?: number
  /** Hidden-state entries kept per token in a digest; 4 unless given. */
  topK?: number
}

/**
 * TOPLOC-style commitment to the hidden states of `count` output tokens from `start`: for each
 * token, the `topK` largest-magnitude entries of the hidden state it was predicted from, as
 * indices and float32 values (token-major), and a hash of both for a Merkle leaf.
 */
export type ChunkDigest = { start: number; count: number; indices: number[]; values: number[]; hash: Hex }

export type Generation = {
  tokens: number[]
  /** The chunk digests: the hidden state after the last block, which a one-prefill check reads. */
  chunks: ChunkDigest[]
  /**
   * Per checkpoint block b (checkpointBlocks of them), per chunk: the digest of the chunk's
   * tokens' state after block b as the host claims it. The last entry is `chunks`. A host that
   * runs fewer blocks claims its last state for the blocks it skipped, and a substitute its
   * projected state for every block: the states of the honest width it has.
   */
  blockChunks: ChunkDigest[][]
  /**
   * Only when asked (the referee's re-creation of a claim): per checkpoint block, the claimed
   * state after it at every position fed, [prompt + output − 1, width], real positions (a
   * truncated context leaves the dropped positions zero: the host has no state for them).
   */
  states?: Float32Array[]
  /** FLOPs actually spent, counted from the graphs: one prefill and the decode steps. */
  flops: { prefill: number; decode: number }
}

/**
 * Changes to the generation loop a lazy or dishonest host can make with the honest model:
 * an 8-bit KV cache (each cached key and value rounded to int8 with one scale per head and
 * position), a truncated context (only the last `keep` prompt tokens fed), sampling with
 * another seed, or logits biased towards some tokens.
 */
export type GenerationCheat =
  | { kind: 'kv8' }
  | { kind: 'truncate'; keep: number }
  | { kind: 'reseed'; seed: number }
  | { kind: 'bias'; tokens: number[]; bias: number }
