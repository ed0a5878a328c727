import { bernoulli, type RngStreams } from './rngStreams.ts'
import type { RunSpec } from './runSpec.ts'

/**
 * A verification protocol as the run loop sees it. Each mode decides, for every committed
 * result, which verifier (if any) re-executes it; disputes and slashing are the same for all.
 */
export type VerificationMode = {
  name: RunSpec['protocol']['mode']
  /** The verifier index that re-executes this job's result, or null when nobody checks it. */
  checker(jobId: number): number | null
}

export function createVerificationMode(spec: RunSpec, rng: RngStreams): VerificationMode {
  const { mode, p } = spec.protocol
  const verifiers = spec.verifiers.count
  switch (mode) {
    case 'none':
      return { name: mode, checker: () => null }
    case 'sampling':
      return {
        name: mode,
        // Round-robin assignment spreads the checking load evenly; each verifier's own stream
        // decides whether it checks, so a verifier's draws do not depend on the others'.
        checker(jobId) {
          const v = jobId % verifiers
          return bernoulli(rng.stream(`verifier-${v}`, 'sample'), p) ? v : null
        },
      }
  }
}
