import { z } from 'zod'
import {
  CALLDATA_GAS_PER_BYTE,
  DEFAULT_GENERATION_TOLERANCE,
  DETERMINISTIC_KERNEL_OVERHEAD,
  LLAMA_LIKE_DECODERS,
  METRIC_NAMES,
  ZK_POWER_LAW_A,
  ZK_POWER_LAW_B,
} from '../sim/index.ts'
import { demandSchema, fillDemandDefaults } from './demandSchema.ts'
import {
  feeValue,
  fraction,
  positive,
  positiveTokens,
  price,
  seconds,
  size,
  tokenCount,
  tokens,
} from './fieldSchemas.ts'
import { limits } from './limits.ts'

/**
 * The scenario file format. Every object is strict, so a misspelt field is an error rather than
 * a silently ignored setting, and every optional field has a default, so a short file is a
 * complete scenario. `prefault` (not `default`) runs a missing section through its own schema so
 * that its inner defaults apply. Every field carries its description (`.describe`), which
 * `verisim schema` emits so that editors show it on hover.
 */

/** The sequential test's error rates: a test allowed to err half the time or more tests nothing. */
const openHalf = z
  .number()
  .gt(0, { message: 'must be more than 0 and less than 0.5' })
  .lt(0.5, { message: 'must be more than 0 and less than 0.5' })
const decoderNames = LLAMA_LIKE_DECODERS.map((d) => d.name) as [string, ...string[]]
const timeout = (why: string) => seconds(1, limits.maxTimeout, why)

const cheats = z
  .strictObject({
    skipLayers: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe('skip: the last N hidden layers (or blocks) lazy hosts skip.'),
    noiseScale: positive.default(1).describe('noise: no inference; outputs are seeded noise of this scale.'),
    substituteWidth: size(65_536)
      .default(8)
      .describe('substitute: lazy hosts run a smaller model of this hidden width.'),
  })
  .prefault({})
  .describe('How the cheaper variants lazy, adaptive and rational hosts run are built.')

const modelSeed = z.number().int().min(0).default(1).describe('Seed of the built-in model’s weights.')

const mlpModel = z.strictObject({
  builtin: z.literal('mlp').describe('A built-in multilayer perceptron.'),
  width: size(16_384).default(64).describe('Hidden width (units per hidden layer).'),
  depth: size(256).default(8).describe('Hidden layers.'),
  inputSize: size(16_384).default(32).describe('Length of each input vector.'),
  outputSize: size(16_384).default(16).describe('Length of each output vector.'),
  seed: modelSeed,
  cheats,
})

const transformerModel = z.strictObject({
  builtin: z
    .literal('transformer')
    .describe('A built-in stack of transformer blocks (attention, layer norm, GELU, residuals).'),
  dModel: size(16_384).default(64).describe('Model width; a multiple of heads.'),
  heads: size(256).default(4).describe('Attention heads per block.'),
  blocks: size(256).default(4).describe('Transformer blocks.'),
  seqLen: size(16_384).default(16).describe('Tokens per input sequence.'),
  ffMult: size(16).default(4).describe('Feed-forward width as a multiple of dModel.'),
  seed: modelSeed,
  cheats,
})

const fileModel = z.strictObject({
  file: z.string().min(1).describe('Path to an .onnx file, relative to the scenario file.'),
  cheats,
})

/**
 * Decoder cheats (issue 15). skip, substitute and int4 are cheaper graphs; kv8, truncate, reseed
 * and bias change the generation loop on the honest graphs. The fields only shape a cheat;
 * hosts.variant picks which one lazy hosts run.
 */
const decoderCheats = z
  .strictObject({
    skipBlocks: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe('skip: blocks lazy hosts drop from the end of the decoder (fewer than model.blocks).'),
    substitute: z
      .strictObject({
        width: size(16_384).default(32).describe('Width of the substitute decoder; a multiple of its heads.'),
        heads: size(256).default(2).describe('Attention heads of the substitute decoder.'),
        blocks: size(256).default(1).describe('Blocks of the substitute decoder.'),
      })
      .prefault({})
      .describe(
        'substitute: the smaller decoder lazy hosts run instead (its own weights, projected to the honest width).',
      ),
    truncateKeep: z
      .number()
      .int()
      .min(1)
      .default(8)
      .describe('truncate: lazy hosts feed only the last N prompt tokens (fewer than the shortest prompt).'),
    biasTokens: z
      .array(z.number().int().min(0))
      .min(1)
      .default([32])
      .describe('bias: token ids whose logits lazy hosts raise before each draw (32 is a space in bytes).'),
    bias: positive.max(1000).default(2).describe('bias: how much those logits are raised.'),
  })
  .prefault({})
  .describe('How the cheaper variants lazy, adaptive and rational hosts run are made from the decoder.')

const decoderModel = z.strictObject({
  builtin: z
    .literal('decoder')
    .describe('A built-in decoder-only language model: each job generates tokens with a KV cache.'),
  width: size(16_384).default(64).describe('Model width; a multiple of heads.'),
  heads: size(256).default(4).describe('Attention heads per block.'),
  blocks: size(256).default(2).describe('Decoder blocks.'),
  context: z
    .number()
    .int()
    .min(2, { message: 'must be at least 2: a prompt token and an output token' })
    .max(limits.maxContext)
    .default(256)
    .describe('Longest prompt + output, in tokens, the learned positions cover.'),
  vocab: z
    .number()
    .int()
    .min(2, { message: 'must be at least 2: a model needs two tokens to choose between' })
    .max(limits.maxVocab)
    .default(256)
    .describe('Vocabulary size; 256 is byte-level.'),
  ffMult: size(16).default(4).describe('Feed-forward width as a multiple of width.'),
  seed: modelSeed,
  cheats: decoderCheats,
})

const decoderFileModel = z.strictObject({
  decoder: z
    .strictObject({
      prefill: z
        .string()
        .min(1)
        .describe('The prefill graph (a whole sequence, no cache), relative to the scenario file.'),
      decode: z
        .string()
        .min(1)
        .describe('The decode-step graph (one token, past keys and values), relative to the scenario file.'),
    })
    .describe(
      'A decoder as two .onnx files sharing weights, with the inputs and outputs of verisim’s built-in decoder.',
    ),
  cheats: decoderCheats,
})

const bytesField = z.number().positive().max(1e15)

/**
 * `catalog:` (issue 18): several models with demand shares, held by hosts and verifiers within
 * their memory, loaded from storage nodes, paid for while held. The top-level `model` must then
 * be absent (loadScenario); the cross-field rules are in checkCatalog. A catalog of decoders
 * runs generations with the scenario's one `workload:` for every decoder.
 */
export const catalogSchema = z
  .strictObject({
    models: z
      .array(
        z.strictObject({
          name: z.string().min(1).describe('The model’s name in outputs.'),
          model: z
            .union([mlpModel, transformerModel, decoderModel, fileModel, decoderFileModel])
            .describe(
              'The model: builtin mlp, transformer or decoder, an .onnx file, or decoder files; all entries decoders or all forward models (a decoder is priced by economics.generationCost, a forward model by costPerFlop). Decoders share the scenario’s workload (prompt and output tokens) and machine profile; each has its own checkpoints, prices, honest null and tolerance: auto.',
            ),
          share: fraction
            .optional()
            .describe('Share of requests for it: give every entry one (they add up to 1) or none (zipf).'),
          bytes: bytesField
            .optional()
            .describe(
              'Bytes a node needs to hold it (modeled); default 4 × parameters (a built-in decoder: twice, for its prefill and decode graphs), or the file’s size (decoder files: both).',
            ),
        }),
      )
      .min(2, { message: 'a catalog needs at least 2 models; for one, use the top-level model' })
      .max(1000)
      .describe('The models requests ask for, most popular first under zipf.'),
    zipf: z
      .number()
      .min(0)
      .max(10)
      .default(1)
      .describe('Without shares: model i (from 1) gets a share ∝ 1 / i^zipf.'),
    hosts: z
      .strictObject({ memory: bytesField.describe('Bytes each host can hold.') })
      .describe('What each host can hold.'),
    verifiers: z
      .strictObject({ memory: bytesField.describe('Bytes each verifier can hold.') })
      .describe('What each verifier can hold (a verifier must hold what it checks).'),
    loadBandwidth: bytesField.default(2e9).describe('Bytes per second a node loads a model at, at most.'),
    storage: z
      .strictObject({
        nodes: size(100_000)
          .default(4)
          .describe('Storage nodes serving model bytes; a load waits for a free one.'),
        bandwidth: bytesField.default(1e9).describe('Bytes per second each storage node serves.'),
      })
      .prefault({})
      .describe('The storage nodes model bytes are loaded from (OpenGradient’s storage role).'),
    loadCost: price.max(1e9).default(0).describe('Tokens a node pays per GB it loads (modeled).'),
    holdCost: price.max(1e9).default(0).describe('Tokens a node pays per GB-hour it holds (modeled).'),
    placement: z
      .enum(['popularity', 'profit'])
      .default('popularity')
      .describe(
        'How nodes fill their memory at set-up: popularity (draw models by share) or profit (hosts take the highest expected fee income less holding cost per byte given the holders so far; verifiers, paid no fee per check, take the highest demand per byte per holder until their memory is full).',
      ),
    coldStart: z
      .enum(['route', 'wait'])
      .default('route')
      .describe(
        'route: a request goes to a host that holds its model, and cold-loads only when none is eligible; wait: any host, which cold-loads a model it lacks.',
      ),
  })
  .describe('Many models and where they live: demand shares, memory, loading and holding (modeled).')

/**
 * `workload:` says what a generation job asks for; decoder models only. A decoder scenario
 * without it gets these defaults (resolveRunSpec); the cross-field rules are in checkGeneration.
 */
export const workloadSchema = z
  .strictObject({
    prompt: tokenCount('Prompt tokens', 16),
    outputTokens: tokenCount('Output tokens generated', 64),
    sampling: z
      .enum(['greedy', 'sample'])
      .default('greedy')
      .describe(
        'greedy takes the likeliest token; sample draws with a seed derived from the job, which a verifier reproduces.',
      ),
    temperature: positive
      .max(100)
      .optional()
      .describe('sample: softmax temperature (default 1); not allowed with greedy.'),
    chunkSize: z
      .number()
      .int()
      .min(1, { message: 'must be at least 1 (output tokens per committed digest)' })
      .max(limits.maxContext)
      .default(32)
      .describe('Output tokens per committed digest (a chunk, checked and disputed as one).'),
    topK: z
      .number()
      .int()
      .min(1)
      .max(16_384)
      .default(4)
      .describe('Hidden-state entries per token kept in a chunk digest (at most model.width).'),
  })
  .describe('Decoder models: what each generation job asks for (prompt, output, sampling, chunks).')

const hardwareProfile = {
  threads: size(64).default(1).describe('onnxruntime intra-op threads.'),
  optimization: z
    .enum(['disabled', 'basic', 'extended', 'all'])
    .default('all')
    .describe('onnxruntime graph optimization level.'),
  fp16Weights: z.boolean().default(false).describe('Weights rounded to fp16 (and back) before inference.'),
}

const modeledAttestation = (
  what: string,
  defaults: { overheadFactor: number; gas: number; latency: number },
) =>
  z.strictObject({
    overheadFactor: z
      .number()
      .min(1)
      .max(1e6)
      .default(defaults.overheadFactor)
      .describe(`Compute of producing the ${what} as a multiple of native inference.`),
    gas: z
      .number()
      .int()
      .min(0)
      .max(10_000_000)
      .default(defaults.gas)
      .describe(`Gas of checking one ${what} on chain.`),
    latency: z
      .number()
      .min(0)
      .max(limits.maxTimeout)
      .default(defaults.latency)
      .describe(`Seconds the ${what} adds before a result can be committed.`),
    failureRate: fraction.default(0).describe(`Probability that a ${what} fails to verify.`),
  })

const nonNegative = (what: string) => z.number().min(0).max(1e9).default(0).describe(what)

const teeAttestation = modeledAttestation('TEE attestation', {
  overheadFactor: 1.05,
  gas: 80_000,
  latency: 1,
})
  .extend({
    fixedSeconds: nonNegative(
      'Host seconds each request adds on top of overheadFactor (attestation, encrypted transfers): why the overhead falls with model size.',
    ),
    fixedCost: nonNegative('Tokens each request costs the host on top of its compute.'),
    compromiseRate: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe(
        'Compromises of one host’s enclave per virtual second: its bad results then pass attestation until the compromise is found.',
      ),
    discoveryTime: z
      .number()
      .gt(0, { message: 'must be more than 0' })
      .max(1e9)
      .default(86_400)
      .describe(
        'Mean seconds (exponential) from a compromise to its discovery; then its bad results still in their challenge window are disputed and slashed.',
      ),
    // Optional without a default, so that scenarios that do not set them resolve as before.
    swapSeconds: z
      .number()
      .min(0)
      .max(1e9)
      .optional()
      .describe(
        'With a catalog: host seconds a request pays when the host’s enclave ran a different model for its previous job (no published figure found: default 0).',
      ),
    swapCost: z
      .number()
      .min(0)
      .max(1e9)
      .optional()
      .describe('With a catalog: tokens a request pays for such a model swap in the enclave (default 0).'),
  })
  .prefault({})

const zkProving = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('flat').describe('Proving costs factor × native compute.'),
      factor: z.number().min(1).max(1e6).describe('Proving compute as a multiple of native inference.'),
    }),
    z.strictObject({
      kind: z
        .literal('powerLaw')
        .describe(
          'Proving takes a × parameters^b seconds per token position on top of the native inference (default a, b: DeepProve fit).',
        ),
      a: z
        .number()
        .gt(0, { message: 'must be more than 0' })
        .max(1e6)
        .default(ZK_POWER_LAW_A)
        .describe('Seconds per token position of a one-parameter model.'),
      b: z
        .number()
        .gt(0, { message: 'must be more than 0' })
        .max(3)
        .default(ZK_POWER_LAW_B)
        .describe('Exponent of the parameter count.'),
    }),
  ])
  .optional()
  .describe('How proving time grows with the model; absent: flat at overheadFactor.')

const zkAttestation = modeledAttestation('zk proof', { overheadFactor: 300, gas: 300_000, latency: 60 })
  .extend({
    proving: zkProving,
    proofBytes: z
      .number()
      .int()
      .min(0)
      .max(10_000_000)
      .default(0)
      .describe('Bytes of one proof sent as calldata; each costs gasPerByte on top of gas.'),
    gasPerByte: z
      .number()
      .min(0)
      .max(1000)
      .default(CALLDATA_GAS_PER_BYTE)
      .describe('Gas per byte of proof calldata (16: a non-zero calldata byte since EIP-2028).'),
  })
  .prefault({})

/**
 * Behaviour shares: name only the behaviours you want and the others are 0; name none and
 * everyone has the first behaviour. The named shares must add up to 1.
 */
function fillShares<T extends Record<string, number | undefined>>(keys: readonly (keyof T & string)[]) {
  return (given: T) => {
    const none = keys.every((k) => given[k] === undefined)
    return Object.fromEntries(keys.map((k, i) => [k, none ? (i === 0 ? 1 : 0) : (given[k] ?? 0)])) as {
      [K in keyof T]-?: number
    }
  }
}
const addsUp = (b: Record<string, number>) => Math.abs(Object.values(b).reduce((a, x) => a + x, 0) - 1) < 1e-9
const sharesMessage = { message: 'behaviour shares must add up to 1' }
const share = (who: string) => fraction.optional().describe(`Share of ${who}.`)

const hostShares = z
  .strictObject({
    honest: share('hosts that always run the honest model'),
    lazy: share('hosts that cheat at cheatRate with a cheaper variant'),
    adaptive: share('hosts that cheat more while unpunished (a fixed-step heuristic)'),
    rational: share('hosts that learn their cheat rate from their own realized payoffs (hosts.learning)'),
  })
  .prefault({})
  .transform(fillShares(['honest', 'lazy', 'adaptive', 'rational']))
  .refine(addsUp, sharesMessage)
  .describe('Shares of host behaviours; name only those you want, they must add up to 1.')

const verifierShares = z
  .strictObject({
    diligent: share('verifiers that check every result they are asked to'),
    lazy: share('verifiers that approve without checking with skipProbability'),
    colluding: share(
      'verifiers in the coalition: they never challenge a host whose behaviour is in coalition.hosts, for its bribe',
    ),
    rational: share(
      'verifiers that learn their checking probability from their own realized payoffs (verifiers.learning)',
    ),
  })
  .prefault({})
  .transform(fillShares(['diligent', 'lazy', 'colluding', 'rational']))
  .refine(addsUp, sharesMessage)
  .describe('Shares of verifier behaviours; name only those you want, they must add up to 1.')

/** A share of play spread over both actions: 0 would let a learner absorb, 0.5 would learn nothing. */
const exploration = z
  .number()
  .gt(0, {
    message: 'must be more than 0 and less than 0.5: 0 lets a learner stop trying an action for good',
  })
  .lt(0.5, {
    message: 'must be more than 0 and less than 0.5: at 0.5 a learner plays at random whatever it learns',
  })
  .default(0.02)
  .describe('Share of play spread evenly over both actions, in (0, 0.5): no strategy is ever absorbing.')

/** How much each public signal counts beside the learner's own payoffs (sim/strategy/observePublic). */
const publicWeight = z
  .number()
  .min(0, { message: 'must be from 0 to 1: a public signal counts as that share of one own payoff' })
  .max(1, { message: 'must be from 0 to 1: a public signal counts as that share of one own payoff' })
  .default(0)
  .describe(
    'Share of one own payoff each public signal counts for, in [0, 1]; 0 (the default): own payoffs only. The signals are the slashes on chain: each shows the other rational hosts what a caught cheat on a job of that fee cost, and the other rational verifiers what the check earned its challenger.',
  )

/**
 * The learning rule of rational hosts or verifiers (sim/strategy): a discriminated union on
 * `rule`, each with its own parameters and defaults; no rule given is logit.
 */
const learningSchema = (who: string) =>
  z
    .discriminatedUnion('rule', [
      z.strictObject({
        rule: z
          .literal('logit')
          .describe('Smoothed best response to the running mean payoff of each action.'),
        temperature: z
          .number()
          .gt(0, { message: 'must be more than 0 tokens (0 is a pure best response, which can lock in)' })
          .max(1e9)
          .default(0.05)
          .describe('Tokens of payoff difference per logit unit, > 0: small is close to a best response.'),
        step: z
          .number()
          .gt(0, { message: 'must be more than 0 and at most 1' })
          .max(1, { message: 'must be more than 0 and at most 1' })
          .default(0.05)
          .describe(
            'Weight of the newest payoff in an action’s running mean once it is past 1 ÷ step plays, in (0, 1].',
          ),
        exploration,
        publicWeight,
      }),
      z.strictObject({
        rule: z.literal('hedge').describe('Hedge with importance-weighted payoffs (EXP3).'),
        eta: z
          .number()
          .gt(0, { message: 'must be more than 0' })
          .max(1e9)
          .default(0.05)
          .describe('Learning rate per token of payoff, > 0.'),
        exploration,
        publicWeight,
      }),
      z.strictObject({
        rule: z.literal('regret').describe('Regret matching with importance-weighted payoffs.'),
        discount: z
          .number()
          .gt(0, { message: 'must be more than 0 and at most 1' })
          .max(1, { message: 'must be more than 0 and at most 1' })
          .default(0.999)
          .describe('Factor on the summed regrets each round, in (0, 1]: below 1 forgets old rounds.'),
        exploration,
        publicWeight,
      }),
    ])
    .default({ rule: 'logit', temperature: 0.05, step: 0.05, exploration: 0.02, publicWeight: 0 })
    .describe(
      `How rational ${who} learn from their own realized payoffs and, with publicWeight, the slashes on chain: rule logit (temperature, step, exploration; the default), hedge (eta, exploration) or regret (discount, exploration).`,
    )

const sweepValues = z
  .array(z.unknown())
  .min(1, 'a sweep list needs at least one value')
  .describe('Values the field takes, in order.')
const sweepRange = z
  .union([
    z.tuple([z.number(), z.number()]).describe('[min, max], uniform.'),
    z.strictObject({
      min: z.number().describe('Smallest value.'),
      max: z.number().describe('Largest value (at least min).'),
      log: z.boolean().default(false).describe('Sample uniformly in log space (min must be > 0).'),
      integer: z.boolean().default(false).describe('Round each value to a whole number.'),
    }),
  ])
  .describe('The range a random design samples for one field.')

/**
 * `sweep:` varies fields by their dotted path: `grid` (cartesian product), `zip` (paired lists of
 * equal length; with a grid, the zipped rows are one more axis of the product) or `random` (a
 * seeded Latin hypercube over ranges, on its own). How many runs a sweep may plan is checked
 * before anything is expanded (see limits.ts and planSweep).
 */
const sweepSchema = z
  .strictObject({
    replicates: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(1)
      .describe('Runs per point, each with its own seed.'),
    grid: z
      .record(z.string(), sweepValues)
      .optional()
      .describe('Dotted field paths and the values each takes; every combination runs.'),
    zip: z
      .record(z.string(), sweepValues)
      .optional()
      .describe('Dotted field paths and equally long lists, paired element by element.'),
    random: z
      .strictObject({
        samples: z.number().int().min(1).max(limits.maxRuns).describe('Points of the Latin hypercube.'),
        seed: z.number().int().min(0).default(1).describe('Seed of the design.'),
        ranges: z.record(z.string(), sweepRange).describe('Dotted field paths and the range of each.'),
      })
      .optional()
      .describe('A seeded Latin hypercube over ranges; used on its own.'),
  })
  .refine((s) => !(s.random && (s.grid || s.zip)), {
    message: 'random is a design of its own: use it without grid or zip',
  })
  .describe('Fields to vary: grid, zip or random, times replicates.')

/** Whole seconds between emissions: at least one, at most a year. */
const emissionEvery = seconds(1, 365 * 86_400, 'a run emits at least once a year')
  .default(3600)
  .describe('Seconds between emissions to the hosts staked at the time (at least blockTime). Default 3600.')
const perDay = tokens.describe('Tokens emitted per day to staked hosts, split by stake.')

/** Token emissions to hosts (issue 16): what Protocol.sol releases from its reserve, and when. */
const emissionsSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('none').describe('No emissions: hosts earn fees only.') }),
    z.strictObject({
      kind: z.literal('constant').describe('perDay tokens a day for the whole run.'),
      perDay,
      every: emissionEvery,
    }),
    z.strictObject({
      kind: z.literal('halving').describe('perDay tokens a day, halving every halvingEvery seconds.'),
      perDay,
      halvingEvery: seconds(1, 10 * 365 * 86_400, 'a halving within ten years').describe(
        'Seconds from the start of the run between halvings of the rate.',
      ),
      every: emissionEvery,
    }),
    z.strictObject({
      kind: z
        .literal('burnAndMint')
        .describe('perDay tokens a day, and burnShare of every fee burned at finalize.'),
      perDay,
      burnShare: fraction.describe('Share of every fee burned at finalize instead of paid to the host.'),
      every: emissionEvery,
    }),
  ])
  .prefault({ kind: 'none' })
  .describe(
    'Token emissions to staked hosts: none (the default), constant, halving or burnAndMint, so fees can be set against tokens emitted.',
  )

const speed = (who: string) =>
  z
    .union([positive, z.literal('calibrated')])
    .default(1e9)
    .describe(
      `Virtual compute speed of ${who} in FLOP/s (calibrated: this machine’s, from verisim calibrate).`,
    )

/**
 * Workloads the schema filled in because a decoder scenario gave none: a rule the defaults break
 * is then reported at the field the file did write (see checkGeneration).
 */
export const defaultedWorkloads = new WeakSet<object>()

/**
 * A decoder scenario without `workload:` or `economics.generationCost` gets their defaults in the
 * scenario itself, so that what `verisim validate` prints and scenario.resolved.yaml holds is
 * complete. Other models keep what they were given, so checkGeneration can refuse it.
 */
function fillGenerationDefaults<
  T extends {
    model: object
    workload?: z.output<typeof workloadSchema> | undefined
    economics: { generationCost?: { hardware: string; decoder: string | null } | undefined }
    catalog?: { models: { model: object }[] } | undefined
  },
>(scenario: T): T {
  // A catalog's first model stands for the run's (checkCatalog keeps the catalog one kind).
  const model = scenario.catalog?.models[0]?.model ?? scenario.model
  const generating = 'decoder' in model || ('builtin' in model && model.builtin === 'decoder')
  if (!generating) return scenario
  const workload = scenario.workload ?? workloadSchema.parse({})
  if (!scenario.workload) defaultedWorkloads.add(workload)
  const generationCost = scenario.economics.generationCost ?? { hardware: 'h100-sxm', decoder: null }
  // Keys in the schema's order (workload right after model), so a filled scenario prints as the
  // same text as one that wrote its workload out.
  const entries = Object.entries(scenario).filter(([key]) => key !== 'workload')
  entries.splice(entries.findIndex(([key]) => key === 'model') + 1, 0, ['workload', workload])
  const economics = { ...scenario.economics, generationCost }
  return Object.fromEntries(
    entries.map(([key, value]) => [key, key === 'economics' ? economics : value]),
  ) as T
}

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).default('scenario').describe('Name shown in outputs.'),
    description: z.string().default('').describe('What the scenario asks, for readers.'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1)
      .describe('Seed of every random choice in a run.'),
    duration: positive
      .max(10 * 365 * 86_400)
      .default(600)
      .describe('Seconds of virtual time during which requests arrive; the run then drains to finality.'),
    blockTime: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(12)
      .describe(
        'Whole seconds between the blocks the simulation mines (chain timestamps are whole seconds).',
      ),
    model: z
      .union([mlpModel, transformerModel, decoderModel, fileModel, decoderFileModel])
      .prefault({ builtin: 'mlp' })
      .describe(
        'The model hosts serve: builtin mlp, transformer or decoder, an .onnx file, or decoder: { prefill, decode } files.',
      ),
    workload: workloadSchema.optional(),
    calibration: z
      .string()
      .min(1)
      .optional()
      .describe('The file verisim calibrate wrote, for fields set to calibrated (relative to this file).'),
    comparison: z
      .enum(['exact', 'tolerance'])
      .default('tolerance')
      .describe('How results are compared: exact bit-for-bit, or tolerance (relative, see tolerance).'),
    tolerance: z
      .union([positive, z.literal('auto')])
      .default(5e-3)
      .describe(
        'Values agree when |a − b| ≤ tolerance × (1 + |b|); digests are over values quantized at it. auto (built-in mlp, transformer or decoder, or an .onnx file): the largest honest spread measured before the run between the hosts’ hardware profiles and the verifiers’, times toleranceMargin; on a built-in decoder it sets generationTolerance.maxValueDistance (and tolerance to the same figure).',
      ),
    toleranceMargin: z
      .number()
      .gt(1, {
        message:
          'must be greater than 1: a margin of 1 or less puts the tolerance at or below the honest spread itself',
      })
      .max(1e6)
      .default(4)
      .describe(
        'With tolerance: auto, the factor on the measured spread: the spread is measured on a few inputs, and other inputs drift further, so 4 leaves room for them while staying far below what a cheat changes.',
      ),
    generationTolerance: z
      .strictObject({
        minOverlap: z
          .number()
          .min(0)
          .max(1)
          .default(DEFAULT_GENERATION_TOLERANCE.minOverlap)
          .describe('Least mean share of a token’s top-k hidden indices the verifier’s top-k shares.'),
        maxValueDistance: z
          .number()
          .positive({
            message: 'must be greater than 0: a one-prefill check never reproduces decode steps bit for bit',
          })
          .max(1e6)
          .default(DEFAULT_GENERATION_TOLERANCE.maxValueDistance)
          .describe('Largest |claimed − recomputed| over the top-k hidden values of a chunk.'),
        tokenMargin: z
          .number()
          .min(0)
          .max(1e6)
          .default(DEFAULT_GENERATION_TOLERANCE.tokenMargin)
          .describe(
            'Largest amount a claimed token’s score may sit below the best (float noise, near ties).',
          ),
      })
      .optional()
      .describe(
        'A decoder’s generation checks (sampled, optimistic and the referee’s block), which tolerance does not set: absent, the engine’s measured defaults. tolerance: auto on a decoder sets maxValueDistance from the measured honest spread instead.',
      ),
    inferenceCache: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(256)
      .describe(
        'Results kept per run (and at most 64 MiB of outputs) so that identical requests run once; 0 runs every request.',
      ),
    hosts: z
      .strictObject({
        count: z
          .number()
          .int()
          .min(1, { message: 'must be at least 1: the network needs a host to serve its jobs' })
          .max(100_000)
          .default(10)
          .describe('Hosts that serve jobs (with hosts.entry, those staked at the start).'),
        stake: positiveTokens.default(1000).describe('Tokens each host stakes.'),
        speed: speed('each host'),
        behaviours: hostShares,
        variant: z
          .enum(['skip', 'int8', 'substitute', 'noise', 'int4', 'kv8', 'truncate', 'reseed', 'bias'])
          .default('skip')
          .describe(
            'The cheat lazy, adaptive and rational hosts run instead of the honest model. mlp, transformer: skip, int8, substitute, noise; .onnx file: int8, noise; decoder: skip, substitute, int4, kv8, truncate, reseed, bias; decoder files: kv8, truncate, reseed, bias.',
          ),
        cheatRate: fraction.default(0.5).describe('Probability that a lazy host cheats on a job.'),
        cheatGain: fraction
          .default(0)
          .describe(
            'Share of a job’s fee a cheating host earns, off chain, when its bad result becomes final: what a wrong answer is worth to whoever bribed it. Counted in host income (cheater_return, per-host profit).',
          ),
        abandonRate: fraction
          .default(0)
          .describe('Probability that a cheating host stops answering a bisection game it is sure to lose.'),
        learning: learningSchema('hosts, each job, whether to cheat (one learner per job fee)'),
        adaptive: z
          .strictObject({
            initialRate: fraction.default(0.05).describe('Cheat rate an adaptive host starts at.'),
            step: fraction
              .default(0.02)
              .describe(
                'How much the rate rises after a block in which the host served jobs and was not caught.',
              ),
            detectionCut: z
              .number()
              .min(0)
              .max(1000)
              .default(5)
              .describe(
                'Steps the rate falls per detection of the host’s own cheating in a block (never below 0).',
              ),
          })
          .prefault({})
          .describe(
            'How adaptive hosts change their cheat rate: a fixed-step heuristic, not a learner (see rational and hosts.learning).',
          ),
        batchSize: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(1)
          .describe('Results a host gathers into one commitment (larger roots spread the commit’s gas)...'),
        maxBatchDelay: z
          .number()
          .min(0)
          .max(limits.maxTimeout)
          .default(0)
          .describe('...unless its oldest result has waited this many seconds.'),
        serving: z
          .strictObject({
            maxBatch: z
              .number()
              .int()
              .min(1)
              .max(1024)
              .default(1)
              .describe(
                'Most requests a host runs as one batched inference (one real batched onnxruntime run). 1 (the default): every request runs alone. Not hosts.batchSize, which counts results per commitment.',
              ),
            maxWait: z
              .number()
              .min(0)
              .max(limits.maxTimeout)
              .default(0)
              .describe(
                'Seconds the oldest waiting request may wait for a fuller batch before a free host starts the batch anyway. 0 (the default): a free host starts at once with what waits.',
              ),
          })
          .prefault({})
          .describe(
            'How hosts serve inference requests, as serving systems batch them: a batch starts when the host is free and maxBatch requests wait or the oldest waited maxWait seconds; its jobs all finish at start + the sum of their compute seconds. A decoder’s batch is one batched generation (batched prefill and decode steps, per-sequence caches).',
          ),
        hardware: z
          .array(
            z.strictObject({
              share: fraction.describe('Share of honest hosts with this profile.'),
              ...hardwareProfile,
            }),
          )
          .min(1)
          .default([{ share: 1, threads: 1, optimization: 'all', fp16Weights: false }])
          .refine((list) => Math.abs(list.reduce((a, h) => a + h.share, 0) - 1) < 1e-9, {
            message: 'hardware shares must add up to 1',
          })
          .describe('Honest hardware profiles with their shares of hosts (real onnxruntime configurations).'),
        uptime: z
          .strictObject({
            meanUp: positive
              .default(7 * 86_400)
              .describe('Mean seconds a host serves before it fails (exponential). Default 604800 (7 days).'),
            meanDown: positive
              .default(3600)
              .describe('Mean seconds a failed host is down (exponential). Default 3600 (1 hour).'),
          })
          .nullable()
          .default(null)
          .describe(
            'Hosts fail and recover: up for exponential(meanUp) seconds, down for exponential(meanDown); jobs wait or go unserved meanwhile. null (the default): hosts never fail.',
          ),
        entry: z
          .strictObject({
            max: z
              .number()
              .int()
              .min(1)
              .max(100_000)
              .optional()
              .describe('Most hosts ever staked: count at the start plus reserve hosts (default 2 × count).'),
            window: positive
              .default(7 * 86_400)
              .describe('Seconds of trailing profit a host judges itself on. Default 604800 (7 days).'),
            every: positive
              .default(86_400)
              .describe('Seconds between entry and exit decisions. Default 86400.'),
            stakeCostPerDay: z
              .number()
              .min(0)
              .max(1)
              .default(0.05 / 365)
              .describe(
                'What holding stake costs per day, as a fraction of the stake (default 5% a year, 0.05 / 365).',
              ),
            enterAbove: z
              .number()
              .default(0)
              .describe(
                'A reserve host joins when the active hosts’ mean trailing profit is above this many tokens per day.',
              ),
            exitBelow: z
              .number()
              .default(0)
              .describe(
                'A host whose trailing profit is below this many tokens per day unstakes and leaves.',
              ),
          })
          .nullable()
          .default(null)
          .describe(
            'Hosts enter and exit by trailing profit (fees + emissions − compute − stake cost); null (the default): the count hosts stay for the whole run.',
          ),
      })
      .prefault({})
      .describe('The hosts that run inference and stake on it.'),
    verifiers: z
      .strictObject({
        count: z.number().int().min(1).max(100_000).default(3).describe('Verifiers that check results.'),
        speed: speed('each verifier'),
        behaviours: verifierShares,
        skipProbability: fraction
          .default(0.5)
          .describe('Probability that a lazy verifier approves without checking.'),
        learning: learningSchema('verifiers, each result assigned to them, whether to check it'),
        coalition: z
          .strictObject(
            {
              hosts: z
                .array(z.enum(['honest', 'lazy', 'adaptive', 'rational']))
                .default(['lazy', 'adaptive', 'rational'])
                .describe(
                  'Host behaviours colluding verifiers shield: they never challenge these hosts’ results.',
                ),
              bribe: tokens
                .default(0)
                .describe(
                  'Tokens a shielded host pays the colluding verifier for each bad result it lets through (≥ 0).',
                ),
            },
            {
              // A list of host indices was the old form: say what replaced it rather than "expected object".
              error: (issue) =>
                issue.code === 'invalid_type' && Array.isArray(issue.input)
                  ? 'is now { hosts: [host behaviours], bribe: tokens }, not a list of host indices: the coalition is chosen by behaviour, and its share of verifiers is verifiers.behaviours.colluding'
                  : undefined,
            },
          )
          .prefault({})
          .describe(
            'The coalition by behaviour: colluding verifiers (their share is verifiers.behaviours.colluding) never challenge hosts whose behaviour is listed, and are paid the bribe for each bad result they shield.',
          ),
        hardware: z
          .strictObject(hardwareProfile)
          .prefault({})
          .describe('The onnxruntime configuration verifiers and the referee run.'),
        outages: z
          .array(
            z.strictObject({
              start: z.number().min(0).describe('Virtual second the outage starts (inclusive).'),
              end: z
                .number()
                .min(0)
                .describe('Virtual second it ends (exclusive), after start, within duration.'),
            }),
          )
          .max(10_000)
          .default([])
          .describe(
            'Verification outages: windows [start, end) of virtual seconds in which no verifier checks anything.',
          ),
      })
      .prefault({})
      .describe('The verifiers that check results and challenge bad ones.'),
    requesters: z
      .strictObject({
        count: z.number().int().min(1).max(100_000).default(2).describe('Requesters that submit jobs.'),
        jobRate: positive.default(1).describe('Jobs per second each requester submits (a Poisson process).'),
        fee: feeValue
          .default(0.001)
          .describe(
            'Fee per job in tokens (escrowed on chain, so more than 0), or a distribution each requester draws its own fee from once: { uniform: [min, max] }, { logUniform: [min, max] } or { choices: [fee, ...] }. A job’s fee is its value (protocol.slashRule valueScaled, protocol.alwaysCheckAbove). Not a distribution with demand: the market prices the network by one fee.',
          ),
        choice: z
          .boolean()
          .default(false)
          .describe(
            'Each job goes to the network or the centralized baseline, whichever costs the requester less.',
          ),
        latencyValue: z
          .number()
          .min(0)
          .default(0)
          .describe('Tokens a requester loses per second of waiting for finality.'),
        fraudLoss: z
          .number()
          .min(0)
          .default(0)
          .describe('Tokens a requester loses when it accepts a bad result.'),
        escrow: z
          .strictObject({
            margin: z
              .number()
              .positive()
              .max(100)
              .default(1.2)
              .describe(
                'A requester’s first deposit pays the fees of its expected replicas (jobRate × duration × replicas per job) times this margin...',
              ),
            extraJobs: z
              .number()
              .int()
              .min(0)
              .max(1_000_000)
              .default(10)
              .describe('...plus this many more fees.'),
            topUp: z
              .number()
              .int()
              .min(1)
              .max(10)
              .default(2)
              .describe(
                'When a block’s commitments need more than the escrow holds, the requester deposits its first deposit again, or this many times what the block needs if that is more than the first deposit.',
              ),
          })
          .prefault({})
          .describe(
            'How requesters size their escrow deposits: each top-up is a deposit call whose gas the protocol pays.',
          ),
      })
      .prefault({})
      .describe('The requesters that pay for jobs.'),
    protocol: z
      .strictObject({
        mode: z
          .enum(['none', 'sampling', 'replication', 'optimistic', 'tee', 'zk'])
          .default('sampling')
          .describe('Verification mode.'),
        p: fraction
          .default(0.1)
          .describe('Sampling: probability that a result is re-executed by a verifier.'),
        k: z.number().int().min(2).max(64).default(3).describe('Replication: hosts that run each job.'),
        watchProbability: fraction
          .default(0.1)
          .describe('Optimistic: probability that a diligent watcher checks a result.'),
        minStake: tokens.default(1).describe('Smallest stake, in tokens, that lets a host commit results.'),
        slashRule: z
          .enum(['fraction', 'fixed', 'valueScaled'])
          .default('fraction')
          .describe(
            'What a proven fault costs a host (besides its refunded fee), capped at its stake: fraction: slashFraction of its stake; fixed: slashAmount tokens; valueScaled: slashScale × the job’s fee ÷ the probability the job was checked (sampling: p, or 1 at or above alwaysCheckAbove; optimistic: watchProbability; other modes: 1), so a cheat’s expected penalty is slashScale × its value. The largest penalty must not exceed minStake.',
          ),
        slashFraction: fraction
          .default(0.1)
          .describe('slashRule fraction: share of a host’s stake a slash takes.'),
        slashAmount: tokens.default(0).describe('slashRule fixed: tokens a slash takes (at most minStake).'),
        slashScale: z
          .number()
          .min(0)
          .max(1e6)
          .refine((x) => x === 0 || x >= limits.smallestFraction, {
            message: `must be 0 or at least ${limits.smallestFraction} (kept in parts per million on chain)`,
          })
          .default(0)
          .describe(
            'slashRule valueScaled: the penalty is slashScale × fee ÷ check probability; 1 makes a cheat’s expected penalty its fee.',
          ),
        alwaysCheckAbove: positiveTokens
          .nullable()
          .default(null)
          .describe(
            'Sampling only: a job whose fee is at least this many tokens is always re-executed, a cheaper one with probability p. null: every job with p.',
          ),
        challengerShare: fraction
          .default(0.5)
          .describe('Share of each slash paid to the challenger; the rest is burned.'),
        challengeWindow: seconds(
          0,
          limits.maxChallengeWindow,
          'a run mines every block until the last window closes',
        )
          .default(120)
          .describe(
            'Seconds after a commitment during which its results can be challenged (at most 7 days: the run mines every block of it).',
          ),
        unbondingDelay: seconds(0, limits.maxUnbondingDelay, 'a host must be able to leave within a year')
          .default(86_400)
          .describe(
            'Seconds a host waits to withdraw unbonded stake; at least challengeWindow + 32 × moveTimeout + refereeTimeout.',
          ),
        challengeBond: tokens
          .default(1)
          .describe('Optimistic: the bond a watcher posts to open a bisection game, in tokens.'),
        moveTimeout: timeout('a bisection game of 32 moves must end within a run')
          .default(60)
          .describe('Optimistic: seconds each party has to move in a bisection game.'),
        /** Seconds the referee has to rule on a dispute or a game's last step; after it the case is void. */
        refereeTimeout: timeout('every dispute must end within a run')
          .default(600)
          .describe(
            'Seconds the referee has to rule on a dispute or a game’s last step; after it the case is void.',
          ),
        bondToWinner: fraction
          .default(0.5)
          .describe('Optimistic: share of a losing challenger’s bond paid to the host; the rest is burned.'),
        forcedErrors: z
          .strictObject({
            rate: fraction.default(0).describe('Share of results replaced by planted wrong results.'),
            jackpot: tokens.default(0).describe('Tokens paid to a checker that catches a planted error.'),
          })
          .prefault({})
          .describe(
            'Forced errors: planted wrong results; a checker that catches one is paid jackpot tokens.',
          ),
        tee: teeAttestation.describe(
          'TEE attestation, modeled: a few percent of compute plus a fixed cost per request, an attestation check on chain, enclaves that may be compromised.',
        ),
        zk: zkAttestation.describe(
          'zk proofs, modeled: proving at a flat multiple of native compute or a power law of the model’s parameters, a proof checked on chain.',
        ),
        detection: z
          .strictObject({
            alpha: openHalf
              .default(0.001)
              .describe('Largest share of honest hosts the test may convict (its false-positive rate).'),
            beta: openHalf
              .default(0.05)
              .describe('Largest share of cheats of size delta the test may clear.'),
            delta: positive
              .max(1000)
              .default(1)
              .describe('The shift, in honest standard deviations, the test is built to detect.'),
          })
          .optional()
          .describe(
            'Decoder models in sampling mode: convict a host when a sequential test over its checked chunks crosses its threshold, instead of on one failed chunk.',
          ),
        exact: z
          .strictObject({
            overheadFactor: z
              .number()
              .min(1)
              .max(100)
              .default(DETERMINISTIC_KERNEL_OVERHEAD)
              .describe(
                'Compute of hosts and checkers as a multiple of ordinary kernels (modeled; default 1.25: batch-invariant matmuls lose about 20% throughput, sim/modes/attestationSeconds.ts).',
              ),
          })
          .nullable()
          .optional()
          .describe(
            'Exact re-execution with deterministic kernels: results of the same hardware class are compared on raw bits, across classes within tolerance. Sampling, optimistic, replication and none; absent or null: off.',
          ),
      })
      .prefault({})
      .describe('The verification protocol and the contract’s parameters.'),
    economics: z
      .strictObject({
        costPerFlop: z
          .union([z.number().min(0), z.literal('calibrated')])
          .default(1e-9)
          .describe('Compute cost in tokens per FLOP, for hosts, verifiers and referees alike.'),
        pricePerCoreHour: price
          .default(0.05)
          .describe('With costPerFlop: calibrated, tokens per hour of one CPU core.'),
        gasPrice: z.number().min(0).default(1e-9).describe('Tokens per unit of gas.'),
        centralizedPrice: price
          .default(0.001)
          .describe('What a centralized provider charges per job, in tokens.'),
        centralizedLatency: z
          .number()
          .min(0)
          .default(1)
          .describe('Seconds a centralized provider takes to answer.'),
        // Before generationCost, which a decoder scenario gets appended when it gives none.
        emissions: emissionsSchema,
        generationCost: z
          .strictObject({
            hardware: z
              .enum(['h100-sxm', 'rtx-4090', 'this-machine'])
              .default('h100-sxm')
              .describe(
                'The machine generations and prefill checks are priced on: an H100 SXM, an RTX 4090, or this machine (from the generation section verisim calibrate writes).',
              ),
            decoder: z
              .enum(decoderNames)
              .nullable()
              .default(null)
              .describe(
                'null prices the real decoder the run uses; a name prices that modeled size instead (marked modeled in the outputs).',
              ),
          })
          .optional()
          .describe(
            'Decoder models: the roofline price of generation and verification (default h100-sxm and the real decoder).',
          ),
      })
      .prefault({})
      .describe('Prices of compute, gas and the centralized baseline.'),
    settlement: z
      .strictObject({
        execution: z
          .enum(['async', 'inline', 'preExecuted'])
          .default('async')
          .describe(
            'async: hosts infer off chain and commit roots (no block waits). inline: a block waits for every inference it commits, one after another (its latency is their sum). preExecuted (OpenGradient’s PIPE): the inferences ran before the block, in parallel, so it waits for the slowest. Each job’s finality latency gains its block’s latency.',
          ),
        commit: z
          .enum(['batched', 'perRequest'])
          .default('batched')
          .describe(
            'batched: a host commits its finished results in one root (hosts.batchSize, hosts.maxBatchDelay). perRequest: every result is committed on its own as soon as it is done, so gas per job shows what per-request settlement costs.',
          ),
      })
      .optional()
      .describe(
        'How results settle on chain: when inference runs against block production, and one root per batch or per request. Absent: async and batched.',
      ),
    demand: demandSchema.optional(),
    catalog: catalogSchema.optional(),
    sweep: sweepSchema.optional(),
    invariants: z
      .record(
        z
          .string()
          .regex(
            /^[A-Za-z_][\w-]*$/,
            'an invariant name is a letter or _ followed by letters, digits, _ or -',
          ),
        z
          .string()
          .min(1)
          .describe('An expression over metrics, e.g. upper95(cheater_return) < lower95(honest_return).'),
      )
      .optional()
      .describe('Named safety properties over the metrics, checked by verisim check.'),
    tune: z
      .strictObject({
        objective: z
          .enum(METRIC_NAMES)
          .default('cost_per_verified_inference')
          .describe('The metric tune minimizes (or maximizes) while the invariants hold.'),
        maximize: z
          .boolean()
          .default(false)
          .describe('Look for the largest objective instead, e.g. objective: production_share.'),
        params: z
          .record(
            z.string(),
            z
              .strictObject({
                min: z.number().describe('Smallest value tried.'),
                max: z.number().describe('Largest value tried.'),
                steps: z
                  .number()
                  .int()
                  .min(2)
                  .max(1000)
                  .default(16)
                  .describe('Grid steps a search may use between min and max.'),
                monotone: z
                  .enum(['increasing', 'decreasing'])
                  .optional()
                  .describe(
                    'Safety only improves as the parameter grows (increasing) or falls (decreasing): tune bisects.',
                  ),
                integer: z.boolean().default(false).describe('Try whole numbers only.'),
                log: z.boolean().default(false).describe('Space the steps evenly in log space.'),
              })
              .describe('The range of one parameter.'),
          )
          .refine((p) => Object.keys(p).length > 0, { message: 'name at least one parameter to tune' })
          .describe('Dotted field paths tune may change, with their ranges.'),
        budget: z.number().int().min(2).max(10_000).default(24).describe('Runs the search may spend.'),
        seed: z.number().int().min(0).default(1).describe('Seed of the search.'),
      })
      .optional()
      .describe('What verisim tune may change, and what it minimizes while the invariants hold.'),
  })
  .describe('A verisim scenario: who takes part, the protocol, the model, and what to vary or check.')
  .transform((scenario) => fillDemandDefaults(fillGenerationDefaults(scenario)))

export type Sweep = z.output<typeof sweepSchema>
export type Workload = z.output<typeof workloadSchema>
export type ScenarioInput = z.input<typeof scenarioSchema>
export type Scenario = z.output<typeof scenarioSchema>
