import { hasCheaters } from '../sim/index.ts'
import type { ScenarioIssue } from './checkScenario.ts'
import { defaultedWorkloads, type Scenario, type Workload } from './schema.ts'
import { workloadOf } from './workloadOf.ts'

const longest = (count: Workload['prompt']) => (typeof count === 'number' ? count : count.uniform[1])
const shortest = (count: Workload['prompt']) => (typeof count === 'number' ? count : count.uniform[0])

/**
 * The rules of generation (issue 15) that span fields: which sections only a decoder takes, and
 * what a built-in decoder can be built and run with. The builder's own limits are restated from
 * engine/build/checkDecoderSpec.ts and engine/run/checkGenerationRequest.ts (scenarios/ may not
 * import engine/), so a file is refused with its line before any graph is built; keep them in
 * step. Cheat parameters are checked only when lazy hosts run that cheat, as the engine builds a
 * variant only when asked for it and every model keeps the defaults.
 */
export function checkGeneration(scenario: Scenario): ScenarioIssue | undefined {
  const { model, hosts, protocol } = scenario
  const generating = 'decoder' in model || ('builtin' in model && model.builtin === 'decoder')
  const detection = protocol.detection
  if (!generating) {
    const kind = 'file' in model ? 'an .onnx model file' : `a built-in ${model.builtin}`
    const hint = 'use model: { builtin: decoder } (or decoder: { prefill, decode } files) to run generations'
    if (scenario.workload)
      return { path: ['workload'], message: `a workload is for decoder models; this model is ${kind}`, hint }
    if (scenario.economics.generationCost)
      return {
        path: ['economics', 'generationCost'],
        message: `generationCost prices generations, which only decoder models run; this model is ${kind} (priced by costPerFlop)`,
        hint,
      }
    if (detection)
      return {
        path: ['protocol', 'detection'],
        message: `the sequential test accumulates evidence over chunks of generated tokens, which only decoder models produce; this model is ${kind}`,
        hint,
      }
    return undefined
  }
  if (detection && protocol.mode !== 'sampling')
    return {
      path: ['protocol', 'detection'],
      message: `needs protocol.mode sampling, not ${protocol.mode}: the sequential test needs chunk evidence, which only sampling's one-prefill checks produce in this version`,
      hint: 'set protocol.mode: sampling, or remove protocol.detection',
    }
  const workload = workloadOf(scenario)
  const cheaters = hasCheaters(hosts.behaviours)
  if (workload.sampling === 'greedy' && workload.temperature !== undefined)
    return {
      path: ['workload', 'temperature'],
      message: 'a temperature is for sampled decoding; this workload is greedy',
      hint: 'set workload.sampling: sample, or remove temperature',
    }
  if (cheaters && hosts.variant === 'reseed' && workload.sampling === 'greedy')
    return {
      path: ['hosts', 'variant'],
      message: 'reseed draws sampled tokens with another seed, and greedy decoding draws nothing',
      hint: 'set workload.sampling: sample, or pick another cheat',
    }
  const prompt = { longest: longest(workload.prompt), shortest: shortest(workload.prompt) }
  if (cheaters && hosts.variant === 'truncate' && model.cheats.truncateKeep >= prompt.shortest)
    return {
      path: ['model', 'cheats', 'truncateKeep'],
      message: `keeps ${model.cheats.truncateKeep} prompt tokens, but the shortest prompt is ${prompt.shortest}: a truncated context must drop at least one`,
      hint: `set truncateKeep below ${prompt.shortest}, or lengthen workload.prompt`,
    }
  // What follows needs the decoder's shape, which a pair of files does not state.
  if (!('builtin' in model)) return undefined
  const { substitute } = model.cheats
  if (model.width % model.heads !== 0)
    return {
      path: ['model', 'heads'],
      message: `width (${model.width}) must be a multiple of heads (${model.heads})`,
      hint: `try width ${Math.ceil(model.width / model.heads) * model.heads}`,
    }
  if (substitute.width % substitute.heads !== 0)
    return {
      path: ['model', 'cheats', 'substitute', 'heads'],
      message: `the substitute decoder's width (${substitute.width}) must be a multiple of its heads (${substitute.heads})`,
      hint: `try width ${Math.ceil(substitute.width / substitute.heads) * substitute.heads}`,
    }
  if (cheaters && hosts.variant === 'skip' && model.cheats.skipBlocks >= model.blocks)
    return {
      path: ['model', 'cheats', 'skipBlocks'],
      message: `${model.cheats.skipBlocks} must be less than the model's ${model.blocks} block${model.blocks === 1 ? '' : 's'}: a skip variant keeps at least one`,
    }
  const outside = model.cheats.biasTokens.find((token) => token >= model.vocab)
  if (cheaters && hosts.variant === 'bias' && outside !== undefined)
    return {
      path: ['model', 'cheats', 'biasTokens'],
      message: `token ${outside} is not in the vocabulary (0 to ${model.vocab - 1})`,
    }
  if (workload.topK > model.width)
    return {
      path: ['workload', 'topK'],
      message: `${workload.topK} is more than model.width (${model.width}): a digest keeps top-k entries of a hidden state that wide`,
    }
  const output = longest(workload.outputTokens)
  const total = prompt.longest + output
  if (total > model.context)
    return {
      // Without a workload block the defaults overflow the context the file sets: say so there.
      path: defaultedWorkloads.has(workload) ? ['model', 'context'] : ['workload', 'outputTokens'],
      message: `the longest prompt (${prompt.longest} tokens) plus the longest output (${output} tokens) is ${total} tokens, more than model.context (${model.context})`,
      hint: `shorten workload.prompt or workload.outputTokens, or raise model.context to ${total}`,
    }
  return undefined
}
