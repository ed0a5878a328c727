import { z } from 'zod'

/**
 * The scenario file format. Every object is strict, so a misspelt field is an error rather than
 * a silently ignored setting, and every optional field has a default, so a short file is a
 * complete scenario. `prefault` (not `default`) runs a missing section through its own schema so
 * that its inner defaults apply.
 */

const positive = z.number().positive()
const fraction = z.number().min(0).max(1)
const tokens = z.number().min(0).max(1e15)
const size = (max: number) => z.number().int().min(1).max(max)

const cheats = z
  .strictObject({
    /** skip: the last N hidden layers (or blocks) are skipped. */
    skipLayers: z.number().int().min(1).default(1),
    /** noise: no inference; outputs are seeded noise of this scale. */
    noiseScale: positive.default(1),
    /** substitute: a smaller model of this hidden width. */
    substituteWidth: size(65_536).default(8),
  })
  .prefault({})

const mlpModel = z.strictObject({
  builtin: z.literal('mlp'),
  width: size(16_384).default(64),
  depth: size(256).default(8),
  inputSize: size(16_384).default(32),
  outputSize: size(16_384).default(16),
  seed: z.number().int().min(0).default(1),
  cheats,
})

const transformerModel = z.strictObject({
  builtin: z.literal('transformer'),
  dModel: size(16_384).default(64),
  heads: size(256).default(4),
  blocks: size(256).default(4),
  seqLen: size(16_384).default(16),
  ffMult: size(16).default(4),
  seed: z.number().int().min(0).default(1),
  cheats,
})

const fileModel = z.strictObject({
  file: z.string().min(1).describe('path to an .onnx file, relative to the scenario file'),
  cheats,
})

const hardwareProfile = z.strictObject({
  threads: size(64).default(1),
  optimization: z.enum(['disabled', 'basic', 'extended', 'all']).default('all'),
  fp16Weights: z.boolean().default(false),
})

const modeledAttestation = (defaults: { overheadFactor: number; gas: number; latency: number }) =>
  z
    .strictObject({
      overheadFactor: z.number().min(1).max(1e6).default(defaults.overheadFactor),
      gas: z.number().int().min(0).max(10_000_000).default(defaults.gas),
      latency: z.number().min(0).default(defaults.latency),
      failureRate: fraction.default(0),
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

const hostShares = z
  .strictObject({ honest: fraction.optional(), lazy: fraction.optional(), adaptive: fraction.optional() })
  .prefault({})
  .transform(fillShares(['honest', 'lazy', 'adaptive']))
  .refine(addsUp, sharesMessage)

const verifierShares = z
  .strictObject({
    diligent: fraction.optional(),
    lazy: fraction.optional(),
    colluding: fraction.optional(),
    rational: fraction.optional(),
  })
  .prefault({})
  .transform(fillShares(['diligent', 'lazy', 'colluding', 'rational']))
  .refine(addsUp, sharesMessage)

const sweepValues = z.array(z.unknown()).min(1, 'a sweep list needs at least one value')
const sweepRange = z.union([
  z.tuple([z.number(), z.number()]),
  z.strictObject({
    min: z.number(),
    max: z.number(),
    log: z.boolean().default(false),
    integer: z.boolean().default(false),
  }),
])

/**
 * `sweep:` varies fields by their dotted path: `grid` (cartesian product), `zip` (paired lists of
 * equal length; with a grid, the zipped rows are one more axis of the product) or `random` (a
 * seeded Latin hypercube over ranges, on its own).
 */
const sweepSchema = z
  .strictObject({
    replicates: z.number().int().min(1).max(10_000).default(1),
    grid: z.record(z.string(), sweepValues).optional(),
    zip: z.record(z.string(), sweepValues).optional(),
    random: z
      .strictObject({
        samples: z.number().int().min(1).max(100_000),
        seed: z.number().int().min(0).default(1),
        ranges: z.record(z.string(), sweepRange),
      })
      .optional(),
  })
  .refine((s) => !(s.random && (s.grid || s.zip)), {
    message: 'random is a design of its own: use it without grid or zip',
  })

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).default('scenario'),
  description: z.string().default(''),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Seconds of virtual time during which requests arrive; the run then drains to finality. */
  duration: positive.max(10 * 365 * 86_400).default(600),
  /** Whole seconds between the blocks the simulation mines (chain timestamps are whole seconds). */
  blockTime: z.number().int().min(1).max(86_400).default(12),
  model: z.union([mlpModel, transformerModel, fileModel]).prefault({ builtin: 'mlp' }),
  /** The file `verisim calibrate` wrote, for fields set to `calibrated` (relative to this file). */
  calibration: z.string().min(1).optional(),
  /** How results are compared: `exact` bit-for-bit, or `tolerance` (relative, see `tolerance`). */
  comparison: z.enum(['exact', 'tolerance']).default('tolerance'),
  /** Values agree when |a − b| ≤ tolerance × (1 + |b|); digests are over values quantized at it. */
  tolerance: positive.default(5e-3),
  /**
   * Results kept per run (and at most 64 MiB of outputs) so that identical requests (model,
   * variant, hardware, input) run once, as replicas of a job on the same hardware do; 0 runs
   * every request. Counted in counts.cached_inferences and the manifest.
   */
  inferenceCache: z.number().int().min(0).max(1_000_000).default(256),
  hosts: z
    .strictObject({
      count: z.number().int().min(1).max(100_000).default(10),
      stake: tokens.default(1000),
      /** Virtual compute speed in FLOP/s (`calibrated`: this machine's, from `verisim calibrate`). */
      speed: z.union([positive, z.literal('calibrated')]).default(1e9),
      behaviours: hostShares,
      /** The cheat lazy and adaptive hosts run instead of the honest model. */
      variant: z.enum(['skip', 'int8', 'substitute', 'noise']).default('skip'),
      cheatRate: fraction.default(0.5),
      /** Probability that a cheating host stops answering a bisection game it is sure to lose. */
      abandonRate: fraction.default(0),
      adaptive: z
        .strictObject({ initialRate: fraction.default(0.05), step: fraction.default(0.02) })
        .prefault({}),
      /** Results a host gathers into one commitment (larger roots spread the commit's gas)... */
      batchSize: z.number().int().min(1).max(1_000_000).default(1),
      /** ...unless its oldest result has waited this many seconds. */
      maxBatchDelay: z.number().min(0).default(0),
      /** Honest hardware profiles with their shares of hosts (real onnxruntime configurations). */
      hardware: z
        .array(z.strictObject({ share: fraction, ...hardwareProfile.shape }))
        .min(1)
        .default([{ share: 1, threads: 1, optimization: 'all', fp16Weights: false }])
        .refine((list) => Math.abs(list.reduce((a, h) => a + h.share, 0) - 1) < 1e-9, {
          message: 'hardware shares must add up to 1',
        }),
    })
    .prefault({}),
  verifiers: z
    .strictObject({
      count: z.number().int().min(1).max(100_000).default(3),
      speed: z.union([positive, z.literal('calibrated')]).default(1e9),
      behaviours: verifierShares,
      /** Probability that a lazy verifier approves without checking. */
      skipProbability: fraction.default(0.5),
      /** Rational verifiers' initial estimate of the share of bad results. */
      fraudPrior: fraction.default(0.05),
      /** Host indices whose results colluding verifiers never challenge. */
      coalition: z.array(z.number().int().min(0)).default([]),
      hardware: hardwareProfile.prefault({}),
    })
    .prefault({}),
  requesters: z
    .strictObject({
      count: z.number().int().min(1).max(100_000).default(2),
      /** Jobs per second each requester submits (a Poisson process). */
      jobRate: positive.default(1),
      /** Fee per job in tokens. */
      fee: tokens.default(0.001),
      /** Each job goes to the network or the centralized baseline, whichever costs the requester less. */
      choice: z.boolean().default(false),
      /** Tokens a requester loses per second of waiting for finality. */
      latencyValue: z.number().min(0).default(0),
      /** Tokens a requester loses when it accepts a bad result. */
      fraudLoss: z.number().min(0).default(0),
    })
    .prefault({}),
  protocol: z
    .strictObject({
      mode: z.enum(['none', 'sampling', 'replication', 'optimistic', 'tee', 'zk']).default('sampling'),
      /** Sampling: probability that a result is re-executed by a verifier. */
      p: fraction.default(0.1),
      /** Replication: hosts that run each job. */
      k: z.number().int().min(2).max(64).default(3),
      /** Optimistic: probability that a diligent watcher checks a result. */
      watchProbability: fraction.default(0.1),
      /** Smallest stake, in tokens, that lets a host commit results. */
      minStake: tokens.default(1),
      slashFraction: fraction.default(0.1),
      /** Share of each slash paid to the challenger; the rest is burned. */
      challengerShare: fraction.default(0.5),
      /** Seconds after a commitment during which its results can be challenged. */
      challengeWindow: z.number().int().min(0).default(120),
      unbondingDelay: z.number().int().min(0).default(86_400),
      /** Optimistic: the bond a watcher posts to open a bisection game, in tokens. */
      challengeBond: tokens.default(1),
      /** Optimistic: seconds each party has to move in a bisection game. */
      moveTimeout: z.number().int().min(1).default(60),
      /** Seconds the referee has to rule on a dispute or a game's last step; after it the case is void. */
      refereeTimeout: z.number().int().min(1).default(600),
      /** Optimistic: share of a losing challenger's bond paid to the host; the rest is burned. */
      bondToWinner: fraction.default(0.5),
      /** Forced errors: planted wrong results; a checker that catches one is paid `jackpot` tokens. */
      forcedErrors: z.strictObject({ rate: fraction.default(0), jackpot: tokens.default(0) }).prefault({}),
      /** TEE attestation, modeled: a few percent of compute, an attestation check on chain. */
      tee: modeledAttestation({ overheadFactor: 1.05, gas: 80_000, latency: 1 }),
      /** zk proofs, modeled: proving at 100–1000× native compute, a pairing check on chain. */
      zk: modeledAttestation({ overheadFactor: 300, gas: 300_000, latency: 60 }),
    })
    .prefault({}),
  economics: z
    .strictObject({
      /** Compute cost in tokens per FLOP, for hosts, verifiers and referees alike. */
      costPerFlop: z.union([z.number().min(0), z.literal('calibrated')]).default(1e-9),
      /** With `costPerFlop: calibrated`: tokens per hour of one CPU core. */
      pricePerCoreHour: tokens.default(0.05),
      /** Tokens per unit of gas. */
      gasPrice: z.number().min(0).default(1e-9),
      /** What a centralized provider charges per job, in tokens. */
      centralizedPrice: tokens.default(0.001),
      /** Seconds a centralized provider takes to answer. */
      centralizedLatency: z.number().min(0).default(1),
    })
    .prefault({}),
  sweep: sweepSchema.optional(),
  /** Named safety properties over the metrics, checked by `verisim check`. */
  invariants: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z_][\w-]*$/, 'an invariant name is a letter or _ followed by letters, digits, _ or -'),
      z.string().min(1),
    )
    .optional(),
  /** What `verisim tune` may change, and what it minimizes while the invariants hold. */
  tune: z
    .strictObject({
      objective: z
        .enum(['cost_per_verified_inference', 'verification_overhead'])
        .default('cost_per_verified_inference'),
      params: z
        .record(
          z.string(),
          z.strictObject({
            min: z.number(),
            max: z.number(),
            /** Grid steps a search may use between min and max. */
            steps: z.number().int().min(2).max(1000).default(16),
            /** Safety only improves as the parameter grows (increasing) or falls (decreasing): tune bisects. */
            monotone: z.enum(['increasing', 'decreasing']).optional(),
            integer: z.boolean().default(false),
            log: z.boolean().default(false),
          }),
        )
        .refine((p) => Object.keys(p).length > 0, { message: 'name at least one parameter to tune' }),
      /** Runs the search may spend. */
      budget: z.number().int().min(2).max(10_000).default(24),
      seed: z.number().int().min(0).default(1),
    })
    .optional(),
})

export type Sweep = z.output<typeof sweepSchema>
export type ScenarioInput = z.input<typeof scenarioSchema>
export type Scenario = z.output<typeof scenarioSchema>
