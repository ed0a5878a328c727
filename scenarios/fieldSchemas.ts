import { z } from 'zod'
import { limits } from './limits.ts'

/** Field types the scenario's sections share (schema.ts, demandSchema.ts). */

export const positive = z.number().positive()
/**
 * Shares and probabilities. The chain keeps fractions in parts per million, so a value between
 * 0 and 1e-6 would silently become 0 there: it is refused rather than rounded.
 */
export const fraction = z
  .number()
  .min(0)
  .max(1)
  .refine((x) => x === 0 || x >= limits.smallestFraction, {
    message: `must be 0 or at least ${limits.smallestFraction} (fractions are kept in parts per million on chain)`,
  })
/**
 * Token amounts settled on chain: the chain keeps 1e-9 token as its smallest unit (see
 * sim/units.ts), so a positive amount below it would become 0 and be refused as ZeroAmount.
 */
export const tokens = z
  .number()
  .min(0)
  .max(1e15)
  .refine((x) => x === 0 || x >= limits.smallestAmount, {
    message: `must be 0 or at least ${limits.smallestAmount} token (the chain's smallest unit)`,
  })
/** An amount the chain moves and refuses when it is zero (a stake, an escrowed fee). */
export const positiveTokens = z
  .number()
  .min(limits.smallestAmount, {
    message: `must be at least ${limits.smallestAmount} token: the chain refuses a zero amount and keeps 1e-9 token as its smallest unit`,
  })
  .max(1e15)
export const size = (max: number) => z.number().int().min(1).max(max)
/** A price the simulation only compares or multiplies: never settled, so no unit applies. */
export const price = z.number().min(0).max(1e15)
/** Whole seconds up to a bound that keeps every run finite (limits.ts says why each is what it is). */
export const seconds = (min: number, max: number, why: string) =>
  z
    .number()
    .int()
    .min(min)
    .max(max, {
      message: `must be at most ${max} s (${max / 86_400} day${max === 86_400 ? '' : 's'}): ${why}`,
    })
/** A whole number of tokens per job, or a uniform draw per job, with no default. */
export const tokenCountValue = (what: string) =>
  z.union(
    [
      size(limits.maxContext).describe(`${what} of every job.`),
      z
        .strictObject({
          uniform: z
            .tuple([size(limits.maxContext), size(limits.maxContext)])
            .describe('[min, max], whole numbers: each job draws its count uniformly.'),
        })
        .refine(({ uniform: [min, max] }) => min <= max, {
          message: 'min must be at most max',
          path: ['uniform'],
        }),
    ],
    { error: 'must be a whole number of tokens ≥ 1, or { uniform: [min, max] }' },
  )

/** A token count with its default. */
export const tokenCount = (what: string, fallback: number) =>
  tokenCountValue(what)
    .default(fallback)
    .describe(`${what}: a whole number, or { uniform: [min, max] } drawn per job.`)

/**
 * A requester's fee: one number for every requester, or a distribution each requester draws
 * its own fee from once (its jobs' value). Bounds must be positive: the chain refuses a zero fee.
 */
export const feeValue = z.union(
  [
    positiveTokens.describe('Fee per job of every requester, in tokens.'),
    z
      .strictObject({
        uniform: z
          .tuple([positiveTokens, positiveTokens])
          .describe('[min, max] tokens: each requester draws its fee uniformly.'),
      })
      .refine(({ uniform: [min, max] }) => min <= max, {
        message: 'min must be at most max',
        path: ['uniform'],
      }),
    z
      .strictObject({
        logUniform: z
          .tuple([positiveTokens, positiveTokens])
          .describe(
            '[min, max] tokens: each requester draws its fee log-uniformly (each decade equally often).',
          ),
      })
      .refine(({ logUniform: [min, max] }) => min <= max, {
        message: 'min must be at most max',
        path: ['logUniform'],
      }),
    z
      .strictObject({
        choices: z
          .array(positiveTokens)
          .min(1, { message: 'must list at least one fee' })
          .max(1000)
          .describe('Fees in tokens: each requester picks one with equal probability.'),
      })
      .describe('Fees in tokens, each requester picking one with equal probability.'),
  ],
  {
    error:
      'must be a fee in tokens (more than 0), or { uniform: [min, max] }, { logUniform: [min, max] } or { choices: [fee, ...] }',
  },
)
