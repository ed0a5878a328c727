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

const mlpModel = z.strictObject({
  builtin: z.literal('mlp'),
  width: z.number().int().min(1).max(16_384).default(64),
  depth: z.number().int().min(1).max(256).default(8),
  inputSize: z.number().int().min(1).max(16_384).default(32),
  outputSize: z.number().int().min(1).max(16_384).default(16),
  seed: z.number().int().min(0).default(1),
})

const fileModel = z.strictObject({
  file: z.string().min(1).describe('path to an .onnx file, relative to the scenario file'),
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
  model: z.union([mlpModel, fileModel]).prefault({ builtin: 'mlp' }),
  /** Outputs are quantized to this step before digests are taken. */
  tolerance: positive.default(1e-3),
  hosts: z
    .strictObject({
      count: z.number().int().min(1).max(100_000).default(10),
      stake: tokens.default(1000),
      /** Virtual compute speed in FLOP/s: sets how long an inference takes in virtual time. */
      speed: positive.default(1e9),
      behaviours: z
        .strictObject({ honest: fraction.default(1), lazy: fraction.default(0) })
        .prefault({})
        .refine((b) => Math.abs(b.honest + b.lazy - 1) < 1e-9, {
          message: 'behaviour shares must add up to 1',
        }),
      lazy: z
        .strictObject({
          cheatRate: fraction.default(0.5),
          /** The lazy variant skips this many of the model's last hidden layers. */
          skipLayers: z.number().int().min(1).default(1),
        })
        .prefault({}),
    })
    .prefault({}),
  verifiers: z
    .strictObject({ count: z.number().int().min(1).max(100_000).default(3), speed: positive.default(1e9) })
    .prefault({}),
  requesters: z
    .strictObject({
      count: z.number().int().min(1).max(100_000).default(2),
      /** Jobs per second each requester submits (a Poisson process). */
      jobRate: positive.default(1),
      /** Fee per job in tokens. */
      fee: tokens.default(0.001),
    })
    .prefault({}),
  protocol: z
    .strictObject({
      mode: z.enum(['none', 'sampling']).default('sampling'),
      /** Probability that a result is re-executed by a verifier (sampling mode). */
      p: fraction.default(0.1),
      /** Smallest stake, in tokens, that lets a host commit results. */
      minStake: tokens.default(1),
      slashFraction: fraction.default(0.1),
      /** Share of each slash paid to the challenger; the rest is burned. */
      challengerShare: fraction.default(0.5),
      /** Seconds after a commitment during which its results can be challenged. */
      challengeWindow: z.number().int().min(1).default(120),
      unbondingDelay: z.number().int().min(0).default(86_400),
    })
    .prefault({}),
  economics: z
    .strictObject({
      /** Compute cost in tokens per FLOP, for hosts, verifiers and referees alike. */
      costPerFlop: z.number().min(0).default(1e-9),
      /** Tokens per unit of gas. */
      gasPrice: z.number().min(0).default(1e-9),
      /** What a centralized provider charges per job, in tokens. */
      centralizedPrice: tokens.default(0.001),
    })
    .prefault({}),
})

export type ScenarioInput = z.input<typeof scenarioSchema>
export type Scenario = z.output<typeof scenarioSchema>
