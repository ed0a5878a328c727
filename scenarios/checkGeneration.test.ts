import { describe, expect, it } from 'vitest'
import { ScenarioFieldError } from '../errors/index.ts'
import { parseScenario } from './loadScenario.ts'

/** The error a scenario text gives when loaded, with the fields scripts branch on. */
const refusal = (text: string) => {
  try {
    parseScenario(text, 's.yaml')
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFieldError)
    const { fieldPath, line, message } = error as ScenarioFieldError
    return { fieldPath, line, message }
  }
  throw new Error(`accepted:\n${text}`)
}

const lazy = 'hosts:\n  behaviours: { lazy: 1 }\n'

describe('checkGeneration and the decoder fields of the schema', () => {
  it.each([
    // The builder's limits (engine/build/checkDecoderSpec.ts), at the field and its line.
    [
      'model:\n  builtin: decoder\n  width: 30\n',
      'model.heads',
      1,
      /width \(30\) must be a multiple of heads \(4\).*try width 32/,
    ],
    ['model:\n  builtin: decoder\n  vocab: 1\n', 'model.vocab', 3, /at least 2: a model needs two tokens/],
    ['model:\n  builtin: decoder\n  context: 1\n', 'model.context', 3, /at least 2/],
    ['model:\n  builtin: decoder\n  width: 0\n', 'model.width', 3, />=1/],
    ['model:\n  builtin: decoder\n  heads: 257\n', 'model.heads', 3, /<=256/],
    ['model:\n  builtin: decoder\n  blocks: 0\n', 'model.blocks', 3, />=1/],
    [
      'model:\n  builtin: decoder\n  cheats:\n    substitute: { width: 30, heads: 4 }\n',
      'model.cheats.substitute.heads',
      4,
      /substitute decoder's width \(30\) must be a multiple of its heads \(4\)/,
    ],
    [
      `model:\n  builtin: decoder\n  blocks: 2\n  cheats:\n    skipBlocks: 2\n${lazy}`,
      'model.cheats.skipBlocks',
      5,
      /2 must be less than the model's 2 blocks/,
    ],
    [
      'model:\n  builtin: decoder\n  width: 16384\n  blocks: 256\n',
      'model',
      1,
      /needs about .* GiB of weights/,
    ],
    // Cheats the model cannot run, naming those it can.
    [
      'model: { builtin: decoder }\nhosts:\n  variant: int8\n',
      'hosts.variant',
      3,
      /a decoder cannot run the 'int8' cheat; it can run skip, substitute, int4, kv8, truncate, reseed, bias/,
    ],
    ['model: { builtin: decoder }\nhosts:\n  variant: noise\n', 'hosts.variant', 3, /cannot run the 'noise'/],
    [
      'model: { builtin: transformer }\nhosts:\n  variant: kv8\n',
      'hosts.variant',
      3,
      /a built-in transformer cannot run the 'kv8' cheat; it can run skip, int8, substitute, noise/,
    ],
    [
      'model: { file: m.onnx }\nhosts:\n  variant: truncate\n',
      'hosts.variant',
      3,
      /an \.onnx model file cannot run the 'truncate' cheat; it can run int8, noise/,
    ],
    [
      `model: { decoder: { prefill: p.onnx, decode: d.onnx } }\n${lazy}  variant: int4\n`,
      'hosts.variant',
      4,
      /a decoder from files cannot run the 'int4' cheat; it can run kv8, truncate, reseed, bias/,
    ],
    [
      `model: { builtin: decoder }\nworkload: { sampling: greedy }\n${lazy}  variant: reseed\n`,
      'hosts.variant',
      5,
      /reseed draws sampled tokens with another seed, and greedy decoding draws nothing/,
    ],
    [
      `model:\n  builtin: decoder\n  cheats: { truncateKeep: 8 }\nworkload: { prompt: { uniform: [8, 20] } }\n${lazy}  variant: truncate\n`,
      'model.cheats.truncateKeep',
      3,
      /keeps 8 prompt tokens, but the shortest prompt is 8/,
    ],
    [
      `model:\n  builtin: decoder\n  vocab: 16\n  cheats: { biasTokens: [3, 16] }\n${lazy}  variant: bias\n`,
      'model.cheats.biasTokens',
      4,
      /token 16 is not in the vocabulary \(0 to 15\)/,
    ],
    // The workload block.
    [
      'workload:\n  prompt: 4\n',
      'workload',
      1,
      /a workload is for decoder models; this model is a built-in mlp/,
    ],
    [
      'model: { builtin: decoder }\nworkload:\n  prompt: { uniform: [9, 3] }\n',
      'workload.prompt.uniform',
      3,
      /min must be at most max/,
    ],
    [
      'model: { builtin: decoder }\nworkload:\n  outputTokens: 2.5\n',
      'workload.outputTokens',
      3,
      /a whole number of tokens ≥ 1, or \{ uniform: \[min, max\] \}/,
    ],
    ['model: { builtin: decoder }\nworkload:\n  prompt: 0\n', 'workload.prompt', 3, />=1/],
    [
      'model: { builtin: decoder }\nworkload:\n  chunkSize: 0\n',
      'workload.chunkSize',
      3,
      /at least 1 \(output tokens per committed digest\)/,
    ],
    [
      'model: { builtin: decoder }\nworkload:\n  temperature: 0.7\n',
      'workload.temperature',
      3,
      /a temperature is for sampled decoding; this workload is greedy/,
    ],
    [
      'model: { builtin: decoder }\nworkload:\n  sampling: sample\n  temperature: 0\n',
      'workload.temperature',
      4,
      />0/,
    ],
    [
      'model: { builtin: decoder, width: 8, heads: 2 }\nworkload:\n  topK: 9\n',
      'workload.topK',
      3,
      /9 is more than model.width \(8\)/,
    ],
    [
      'model: { builtin: decoder, context: 64 }\nworkload:\n  prompt: { uniform: [1, 16] }\n  outputTokens: { uniform: [8, 49] }\n',
      'workload.outputTokens',
      4,
      /the longest prompt \(16 tokens\) plus the longest output \(49 tokens\) is 65 tokens, more than model.context \(64\).*raise model.context to 65/,
    ],
    // Without a workload block, the defaults (16 + 64) are what overflow the context the file sets.
    [
      'model:\n  builtin: decoder\n  context: 79\n',
      'model.context',
      3,
      /is 80 tokens, more than model.context \(79\)/,
    ],
    // protocol.detection.
    [
      'model: { builtin: decoder }\nprotocol:\n  mode: replication\n  detection: {}\n',
      'protocol.detection',
      4,
      /needs protocol.mode sampling, not replication: the sequential test needs chunk evidence/,
    ],
    [
      'protocol:\n  detection: { alpha: 0.01 }\n',
      'protocol.detection',
      2,
      /only decoder models produce; this model is a built-in mlp/,
    ],
    [
      'model: { builtin: decoder }\nprotocol:\n  detection:\n    alpha: 0.5\n',
      'protocol.detection.alpha',
      4,
      /more than 0 and less than 0.5/,
    ],
    [
      'model: { builtin: decoder }\nprotocol:\n  detection:\n    beta: 0\n',
      'protocol.detection.beta',
      4,
      /more than 0 and less than 0.5/,
    ],
    [
      'model: { builtin: decoder }\nprotocol:\n  detection:\n    delta: 0\n',
      'protocol.detection.delta',
      4,
      />0/,
    ],
    // economics.generationCost.
    [
      'model: { builtin: transformer }\neconomics:\n  generationCost: {}\n',
      'economics.generationCost',
      3,
      /only decoder models run; this model is a built-in transformer/,
    ],
    [
      'model: { builtin: decoder }\neconomics:\n  generationCost:\n    decoder: Llama-9B\n',
      'economics.generationCost.decoder',
      4,
      /expected one of "Llama-3.2-1B"\|"Llama-3.2-3B"\|"Llama-2-7B"\|"Llama-2-13B"\|"Llama-2-70B"/,
    ],
    [
      'model: { builtin: decoder }\neconomics:\n  generationCost:\n    hardware: tpu\n',
      'economics.generationCost.hardware',
      4,
      /"h100-sxm"\|"rtx-4090"\|"this-machine"/,
    ],
  ])('%s → %s at line %i', (text, fieldPath, line, reason) => {
    const found = refusal(text)
    expect(found).toMatchObject({ fieldPath, line })
    expect(found.message).toMatch(reason)
    expect(found.message).not.toContain('\n')
  })

  it('lets a cheat the model cannot build pass while no host cheats, as forward models do', () => {
    // skip is the default variant: a decoder from files, which has no skip, still loads.
    const files = 'model: { decoder: { prefill: p.onnx, decode: d.onnx } }\n'
    expect(parseScenario(files, 's.yaml').hosts.variant).toBe('skip')
    // A 1-block decoder keeps skipBlocks' default unless lazy hosts skip.
    expect(parseScenario('model: { builtin: decoder, blocks: 1 }\n', 's.yaml').model).toMatchObject({
      blocks: 1,
    })
    // A vocabulary smaller than the default bias token is fine unless lazy hosts bias.
    expect(parseScenario('model: { builtin: decoder, vocab: 16 }\n', 's.yaml').model).toMatchObject({
      vocab: 16,
    })
  })

  it('accepts a workload that exactly fills the context, and sampled decoding with a temperature', () => {
    const s = parseScenario(
      'model: { builtin: decoder, context: 64 }\nworkload: { prompt: { uniform: [1, 16] }, outputTokens: 48, sampling: sample, temperature: 0.7 }\n',
      's.yaml',
    )
    expect(s.workload).toEqual({
      prompt: { uniform: [1, 16] },
      outputTokens: 48,
      sampling: 'sample',
      temperature: 0.7,
      chunkSize: 32,
      topK: 4,
    })
  })
})
