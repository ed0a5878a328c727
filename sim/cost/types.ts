/**
 * The prefill/decode cost model's types. All figures are SI: FLOPs, bytes, seconds, USD.
 * Everything here is a pure description; the functions beside this file do the arithmetic.
 */

/** A machine that serves or verifies generations, priced by the second. */
export type HardwareCostProfile = {
  name: string
  /** Peak dense FLOP/s at the precision the model runs in. */
  peakFlops: number
  /** Memory bandwidth in bytes/s (HBM, GDDR or DRAM). */
  memoryBandwidth: number
  /** USD per second of the whole machine's time. */
  pricePerSecond: number
  /** Concurrent generations one machine serves: each weight read is shared by this many. */
  batchSize: number
  /** Where the figures come from; "measured" for a calibrated machine. */
  source: string
}

/**
 * A Llama-like decoder's shape. Norms, biases and learned position tables are left out: they
 * are under 1% of the weights at the sizes this shape form is used for.
 */
export type DecoderShape = {
  width: number
  blocks: number
  vocab: number
  /** Hidden width of the MLP; 4 × width when absent. */
  ffnWidth?: number
  /** Width of keys and values (heads of K/V × head size); less than width under grouped-query attention. */
  kvWidth?: number
  /** Gated MLP (SwiGLU: three matrices) as in Llama; otherwise a GELU MLP with two. */
  gatedMlp?: boolean
  /** Output projection shares the token embedding table. */
  tiedEmbeddings?: boolean
}

/**
 * A decoder given by its measured parameter count. Width and blocks are still needed: the
 * attention term and the KV cache depend on them, not on the parameter count.
 */
export type DecoderParams = {
  params: number
  width: number
  blocks: number
  /** Width of keys and values; width when absent. */
  kvWidth?: number
}

export type DecoderSize = (DecoderShape | DecoderParams) & {
  /** 2 for fp16/bf16, 1 for 8-bit, 0.5 for 4-bit weights. */
  bytesPerWeight: number
  /** Bytes per cached key or value element: 2 for fp16, 1 for an 8-bit KV cache. */
  kvBytesPerElement: number
  /** Longest sequence (prompt + output) the model takes. */
  context: number
}

/** What the cost functions need from a decoder, resolved once by describeDecoder. */
export type DecoderArithmetic = {
  /** All weights. */
  params: number
  /** Weights in matrix products (blocks and output projection): 2 FLOPs each per token. */
  matmulParams: number
  /** Bytes of weights read once per forward pass over any number of tokens. */
  weightBytes: number
  /** Keys and values of one token over all blocks. */
  kvBytesPerToken: number
  /** Attention FLOPs per token per position attended: 4 × blocks × width (QKᵀ and AV). */
  attentionFlopsPerPosition: number
  context: number
}

export type RooflineBound = 'memory' | 'compute'

/** One phase (a prefill or one decode step) of one sequence. */
export type PhaseCost = {
  /** FLOPs of this sequence. */
  flops: number
  /** Bytes this sequence moves: its share of the weights and its own KV cache traffic. */
  bytes: number
  /** Wall time of the batched pass this sequence is part of: what it waits. */
  seconds: number
  /** This sequence's share of the machine's time (seconds ÷ batch size): what it pays for. */
  machineSeconds: number
  usd: number
  bound: RooflineBound
}

export type GenerationWorkload = {
  /** Prompt tokens. */
  prompt: number
  /** Generated tokens. */
  output: number
}

export type GenerationCost = {
  prefill: PhaseCost
  /** Sums over the decode steps. */
  decode: { flops: number; bytes: number; seconds: number; machineSeconds: number; usd: number }
  /** Steps whose time the memory traffic set, and those the FLOPs set. */
  decodeSteps: { memoryBound: number; computeBound: number }
  seconds: number
  machineSeconds: number
  usd: number
}

/** How many re-checks a verification mode buys per generation. */
export type VerificationPlan =
  | { mode: 'none' }
  /** k hosts generate every job: k − 1 extra generations. */
  | { mode: 'replication'; replicas: number }
  /** A verifier re-checks a result with probability p, by one prefill over prompt and output. */
  | { mode: 'sampling'; probability: number }
  /** Watchers re-check this share of results by one prefill each during the challenge window. */
  | { mode: 'optimistic'; checkRate: number }

export type VerificationOverhead = {
  /** Machine seconds of re-checking per generated token. */
  machineSecondsPerToken: number
  usdPerToken: number
  /** Re-checking USD ÷ generation USD. */
  overhead: number
}

/** One model size's generation and verification figures for one workload on one machine. */
export type DecoderCostRow = {
  name: string
  params: number
  /** true: the cost model's arithmetic for a size that does not run here; false: measured. */
  modeled: boolean
  hardware: string
  prompt: number
  output: number
  generation: { seconds: number; usd: number }
  /** One prefill over prompt + output. */
  verification: { seconds: number; usd: number }
  generationUsdPerToken: number
  verificationUsdPerToken: number
  verifyOverGenerate: number
  source: string
}
