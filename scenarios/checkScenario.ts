import { hasCheaters } from '../sim/index.ts'
import { checkCatalog } from './checkCatalog.ts'
import { checkDemand } from './checkDemand.ts'
import { checkGeneration } from './checkGeneration.ts'
import { checkPenalties } from './checkPenalties.ts'
import { checkSupply } from './checkSupply.ts'
import { estimateModelBytes } from './estimateModelBytes.ts'
import { limits } from './limits.ts'
import { listRunnableCheats } from './listRunnableCheats.ts'
import type { Scenario } from './schema.ts'

/** A rule that spans several fields, reported at `path` (the field the user most likely changes). */
export type ScenarioIssue = { path: string[]; message: string; hint?: string }

const forwardOnly: readonly string[] = ['int8', 'noise']
const decoderOnly: readonly string[] = ['int4', 'kv8', 'truncate', 'reseed', 'bias']

const gib = (bytes: number) => `${Number((bytes / 1024 ** 3).toPrecision(3))} GiB`

/**
 * The rules no single field can state: they need the file-independent parts of a scenario only,
 * so the loader checks them for the file and for every sweep point and locates each one.
 */
export function checkScenario(scenario: Scenario): ScenarioIssue | undefined {
  const { catalog } = scenario
  if (!catalog) return checkModelScenario(scenario)
  // A catalog's first model stands where the one model does; every entry must pass the same
  // model rules (its cheat, its size, its decoder shape), reported at the entry's own field.
  const kinds = checkCatalog(scenario)
  if (kinds) return kinds
  for (const [i, entry] of catalog.models.entries()) {
    const issue = checkModelScenario({ ...scenario, model: entry.model })
    if (issue)
      return issue.path[0] === 'model'
        ? { ...issue, path: ['catalog', 'models', String(i), ...issue.path] }
        : issue
  }
  return undefined
}

/** The rules for a scenario of one model (a catalog's: each entry in turn). */
function checkModelScenario(scenario: Scenario): ScenarioIssue | undefined {
  const { hosts, protocol, model } = scenario
  const cheaters = hasCheaters(hosts.behaviours)
  const runnable = listRunnableCheats(model)
  // A cheat of the other kind of model is a mistake even with no cheaters to run it; one this
  // model merely cannot build (skip on a model file) matters only when some host cheats.
  const generating = runnable.cheats.includes('kv8')
  const foreign = (generating ? forwardOnly : decoderOnly).includes(hosts.variant)
  if (!runnable.cheats.includes(hosts.variant) && (cheaters || foreign)) {
    return {
      path: ['hosts', 'variant'],
      message: `${runnable.kind} cannot run the '${hosts.variant}' cheat; it can run ${runnable.cheats.join(', ')}`,
    }
  }
  if (scenario.tolerance === 'auto') {
    if (scenario.comparison !== 'tolerance')
      return {
        path: ['tolerance'],
        message: `auto needs comparison: tolerance, but comparison is ${scenario.comparison}`,
        hint: 'set comparison: tolerance, or give tolerance a number',
      }
    // A decoder's honest spread is measured by generating on the built-in graphs, which a
    // decoder from files does not give the measurement.
    if ('decoder' in model)
      return {
        path: ['tolerance'],
        message:
          'auto is measured on built-in models and .onnx forward files; a decoder from prefill and decode files has no measured generation spread',
        hint: 'give generationTolerance: { maxValueDistance: ... } and a tolerance number',
      }
    if (scenario.generationTolerance)
      return {
        path: ['generationTolerance'],
        message:
          'tolerance: auto sets generationTolerance.maxValueDistance from the measured spread; give one or the other',
        hint: 'drop generationTolerance, or give tolerance a number',
      }
  }
  if (scenario.generationTolerance && !generating)
    return {
      path: ['generationTolerance'],
      message: `generationTolerance sets a decoder's generation checks; this model runs one forward pass per job`,
      hint: 'drop generationTolerance, or use model: { builtin: decoder }',
    }
  if ('builtin' in model) {
    const bytes = estimateModelBytes(scenario)
    if (bytes > limits.maxModelBytes) {
      return {
        path: ['model'],
        message: `this model needs about ${gib(bytes)} of weights (parameters × 4 bytes), more than the ${gib(limits.maxModelBytes)} a run may build`,
        hint: `use a smaller ${model.builtin === 'decoder' ? 'width, blocks, vocab or context' : 'width, depth, dModel or blocks'} (the substitute counts too when lazy hosts substitute)`,
      }
    }
  }
  if ('builtin' in model && model.builtin !== 'decoder') {
    if (model.builtin === 'transformer' && model.dModel % model.heads !== 0) {
      return {
        path: ['model', 'heads'],
        message: `dModel (${model.dModel}) must be a multiple of heads (${model.heads})`,
      }
    }
    const depth = model.builtin === 'mlp' ? model.depth : model.blocks
    if (cheaters && hosts.variant === 'skip' && model.cheats.skipLayers >= depth) {
      return {
        path: ['model', 'cheats', 'skipLayers'],
        message: `${model.cheats.skipLayers} must be less than the model's ${depth} layers`,
      }
    }
  }
  const generation = checkGeneration(scenario)
  if (generation) return generation
  const { maxBatch } = hosts.serving
  if (maxBatch > 1 && (protocol.mode === 'tee' || protocol.mode === 'zk'))
    return {
      path: ['hosts', 'serving', 'maxBatch'],
      message: `${maxBatch}: batched serving is not modeled under the ${protocol.mode} mode, whose per-request costs are modeled, not executed`,
      hint: 'set hosts.serving.maxBatch: 1, or use mode none, sampling, replication or optimistic',
    }
  if (protocol.minStake > hosts.stake) {
    return {
      path: ['protocol', 'minStake'],
      message: `${protocol.minStake} is more than hosts.stake (${hosts.stake}), so no host could commit`,
    }
  }
  const { zk } = protocol
  // Protocol.attest burns the whole verification gas in one call: it must fit in the 10M a call may burn.
  if (zk.gas + zk.gasPerByte * zk.proofBytes > 10_000_000) {
    return {
      path: ['protocol', 'zk', 'proofBytes'],
      message: `gas + gasPerByte × proofBytes is ${zk.gas + zk.gasPerByte * zk.proofBytes}, more than the 10,000,000 one verification may burn`,
      hint: 'lower proofBytes, gasPerByte or gas',
    }
  }
  if (protocol.mode === 'replication' && protocol.k > hosts.count) {
    return {
      path: ['protocol', 'k'],
      message: `${protocol.k} is more than hosts.count (${hosts.count})`,
      hint: 'each job needs k distinct hosts',
    }
  }
  if (protocol.mode === 'optimistic' && protocol.moveTimeout <= scenario.blockTime) {
    return {
      path: ['protocol', 'moveTimeout'],
      message: `${protocol.moveTimeout} s must be longer than blockTime (${scenario.blockTime} s)`,
    }
  }
  if (protocol.mode !== 'none' && protocol.challengeWindow < scenario.blockTime) {
    // Even modeled attestations need one block to dispute a result whose attestation failed.
    return {
      path: ['protocol', 'challengeWindow'],
      message: `the ${protocol.mode} mode needs a challenge window of at least one block (${scenario.blockTime} s), got ${protocol.challengeWindow}`,
    }
  }
  // The contract's constructor refuses a delay that lets a host withdraw before its last
  // dispute (a window, a bisection game of at most 32 moves, the referee's ruling) is over.
  const timeline = protocol.challengeWindow + 32 * protocol.moveTimeout + protocol.refereeTimeout
  if (protocol.unbondingDelay < timeline) {
    return {
      path: ['protocol', 'unbondingDelay'],
      message: `${protocol.unbondingDelay} s is shorter than challengeWindow + 32 × moveTimeout + refereeTimeout (${timeline} s), so a host could withdraw before it can be slashed`,
      hint: `set unbondingDelay to at least ${timeline}`,
    }
  }
  const blocks = Math.ceil((scenario.duration + timeline) / scenario.blockTime)
  if (blocks > limits.maxBlocks) {
    return {
      path: ['duration'],
      message: `a run would mine up to ${blocks.toLocaleString('en')} blocks ((duration + challengeWindow + 32 × moveTimeout + refereeTimeout) ÷ blockTime), more than ${limits.maxBlocks.toLocaleString('en')}`,
      hint: 'shorten duration or the protocol timeouts, or lengthen blockTime',
    }
  }
  return checkSupply(scenario) ?? checkPenalties(scenario) ?? checkDemand(scenario)
}
