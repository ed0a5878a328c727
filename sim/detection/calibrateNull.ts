import { InputError } from '../../errors/index.ts'
import type { HonestNull } from './types.ts'

/**
 * The honest null from measured per-chunk mean |value differences|, one list per honest hardware
 * profile (as verifyGeneration reports them against the verifier's prefill). Profiles differ by
 * orders of magnitude (fp32 hosts sit near 1e-7, fp16-weight hosts near 2e-4 on the test
 * decoders), so pooling them would put the fp16 hosts above the pooled mean on every chunk and
 * convict them in the end. The null is instead the worst profile: the largest mean, and the
 * largest standard deviation of any profile, which the test's one-sided composite H0 (true mean
 * ≤ μ0) covers for every other profile. The worst mean is itself an estimate, and a host sitting
 * even half a standard deviation above μ0 drifts towards conviction when δ = 1, so μ0 is its
 * upper bound at two standard errors, mean + 2·sd/√n. Chunks of one job are correlated (they
 * share a prompt), so n overstates the evidence: calibrate on many jobs, not long ones.
 */
export function calibrateNull(honestChunks: Record<string, number[]>): HonestNull {
  let worst: HonestNull | null = null
  let sd = 0
  let chunks = 0
  for (const [profile, distances] of Object.entries(honestChunks)) {
    if (distances.length < 2 || !distances.every((d) => Number.isFinite(d) && d >= 0))
      throw new InputError(
        `honest profile ${profile} needs at least 2 finite, non-negative chunk distances, got [${distances.slice(0, 5).join(', ')}${distances.length > 5 ? ', …' : ''}]`,
        { hint: 'measure more honest chunks on that profile, or leave it out' },
      )
    const mean = distances.reduce((sum, d) => sum + d, 0) / distances.length
    const variance = distances.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (distances.length - 1)
    sd = Math.max(sd, Math.sqrt(variance))
    chunks += distances.length
    const upper = mean + (2 * Math.sqrt(variance)) / Math.sqrt(distances.length)
    if (!worst || upper > worst.mean) worst = { mean: upper, sd: 0, chunks: 0, worstProfile: profile }
  }
  if (!worst) throw new InputError('no honest profile measured', { hint: 'pass at least one honest profile' })
  if (!(sd > 0))
    throw new InputError(
      `every honest chunk distance is identical (${worst.mean}): no spread to standardize by`,
      {
        hint: 'measure honest profiles that differ from the verifier, e.g. fp16 weights',
      },
    )
  return { ...worst, sd, chunks }
}
