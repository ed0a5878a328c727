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

/** Which real model a host runs for a job. `lazy` is the cheaper dishonest variant. */
export type VariantName = 'honest' | 'lazy'

/** A built-in MLP: `depth` hidden layers of `width`, weights drawn from `seed`. */
export type MlpModelSpec = {
  kind: 'mlp'
  width: number
  depth: number
  inputSize: number
  outputSize: number
  seed: number
  /** Hidden layers the lazy variant skips (the last ones). */
  lazySkipLayers: number
}

/** A user's `.onnx` file: honest inference only, its graph outputs are the checkpoints. */
export type FileModelSpec = {
  kind: 'file'
  path: string
}

export type ModelSpec = MlpModelSpec | FileModelSpec

export type VariantInfo = {
  /** Floating-point operations of one inference, counted from the graph. */
  flops: number
}

export type ModelInfo = {
  /** Handle for `infer`; stable for the same spec. */
  id: string
  /** Hash of the honest model's ONNX bytes: the key of the on-chain registry. */
  hash: Hex
  /** Checkpoints per inference (one digest per checkpoint). */
  layers: number
  inputSize: number
  variants: Partial<Record<VariantName, VariantInfo>> & { honest: VariantInfo }
}

export type InferenceRequest = {
  modelId: string
  variant: VariantName
  /** The job's input is expanded from this seed inside the engine, so it never crosses threads. */
  inputSeed: number
}

export type InferenceResult = {
  /** One digest per checkpoint, over tolerance-quantized values. */
  layerDigests: Hex[]
  /** Digest of the final output (the last checkpoint): what a host commits. */
  resultDigest: Hex
  flops: number
}

export interface InferencePort {
  /** Build or load the model in every worker; returns what the sim needs to cost and register it. */
  load(spec: ModelSpec): Promise<ModelInfo>
  infer(request: InferenceRequest): Promise<InferenceResult>
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
  /** Share of a slash paid to the challenger, the rest burned, in parts per million. */
  challengerSharePpm: number
  /** Seconds after a commitment during which its results can be challenged. */
  challengeWindow: number
  /** Seconds between a host asking to unstake and being able to withdraw. */
  unbondingDelay: number
  /** Smallest stake that lets a host commit results. */
  minStake: Amount
}

/** One result inside a commitment: the Merkle leaf encodes all four fields. */
export type JobLeaf = {
  jobId: number
  requester: number
  fee: Amount
  resultDigest: Hex
}

export type LedgerCall =
  | { kind: 'registerModel'; modelHash: Hex; flops: number; layers: number }
  | { kind: 'addVerifier'; verifier: number }
  | { kind: 'stake'; host: number; amount: Amount }
  | { kind: 'deposit'; requester: number; amount: Amount }
  | { kind: 'requestUnstake'; host: number; amount: Amount }
  | { kind: 'withdraw'; host: number }
  /** One Merkle root per host per block over these results; the adapter keeps the tree. */
  | { kind: 'commit'; host: number; modelHash: Hex; leaves: JobLeaf[] }
  /** Dispute result `leafIndex` of batch `batchId`; the adapter supplies the Merkle proof. */
  | { kind: 'challenge'; verifier: number; batchId: number; leafIndex: number; claimedDigest: Hex }
  /** The referee's re-executed digest settles the dispute: slash iff it differs from the commitment. */
  | { kind: 'resolve'; disputeId: number; refereeDigest: Hex }
  /** After the challenge window with no open dispute: pay the host the batch's remaining fees. */
  | { kind: 'finalize'; batchId: number }

export type LedgerEvent =
  | { kind: 'ModelRegistered'; modelHash: Hex }
  | { kind: 'Staked'; host: number; amount: Amount }
  | { kind: 'Deposited'; requester: number; amount: Amount }
  | { kind: 'UnstakeRequested'; host: number; amount: Amount; availableAt: number }
  | { kind: 'Withdrawn'; host: number; amount: Amount }
  | { kind: 'Committed'; batchId: number; host: number; root: Hex; jobCount: number; feeTotal: Amount }
  | { kind: 'DisputeOpened'; disputeId: number; batchId: number; leafIndex: number; verifier: number }
  | { kind: 'DisputeRejected'; disputeId: number }
  | {
      kind: 'Slashed'
      disputeId: number
      host: number
      amount: Amount
      toChallenger: Amount
      burned: Amount
      refunded: Amount
    }
  | { kind: 'Finalized'; batchId: number; host: number; paid: Amount }

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
  /** Tokens burned by slashes so far. */
  burned(): Promise<Amount>
  close(): Promise<void>
}
