import { InputError } from '../../errors/index.ts'
import type { SequentialState, SequentialTestOptions } from './types.ts'

/**
 * A one-sided sequential probability ratio test (Wald) over standardized chunk scores
 * z = (x − μ0) / σ0, x a chunk's mean |value difference| and (μ0, σ0) the worst honest
 * profile's (calibrateNull). H0: z ~ N(0, 1); H1: z ~ N(δ, 1). Each chunk adds
 *
 *   λ = log N(z; δ, 1) − log N(z; 0, 1) = δ·z − δ²/2
 *
 * to S, which starts at 0. The test convicts when S ≥ a and clears when S ≤ b, with
 *
 *   a = ln(1 / α)            b = ln(β / (1 − α)).
 *
 * Wald's upper bound would be ln((1 − β) / α); ln(1 / α) is the slightly higher one that holds
 * exactly, not just up to overshoot: exp(S) is a non-negative martingale under H0 with mean 1,
 * so by Ville's inequality P0(S ever reaches a) ≤ e^−a = α, however many chunks and jobs the
 * host runs and whatever the overshoot. Because λ is increasing in z, a host whose true mean is
 * below μ0 (every other honest profile) is convicted with probability below α too. The expected
 * number of chunks to convict a host shifted by μ σ0 (μ > δ/2) is, by Wald's identity,
 *
 *   E[N] ≈ ((1 − β)·a + β·b) / (δ·μ − δ²/2) ≤ a / (δ·μ − δ²/2), plus one chunk of overshoot.
 *
 * A small δ keeps one large honest chunk from convicting alone (λ grows only as δ·z), at the
 * price of more chunks for a shift near δ; a shift far beyond δ still convicts in one chunk.
 * A cleared test is final: a caller that keeps watching a host starts a new test, and each
 * new test spends another α.
 */
export function startSequentialTest(options: SequentialTestOptions): SequentialState {
  const { alpha, beta, delta } = options
  for (const [name, value] of [
    ['alpha', alpha],
    ['beta', beta],
  ] as const)
    if (!(value > 0 && value < 0.5))
      throw new InputError(`sequential test ${name} must lie in (0, 0.5), got ${value}`, {
        hint: `e.g. ${name}: ${name === 'alpha' ? 0.001 : 0.01}`,
      })
  if (!(delta > 0 && Number.isFinite(delta)))
    throw new InputError(
      `sequential test delta must be a positive number of honest standard deviations, got ${delta}`,
      {
        hint: 'e.g. delta: 1',
      },
    )
  return {
    options,
    convictAt: Math.log(1 / alpha),
    clearAt: Math.log(beta / (1 - alpha)),
    logLikelihoodRatio: 0,
    chunks: 0,
    tokens: 0,
    maxScore: Number.NEGATIVE_INFINITY,
    verdict: 'continue',
    decidedAtTokens: null,
  }
}
