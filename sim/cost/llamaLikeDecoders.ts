import type { DecoderShape } from './types.ts'

export type NamedDecoder = DecoderShape & { name: string; context: number; source: string }

/*
 * Shapes of published Llama models, 1B to 70B, from their Hugging Face config.json files
 * (hidden_size → width, num_hidden_layers → blocks, intermediate_size → ffnWidth,
 * num_key_value_heads × head size → kvWidth, vocab_size, tie_word_embeddings,
 * max_position_embeddings → context). Llama 3.2's context is capped at 8192, its
 * original_max_position_embeddings before RoPE scaling, which is plenty for the workloads
 * modeled here. Parameter counts these shapes give: 1.24B, 3.21B, 6.74B, 13.0B, 69.0B.
 */
export const LLAMA_LIKE_DECODERS: readonly NamedDecoder[] = [
  {
    name: 'Llama-3.2-1B',
    width: 2048,
    blocks: 16,
    vocab: 128256,
    ffnWidth: 8192,
    kvWidth: 8 * 64,
    gatedMlp: true,
    tiedEmbeddings: true,
    context: 8192,
    source: 'huggingface.co/meta-llama/Llama-3.2-1B config.json',
  },
  {
    name: 'Llama-3.2-3B',
    width: 3072,
    blocks: 28,
    vocab: 128256,
    ffnWidth: 8192,
    kvWidth: 8 * 128,
    gatedMlp: true,
    tiedEmbeddings: true,
    context: 8192,
    source: 'huggingface.co/meta-llama/Llama-3.2-3B config.json',
  },
  {
    name: 'Llama-2-7B',
    width: 4096,
    blocks: 32,
    vocab: 32000,
    ffnWidth: 11008,
    kvWidth: 4096,
    gatedMlp: true,
    context: 4096,
    source: 'huggingface.co/meta-llama/Llama-2-7b-hf config.json',
  },
  {
    name: 'Llama-2-13B',
    width: 5120,
    blocks: 40,
    vocab: 32000,
    ffnWidth: 13824,
    kvWidth: 5120,
    gatedMlp: true,
    context: 4096,
    source: 'huggingface.co/meta-llama/Llama-2-13b-hf config.json',
  },
  {
    name: 'Llama-2-70B',
    width: 8192,
    blocks: 80,
    vocab: 32000,
    ffnWidth: 28672,
    kvWidth: 8 * 128,
    gatedMlp: true,
    context: 4096,
    source: 'huggingface.co/meta-llama/Llama-2-70b-hf config.json',
  },
]
