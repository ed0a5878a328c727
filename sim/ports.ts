/**
 * The two narrow interfaces sim/ needs from the outside world. engine/ implements the inference
 * port with onnxruntime in worker threads; contracts/ implements the ledger port on anvil. Both
 * are asynchronous: the run loop starts a call at one virtual time and joins its result at the
 * virtual time the cost model gives, so thread or network timing never changes the outcome.
 */

export type Hex = `0x${string}`

// ---------------------------------------------------------------------------------------------
// Inference port
// ---------------------------------------------------------------------------------------------

/** The cheaper dishonest variants a lazy host can run instead of the honest model. */
export type CheatVariant = ForwardCheat | DecoderCheat

/** Cheats of a single-forward-pass model (MLP, transformer block stack, .onnx file). */
export type ForwardCheat = 'skip' | 'int8' | 'substitute' | 'noise'

/**
 * Cheats of a decoder that generates text (issue 15). skip, substitute and int4 are cheaper
 * graphs; kv8, truncate, reseed and bias are changes to the generation loop on the honest graphs.
 */
export type DecoderCheat = 'skip' | 'substitute' | 'int4' | 'kv8' | 'truncate' | 'reseed' | 'bias'

/** Which real model a host runs for a job. */
export type VariantName = 'honest' | CheatVariant

/** How each cheat variant is made from the honest model. */
export type CheatParams = {
  /** skip: the last `skipLayers` hidden layers (or blocks) are skipped. */
  skipLayers: number
  /** noise: no inference at all; outputs are seeded noise of this scale. */
  noiseScale: number
  /** substitute: a smaller model of this hidden width with its own weights, same input and output. */
  substituteWidth: number
}

/** A built-in MLP: `depth` hidden layers of `width`, weights drawn from `seed`. */
export type MlpModelSpec = {
  kind: 'mlp'
  width: number
  depth: number
  inputSize: number
  outputSize: number
  seed: number
  cheats: CheatParams
}

/** A built-in transformer: `blocks` pre-norm blocks (attention, layer norm, GELU MLP, residuals). */
export type TransformerModelSpec = {
  kind: 'transformer'
  dModel: number
  heads: number
  blocks: number
  seqLen: number
  /** Hidden size of each block's MLP as a multiple of dModel. */
  ffMult: number
  seed: number
  cheats: CheatParams
}

/** A user's `.onnx` file; checkpoint outputs are added for its layers. */
export type FileModelSpec = {
  kind: 'file'
  path: string
  cheats: CheatParams
}

/** How each decoder cheat is made (the variant itself is chosen by hosts.variant). */
export type DecoderCheatParams = {
  /** skip: blocks dropped from the end. */
  skipBlocks: number
  /** substitute: a smaller decoder with its own weights, projected to the honest width. */
  substitute: { width: number; heads: number; blocks: number }
  /** truncate: only the last `truncateKeep` prompt tokens are fed. */
  truncateKeep: number
  /** bias: these logits are raised by `bias` before each draw. */
  biasTokens: number[]
  bias: number
}

/**
 * A built-in decoder-only language model (issue 15): jobs are generations, checkpoints are the
 * states after each block of each chunk of output tokens. Byte-level vocabulary (256) by default.
 */
export type DecoderModelSpec = {
  kind: 'decoder'
  vocab: number
  width: number
  heads: number
  blocks: number
  /** Longest prompt + output the learned positions cover. */
  context: number
  ffMult: number
  seed: number
  cheats: DecoderCheatParams
}

/**
 * A decoder from two `.onnx` files that share weights: a prefill graph and a decode-step graph
 * with the inputs and outputs of engine/build/buildDecoder. Only loop cheats (kv8, truncate,
 * reseed, bias) can be run on it.
 */
export type FileDecoderModelSpec = {
  kind: 'decoderFile'
  prefill: string
  decode: string
  cheats: DecoderCheatParams
}

/** A model whose job is one forward pass, checkpointed per layer or block. */
export type ForwardModelSpec = MlpModelSpec | TransformerModelSpec | FileModelSpec

/** A model whose job is a generation, checkpointed per chunk of output tokens. */
export type GeneratingModelSpec = DecoderModelSpec | FileDecoderModelSpec

export type ModelSpec = ForwardModelSpec | GeneratingModelSpec

/**
 * An honest host's hardware: a real onnxruntime configuration. Different profiles give slightly
 * different floats for the same model and input, as different GPUs do.
 */
export type HardwareProfile = {
  threads: number
  optimization: 'disabled' | 'basic' | 'extended' | 'all'
  /** Weights rounded through float16. */
  fp16Weights: boolean
}

/** The reference configuration verifiers and referees use unless a scenario says otherwise. */
export const REFERENCE_HARDWARE: HardwareProfile = { threads: 1, optimization: 'all', fp16Weights: false }

/**
 * How far a claimed generation chunk may sit from the verifier's one-prefill recomputation and
 * still pass: the engine's default clears the honest spread of the test decoders with room to
 * spare; `tolerance: auto` sets maxValueDistance per model from the measured spread.
 */
export type GenerationTolerance = {
  /** Least mean share of a token's top-k indices found in the verifier's top-k. */
  minOverlap: number
  /** Largest |claimed − recomputed| over the values of shared indices in the chunk. */
  maxValueDistance: number
  /** Largest amount a claimed token's score may sit below the best score (float noise, near ties). */
  tokenMargin: number
}

export const DEFAULT_GENERATION_TOLERANCE: GenerationTolerance = {
  minOverlap: 0.9,
  maxValueDistance: 0.02,
  tokenMargin: 0.01,
}

export type VariantInfo = {
  /** Floating-point operations of one inference, counted from the graph. */
  flops: number
}

export type ModelInfo = {
  /** Handle for the calls below; stable for the same spec. */
  id: string
  /** Hash of the honest model's ONNX bytes: the key of the on-chain registry. */
  hash: Hex
  /** Checkpoints per inference: every variant reports this many digests. */
  layers: number
  /** FLOPs of each checkpoint's layer alone: what a referee pays to re-execute one layer. */
  layerFlops: number[]
  /** Elements of the honest model's weights (the x-axis of a model-size study, beside FLOPs). */
  parameters: number
  inputSize: number
  /** The variants this model has (a file model may lack some cheats). */
  variants: Partial<Record<VariantName, VariantInfo>> & { honest: VariantInfo }
  /**
   * Decoders only: the shape the cost model prices generations with (sim/cost's DecoderParams
   * plus vocabulary and context). For a decoder, `layers` and `layerFlops` above describe nothing;
   * the checkpoints of a generation are (chunk, block) pairs, chunk-major, counted per job:
   * `checkpointBlocks` per chunk (every block of a built-in decoder; 1 for a decoder from files,
   * whose graphs expose the last block's state only).
   */
  decoder?: {
    params: number
    width: number
    blocks: number
    vocab: number
    context: number
    checkpointBlocks: number
  }
}

/**
 * What one generation job asks for (decoder models only). The prompt's tokens are expanded from
 * the request's inputSeed inside the engine, and so is the seed of a sampled draw, so a verifier
 * can reproduce each token.
 */
export type GenerationOrder = {
  promptTokens: number
  outputTokens: number
  sampling: { kind: 'greedy' } | { kind: 'sample'; temperature: number }
  /** Output tokens per committed digest. */
  chunkSize: number
  /** Hidden-state entries kept per token in a digest. */
  topK: number
  /**
   * Checkpoints every result reports: ceil(longest output in the workload ÷ chunkSize) ×
   * ModelInfo.decoder.checkpointBlocks, chunk-major (checkpoint (c − 1) × B + b is block b of
   * chunk c). Shorter outputs pad with a fixed digest, so every leaf of a model has as many
   * checkpoints as the model registered for bisection.
   */
  checkpoints: number
}

/** What a generation produced or a check found, beyond the digests. */
export type GenerationFacts = {
  promptTokens: number
  outputTokens: number
  /** FLOPs counted from the graphs: the one prefill and the decode steps. */
  prefillFlops: number
  decodeFlops: number
}

/** One chunk as a one-prefill verifier saw it: the statistic a sequential test accumulates. */
export type ChunkEvidence = {
  /** First output token of the chunk and its token count. */
  start: number
  count: number
  /** Mean |claimed − recomputed| over the values of shared top-k indices (Infinity: none shared). */
  meanValueDistance: number
  /**
   * Claimed tokens the verifier's reproduced draw does not give (beyond the tolerance's margin):
   * exact evidence, whatever the hidden states say.
   */
  tokenMismatches: number
  /** The chunk passed the one-chunk check at the default tolerance. */
  passed: boolean
}

/** One run of one variant on one host's hardware. */
export type RunRef = {
  variant: VariantName
  hardware: HardwareProfile
  /**
   * Whose run it is, for the noise cheat only: each lazy host draws its own noise, so two of them
   * never agree by accident (in replication they would outvote an honest host).
   */
  salt?: number
  /**
   * The serving batch the run was part of (issue 19): its jobs' input seeds in batch order and
   * this job's index. A checker or referee re-creating a claimed run re-runs that whole batch
   * through the batched graph and takes this job's row, since batching can change the bits.
   * Absent: the job ran alone. Not part of runKey: it changes which rows, not which session.
   * A decoder's batch also carries every job's generation order (`orders`, in batch order): the
   * whole batched generation is re-run, and its jobs' prompt and output lengths shape it.
   */
  batch?: { inputSeeds: number[]; index: number; orders?: GenerationOrder[] }
}

export type InferenceRequest = RunRef & {
  modelId: string
  /** The job's input is expanded from this seed inside the engine, so it never crosses threads. */
  inputSeed: number
  /**
   * Digest every checkpoint (default), or only the result: most modes commit the result alone,
   * and digesting every layer costs a small model a tenth of its run.
   */
  checkpoints?: boolean
  /**
   * Return the final output's values (default), or its digests only: only replication compares
   * outputs off chain, and a large model's output is most of what would cross threads and be
   * kept per job (128 KiB for the benchmark's transformer).
   */
  output?: boolean
  /** Decoder models: the generation to run. Required for them, refused for other models. */
  generation?: GenerationOrder
}

export type InferenceResult = {
  /**
   * One digest per checkpoint over tolerance-quantized values (raw bits when tolerance is 0);
   * empty when the request asked for the result only (`checkpoints: false`).
   */
  layerDigests: Hex[]
  /** Digest of the final output (the last checkpoint): what a host commits. */
  resultDigest: Hex
  /**
   * The final output's values, for tolerance comparisons off chain. A Float32Array, as the model
   * made it: it crosses threads as one copy of its bytes, not number by number. Empty when the
   * request asked for digests only (`output: false`).
   */
  output: Float32Array
  flops: number
  /**
   * Decoder models: layerDigests are the (chunk, block) digests, chunk-major (padded to
   * generation.checkpoints),
   * resultDigest commits the tokens and the chunks, and output holds the tokens as floats.
   */
  generation?: GenerationFacts
}

export type CompareRequest = {
  modelId: string
  inputSeed: number
  generation?: GenerationOrder
  /** The run under test (a host's). */
  claimed: RunRef
  /** The checker's own run, whose compute the checker pays. */
  reference: RunRef
  /**
   * Compare raw float bits (tolerance 0) whatever the engine's tolerance: deterministic kernels
   * (protocol.exact) on the same hardware class give bit-identical runs. Forward models only: a
   * decoder's generation check keeps its own rule. Absent: the engine's tolerance.
   */
  exact?: boolean
  /**
   * Decoder models: this model's generation tolerance (a catalog's decoders each measure their
   * own under `tolerance: auto`). Absent: the port's.
   */
  generationTolerance?: GenerationTolerance
}

export type CompareResult = {
  /** Per checkpoint: the claimed values are within tolerance of the reference. */
  agree: boolean[]
  /** FLOPs of the reference run: for a decoder, one prefill over prompt and output. */
  flops: number
  /** Decoder models: per real chunk (padding excluded), the evidence behind `agree`. */
  chunks?: ChunkEvidence[]
  generation?: GenerationFacts
}

export type LayerCheckRequest = {
  modelId: string
  inputSeed: number
  /**
   * 1-based checkpoint index: the layer that produced checkpoint `layer` from checkpoint
   * `layer - 1`; for a decoder, the (chunk, block) pair (chunk-major), which the referee checks by
   * re-executing that one block over the prompt and the output up to the chunk's end, from the
   * host's claimed state before it.
   */
  layer: number
  generation?: GenerationOrder
  claimed: RunRef
  /** The referee's hardware. */
  hardware: HardwareProfile
  /** Decoder models: this model's generation tolerance, as in CompareRequest. Absent: the port's. */
  generationTolerance?: GenerationTolerance
}

export type LayerCheckResult = {
  /** The claimed checkpoint `layer` is within tolerance of re-executing that one layer. */
  agree: boolean
  /** FLOPs of the one-layer model the referee ran. */
  flops: number
}

export interface InferencePort {
  /**
   * Build or load the model in every worker; returns what the sim needs to cost and register it.
   * `warm`: the variants every worker builds now (default: all); the others are built on first use.
   */
  load(spec: ModelSpec, options?: { warm?: readonly VariantName[] }): Promise<ModelInfo>
  infer(request: InferenceRequest): Promise<InferenceResult>
  /**
   * A host's serving batch (issue 19): forward requests of one model, variant, hardware and salt
   * run as ONE batched session run; result i is bit for bit what that batch gave request i. The
   * composition is the caller's (decided in virtual time), never the pool's. A decoder's requests
   * (each with its generation order) run as one batched generation: a batched prefill and batched
   * decode steps with per-sequence caches. Optional: ports
   * without it cannot run scenarios whose hosts batch (hosts.serving.maxBatch > 1).
   */
  inferBatch?(requests: readonly InferenceRequest[]): Promise<InferenceResult[]>
  /** Re-execute as a checker and compare every checkpoint of a claimed run within tolerance. */
  compare(request: CompareRequest): Promise<CompareResult>
  /**
   * The referee's step: re-execute exactly one layer, as a real one-layer ONNX model built from the
   * same weights, on the claimed run's previous checkpoint, and compare with its claimed output.
   */
  checkLayer(request: LayerCheckRequest): Promise<LayerCheckResult>
  /**
   * Lets a port that works through this thread's event loop send the requests it holds and take
   * the results its threads finished; undefined when it has nothing to do. The event loop calls
   * it every few hundred events: its synchronous events otherwise never yield, so requests made
   * between two blocks reached the workers only when the next block awaited them, and the
   * workers idled while the simulation ran (issue 19's whole-run efficiency). Optional: a port
   * that answers by itself (the fake) needs no turns.
   */
  dispatch?(): Promise<void> | undefined
  close(): Promise<void>
}

// ---------------------------------------------------------------------------------------------
// Ledger port
// ---------------------------------------------------------------------------------------------

/** Accounts are named by role and index; the adapter maps them to chain addresses. */
export type AccountRef =
  | { role: 'host'; index: number }
  | { role: 'verifier'; index: number }
  | { role: 'requester'; index: number }
  | { role: 'referee'; index: 0 }

/** Token amounts are integers in the smallest unit (1 token = 1e18 units). */
export type Amount = bigint

export type ProtocolParams = {
  /** Fraction of the host's stake slashed per proven fault, in parts per million. */
  slashFractionPpm: number
  /**
   * The slash rule (Protocol.sol's SlashParams), every amount capped at the host's stake:
   * fraction takes slashFractionPpm of the stake, fixed `amount`, valueScaled the job's fee ×
   * `scalePpm` ÷ its check probability: 1e6 ppm for a fee of at least `alwaysCheckAbove` (null:
   * no threshold), `checkProbabilityPpm` (1 to 1e6) below it. Integer division truncates.
   */
  slash: {
    rule: 'fraction' | 'fixed' | 'valueScaled'
    amount: Amount
    scalePpm: number
    checkProbabilityPpm: number
    alwaysCheckAbove: Amount | null
  }
  /** Share of a slash paid to the challenger, the rest burned, in parts per million. */
  challengerSharePpm: number
  /** Seconds after a commitment during which its results can be challenged. */
  challengeWindow: number
  /**
   * Seconds between a host asking to unstake (or a requester asking for escrow back) and being
   * able to withdraw. The contract refuses a delay shorter than challengeWindow + 32 moveTimeouts
   * + refereeTimeout: a host must not be gone before its latest batch's verdicts.
   */
  unbondingDelay: number
  /** Smallest stake that lets a host commit results. */
  minStake: Amount
  /** Bond a challenger posts to open a sampling dispute or a bisection game. */
  challengeBond: Amount
  /** Seconds each party has for its move in a bisection game before it loses by timeout. */
  moveTimeout: number
  /** Seconds the referee has to rule on a dispute or a game's last step; after it the case is void. */
  refereeTimeout: number
  /** Share of a losing challenger's bond paid to the host, the rest burned, in parts per million. */
  bondToWinnerPpm: number
  /** When true (modeled TEE / zk), a batch finalizes only after its attestation was checked. */
  requireAttestation: boolean
  /**
   * Token emissions to hosts (RunSpec economics.emissions): `ratePerSecond` accrues from the
   * set-up block and halves every `halvingInterval` seconds (0: never); `emit` releases what
   * accrued since the last one from `reserve` (funded at set-up: the native coin cannot be
   * minted). `burnPpm` of every fee is burned at finalize instead of paid (burn-and-mint).
   * All zero: no emissions. `start` (a chain timestamp) delays the accrual's start past the
   * set-up block, for a run whose virtual time 0 comes after it; absent or earlier: the set-up block.
   */
  emission: {
    ratePerSecond: Amount
    halvingInterval: number
    burnPpm: number
    reserve: Amount
    start?: number
  }
}

/** One result inside a commitment: the Merkle leaf encodes these fields. */
export type JobLeaf = {
  jobId: number
  requester: number
  fee: Amount
  resultDigest: Hex
  /**
   * Per-checkpoint digests (optimistic mode). The adapter commits their Merkle root inside the
   * leaf (zero when absent) and keeps them to prove single checkpoints in bisection games.
   */
  layerDigests?: Hex[]
}

export type LedgerCall =
  | { kind: 'registerModel'; modelHash: Hex; flops: number; layers: number }
  | { kind: 'addVerifier'; verifier: number }
  /** The verifier can no longer open disputes or games; its open ones continue. */
  | { kind: 'removeVerifier'; verifier: number }
  | { kind: 'stake'; host: number; amount: Amount }
  | { kind: 'deposit'; requester: number; amount: Amount }
  /**
   * The requester consents to pay `fee` per job for `jobs` more jobs done by each `host`; a commit
   * can take from its escrow only what it ordered from the committing host.
   */
  | { kind: 'order'; requester: number; fee: Amount; orders: { host: number; jobs: number }[] }
  /** Pay the account its whole credit (verdict shares, bonds back, fees): payouts are pulled. */
  | { kind: 'claim'; account: AccountRef }
  /** Ask for `amount` of the requester's escrow back, payable after the unbonding delay. */
  | { kind: 'requestEscrowWithdrawal'; requester: number; amount: Amount }
  /** After the delay: pay the requester its pending escrow withdrawal. */
  | { kind: 'withdrawEscrow'; requester: number }
  | { kind: 'requestUnstake'; host: number; amount: Amount }
  | { kind: 'withdraw'; host: number }
  /**
   * One Merkle root per host per block over these results; the adapter keeps the tree and derives
   * the payers and their job counts from the leaves (each payer must have ordered them).
   */
  | { kind: 'commit'; host: number; modelHash: Hex; leaves: JobLeaf[] }
  /**
   * Sampling: post the challenge bond and dispute result `leafIndex` of batch `batchId`; the
   * adapter supplies the Merkle proof.
   */
  | { kind: 'challenge'; verifier: number; batchId: number; leafIndex: number; claimedDigest: Hex }
  /** The referee's digest settles the dispute: slash iff it differs from the commitment. */
  | { kind: 'resolve'; disputeId: number; refereeDigest: Hex }
  /** Anyone, once the referee's deadline on a dispute passed: void it, the bond goes back. */
  | { kind: 'expireDispute'; disputeId: number }
  /** After the challenge window with no open dispute: pay the host the batch's remaining fees. */
  | { kind: 'finalize'; batchId: number }
  /**
   * Owner only (the emission oracle): release the emission accrued since the last `emit` and
   * credit it to `hosts` pro rata to their bonded stake (floor division; the remainder stays in
   * the reserve). Every listed host must hold at least minStake.
   */
  | { kind: 'emit'; hosts: number[] }
  /**
   * Replication: the referee settles one job run by several hosts. `inMajority[i]` says whether
   * entry i agreed with a strict majority (decided within tolerance off chain); minority hosts
   * are slashed. Without a strict majority nobody is slashed and every entry's fee is refunded.
   */
  | {
      kind: 'settleReplication'
      jobId: number
      entries: { batchId: number; leafIndex: number }[]
      inMajority: boolean[]
    }
  /** Optimistic: a watcher posts the bond and opens a bisection game over the leaf's checkpoints. */
  | { kind: 'openGame'; verifier: number; batchId: number; leafIndex: number }
  /** Host's move: reveal its committed digest of checkpoint `layer` (the adapter supplies the proof). */
  | { kind: 'reveal'; gameId: number; layer: number }
  /** Challenger's move: agree or disagree with the host's last revealed checkpoint. */
  | { kind: 'respond'; gameId: number; agree: boolean }
  /** Referee: the narrowed layer's verdict, as a digest (the host's own digest means the host was right). */
  | { kind: 'resolveGame'; gameId: number; refereeDigest: Hex }
  /**
   * Anyone, after a party missed its move deadline (that party loses) or the referee its deadline
   * (the game is void, the bond goes back).
   */
  | { kind: 'timeoutGame'; gameId: number }
  /** Modeled TEE attestation or zk proof check of a batch, charging `gas` of real gas. */
  | { kind: 'attest'; host: number; batchId: number; gas: number }

/** Why a slash happened: a sampling dispute, a bisection game or a replication vote. */
export type SlashCause = { dispute: number } | { game: number } | { vote: number }

export type LedgerEvent =
  | { kind: 'ModelRegistered'; modelHash: Hex }
  | { kind: 'Staked'; host: number; amount: Amount }
  | { kind: 'Deposited'; requester: number; amount: Amount }
  | { kind: 'UnstakeRequested'; host: number; amount: Amount; availableAt: number }
  | { kind: 'Withdrawn'; host: number; amount: Amount }
  | { kind: 'Committed'; batchId: number; host: number; root: Hex; jobCount: number; feeTotal: Amount }
  | { kind: 'DisputeOpened'; disputeId: number; batchId: number; leafIndex: number; verifier: number }
  | { kind: 'DisputeRejected'; disputeId: number }
  | { kind: 'DisputeExpired'; disputeId: number }
  | { kind: 'Ordered'; requester: number; hosts: number; jobs: number; fee: Amount }
  | { kind: 'Claimed'; account: AccountRef; amount: Amount }
  | { kind: 'EscrowWithdrawalRequested'; requester: number; amount: Amount; availableAt: number }
  | { kind: 'EscrowWithdrawn'; requester: number; amount: Amount }
  | { kind: 'VerifierRemoved'; verifier: number }
  | { kind: 'RefereeChanged'; referee: number }
  | { kind: 'GameVoided'; gameId: number }
  | {
      kind: 'Slashed'
      cause: SlashCause
      host: number
      amount: Amount
      toChallenger: Amount
      burned: Amount
      refunded: Amount
    }
  | { kind: 'Finalized'; batchId: number; host: number; paid: Amount }
  /** `burned` is the burn-and-mint share of the batch's fees (0 without it). */
  | { kind: 'FeesBurned'; batchId: number; burned: Amount }
  /** One emission: `total` released and credited to hosts (per host in EmissionCredited). */
  | { kind: 'Emitted'; total: Amount; hosts: number }
  | { kind: 'EmissionCredited'; host: number; amount: Amount }
  | { kind: 'ReplicationSettled'; jobId: number; consensus: boolean; slashed: number[]; refunded: Amount }
  | {
      kind: 'GameOpened'
      gameId: number
      batchId: number
      leafIndex: number
      verifier: number
      layers: number
    }
  /** After each move: the disputed interval (lo agreed, hi disputed) and whose turn it is. */
  | {
      kind: 'GameMoved'
      gameId: number
      lo: number
      hi: number
      turn: 'host' | 'challenger' | 'referee'
      round: number
    }
  | {
      kind: 'GameResolved'
      gameId: number
      hostLost: boolean
      byTimeout: boolean
      /** The layer the game narrowed to (hi), or 0 when it ended by timeout before narrowing. */
      layer: number
      rounds: number
      /** What happened to the losing challenger's bond (0 when the host lost). */
      bondToHost: Amount
      bondBurned: Amount
    }
  | { kind: 'Attested'; batchId: number; gas: number }

export type CallReceipt = {
  call: LedgerCall
  /** false when the transaction reverted; `error` then holds the revert reason. */
  ok: boolean
  error?: string
  gasUsed: bigint
  events: LedgerEvent[]
}

export type MinedBlock = {
  number: number
  timestamp: number
  /** One receipt per submitted call, in submission order. */
  receipts: CallReceipt[]
}

export type AccountBalances = {
  /** Free token balance of the account. */
  wallet: Amount
  /** Bonded stake (hosts only; 0 otherwise). */
  stake: Amount
  /** Escrowed fees (requesters only; 0 otherwise). */
  escrow: Amount
  /** Payouts credited by the protocol and not yet claimed. */
  credit: Amount
}

export interface LedgerPort {
  /** Deploy the protocol with these parameters and fund the accounts; mines its own blocks. */
  setup(
    params: ProtocolParams,
    accounts: { hosts: number; verifiers: number; requesters: number },
    funding: Amount,
  ): Promise<void>
  /** Queue a call for the next block. Nothing is sent until `mine`. */
  submit(call: LedgerCall): void
  /** Send every queued call in JSON-RPC batches, mine one block at `timestamp`, return receipts. */
  mine(timestamp: number): Promise<MinedBlock>
  balances(account: AccountRef): Promise<AccountBalances>
  /** Tokens burned by slashes and forfeited bonds so far. */
  burned(): Promise<Amount>
  close(): Promise<void>
}
