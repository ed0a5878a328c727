import { InputError } from '../../errors/index.ts'
import type { DecoderArithmetic, DecoderParams, DecoderShape, DecoderSize } from './types.ts'

function positive(field: string, value: number | undefined, integer: boolean, example: string): number {
  const ok =
    value !== undefined && Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value))
  if (!ok)
    throw new InputError(
      `decoder ${field} must be a ${integer ? 'positive integer' : 'finite number > 0'}, got ${value}`,
      { hint: `e.g. ${field}: ${example}` },
    )
  return value
}

function isParams(size: DecoderShape | DecoderParams): size is DecoderParams {
  return 'params' in size && size.params !== undefined
}

/**
 * The per-token arithmetic of a decoder-only transformer.
 *
 * Matrix products cost 2 FLOPs per weight per token (Kaplan et al. 2020, arXiv 2001.08361,
 * table 1). Causal attention at position t adds QKᵀ and AV over the t + 1 positions it sees:
 * 2 × 2 × width FLOPs per position per block, the 12·L·H·Q·T term of PaLM's appendix B
 * (Chowdhery et al. 2022, arXiv 2204.02311) divided by 3 for the forward pass alone. The KV
 * cache holds a key and a value of kvWidth elements per block per token.
 *
 * In the params form every weight is counted as a matrix weight read once per pass: an upper
 * bound that is within 1% for large models, whose embeddings are a small share.
 */
export function describeDecoder(size: DecoderSize): DecoderArithmetic {
  const bytesPerWeight = positive('bytesPerWeight', size.bytesPerWeight, false, '2 for fp16')
  const kvBytes = positive('kvBytesPerElement', size.kvBytesPerElement, false, '2 for an fp16 cache')
  const context = positive('context', size.context, true, '4096')
  const width = positive('width', size.width, true, '4096')
  const blocks = positive('blocks', size.blocks, true, '32')
  const kvWidth = size.kvWidth === undefined ? width : positive('kvWidth', size.kvWidth, true, '1024')
  let params: number
  let matmulParams: number
  if (isParams(size)) {
    params = positive('params', size.params, false, '7e9')
    matmulParams = params
  } else {
    const vocab = positive('vocab', size.vocab, true, '32000')
    const ffnWidth =
      size.ffnWidth === undefined ? 4 * width : positive('ffnWidth', size.ffnWidth, true, '11008')
    const attention = 2 * width * width + 2 * width * kvWidth
    const mlp = (size.gatedMlp ? 3 : 2) * width * ffnWidth
    const head = vocab * width
    matmulParams = blocks * (attention + mlp) + head
    params = matmulParams + (size.tiedEmbeddings ? 0 : vocab * width)
  }
  return {
    params,
    matmulParams,
    weightBytes: matmulParams * bytesPerWeight,
    kvBytesPerToken: 2 * blocks * kvWidth * kvBytes,
    attentionFlopsPerPosition: 4 * blocks * width,
    context,
  }
}
