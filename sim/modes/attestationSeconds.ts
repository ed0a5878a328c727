import type { ZkProving } from '../runSpec.ts'

/**
 * Constants of the modeled TEE and zk modes, each with the published measurement it comes from.
 * Only figures read in the cited page are used; what no page grounds keeps the schema's historical
 * default and says so.
 *
 * TEE proportional overhead (protocol.tee.overheadFactor, default 1.05): "For most typical LLM
 * queries, the overhead remains below 5%, with larger models and longer sequences experiencing
 * near-zero overhead." (Confidential Computing on Nvidia H100 GPU: A Performance Benchmark Study,
 * https://phala.network/posts/confidential-computing-on-nvidia-h100-gpu-a-performance-benchmark-study;
 * arXiv 2409.03992v4 says "below 7%"). That the overhead falls towards zero with size is why the
 * TEE has a fixed per-request part (fixedSeconds, fixedCost); the study gives no fixed-seconds
 * figure we could read, so both default to 0 (not grounded).
 *
 * TEE model swap (protocol.tee.swapSeconds, swapCost; catalog runs): the published figures are
 * relative to a model's load, not seconds per swap. On one H100 swapping LLMs in and out of memory,
 * "relaxed batch inference with model swapping latency is 20–30% lower" without confidential
 * computing, "primarily due to the additional encryption and decryption overhead required for
 * loading models onto the GPU" (Martínez Ibarra et al., Performance of Confidential Computing GPUs,
 * https://arxiv.org/html/2505.16501v1); on Blackwell, the confidential VM-GPU bridge explains "a
 * 34x model-load slowdown" (Yin and Wang, The Serialized Bridge, https://arxiv.org/html/2606.23969v1).
 * A figure in seconds depends on the model's bytes and the link, which the scenario states, so both
 * default to 0 (not grounded): a scenario sets swapSeconds from its own model size and link.
 *
 * zk proving power law (protocol.zk.proving kind powerLaw): seconds per proven token position =
 * a × parameters^b, fitted through the two DeepProve measurements on one machine (AMD EPYC 7B12):
 * a 264k-parameter CNN proved in 1,242 ms and a 4M-parameter dense model in 2,335 ms ("DeepProve:
 * Zero-Knowledge Machine Learning (zkml) Inference", README benchmark table,
 * https://github.com/Lagrange-Labs/deep-prove/blob/2bbc4d95d52ccc3f4db143da20f4763553095c7a/README.md;
 * the same table in https://www.xugj520.cn/en/archives/zkml-ai-verification-deepprove.html gives
 * the machine). Proving time only: the inference itself is added. Two architectures and
 * two points only: b ≈ 0.23 is DeepProve's sublinear claim, not a law for LLMs. Cross-check, not
 * fitted: zkLLM proves a 13B-parameter LLM's whole inference in under 15 minutes (zkLLM: Zero
 * Knowledge Proofs for Large Language Models, https://arxiv.org/html/2404.16109v1), and DeepProve
 * proves GPT-2 at 0.5 tokens/s over a 1024-token sequence (Lagrange Engineering Update: August 2025,
 * https://www.lagrange.dev/engineering-updates/august-2025).
 */
export const DEEPPROVE_POINTS = [
  { parameters: 264_000, seconds: 1.242 },
  { parameters: 4_000_000, seconds: 2.335 },
] as const

/** The exponent through DEEPPROVE_POINTS: ln(t₂/t₁) ÷ ln(P₂/P₁). */
export const ZK_POWER_LAW_B =
  Math.log(DEEPPROVE_POINTS[1].seconds / DEEPPROVE_POINTS[0].seconds) /
  Math.log(DEEPPROVE_POINTS[1].parameters / DEEPPROVE_POINTS[0].parameters)

/** The coefficient through the first point: t₁ ÷ P₁^b. */
export const ZK_POWER_LAW_A = DEEPPROVE_POINTS[0].seconds / DEEPPROVE_POINTS[0].parameters ** ZK_POWER_LAW_B

/**
 * Proof size: zkLLM's proof of a 13B-parameter inference is "less than 200 kB" (zkLLM,
 * https://arxiv.org/html/2404.16109v1); NanoZK's of a GPT-2-scale transformer is 6.9 KB (NANOZK:
 * Layerwise Zero-Knowledge Proofs for Verifiable Large Language Model Inference,
 * https://arxiv.org/html/2603.18046v1). Not a default (proofBytes defaults to 0, so gas stays the
 * historical flat `gas`): a scenario sets proofBytes to one of these.
 */
export const ZKLLM_13B_PROOF_BYTES = 200_000
export const NANOZK_GPT2_PROOF_BYTES = 6_900

/**
 * Gas per byte of a proof in calldata: EIP-2028 reduced a non-zero calldata byte "from its current
 * value of 68 gas per byte to 16 gas per byte" (EIP-2028: Transaction data gas cost reduction,
 * https://eips.ethereum.org/EIPS/eip-2028). Zero bytes cost 4; a proof is taken to be all non-zero.
 */
export const CALLDATA_GAS_PER_BYTE = 16

/**
 * Exact re-execution's compute multiple (protocol.exact.overheadFactor): batch-invariant kernels
 * that make LLM inference bitwise reproducible fix the matmul's kernel configuration (no Split-K,
 * one tiling) "with roughly a 20% throughput hit versus cuBLAS" (Horace He, Thinking Machines,
 * "Defeating Nondeterminism in LLM Inference", Sep 10 2025,
 * https://thinkingmachines.ai/blog/defeating-nondeterminism-in-llm-inference/, as summarized in
 * https://aikumi.news/2025/09/18/defeating-nondeterminism-in-llm-inference-the-case-for-batch-invariant-kernels/).
 * A fifth less throughput is 1 ÷ 0.8 = 1.25× the compute time. The matmul figure only: the same
 * post's attention and RMSNorm changes cost more end to end, so this is a floor, not a ceiling.
 */
export const DETERMINISTIC_KERNEL_OVERHEAD = 1.25

/** What one request costs a host in a modeled mode, besides what it costs natively. */
export type AttestationWork = {
  /** Host seconds of the request with its attestation or proof. */
  seconds: number
  /** Multiple of the native seconds (and of the native compute cost) the host pays. */
  factor: number
}

/**
 * Host seconds of one request of `nativeSeconds` native compute, on a model of `parameters`
 * parameters that processes `tokens` token positions (1 for a non-generating model): the proving
 * rule's part (flat: factor × native; powerLaw: native + a × parameters^b × tokens, so never
 * below 1×) plus the fixed per-request seconds.
 */
export function attestationSeconds(
  proving: ZkProving,
  fixedSeconds: number,
  request: { nativeSeconds: number; parameters: number; tokens: number },
): AttestationWork {
  const proportional =
    proving.kind === 'flat'
      ? request.nativeSeconds * proving.factor
      : // The prover runs the inference (its witness) before proving it: the measured proving times are on top.
        request.nativeSeconds + proving.a * request.parameters ** proving.b * request.tokens
  const seconds = proportional + fixedSeconds
  return { seconds, factor: request.nativeSeconds > 0 ? seconds / request.nativeSeconds : 1 }
}
