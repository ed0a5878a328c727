import { InputError } from '../../errors/index.ts'
import { generationCost } from './generationCost.ts'
import type {
  DecoderArithmetic,
  GenerationWorkload,
  HardwareCostProfile,
  VerificationOverhead,
  VerificationPlan,
} from './types.ts'
import { verificationCost } from './verificationCost.ts'

function rate(name: string, value: number, max: number): number {
  if (!Number.isFinite(value) || value < 0 || value > max)
    throw new InputError(`verification ${name} must be from 0 to ${max}, got ${value}`)
  return value
}

/**
 * What a verification mode adds per generated token, in machine seconds and USD.
 * - replication: replicas − 1 more hosts generate the same output (re-checking by generation);
 * - sampling: a verifier re-checks with probability p, by one prefill;
 * - optimistic: watchers re-check checkRate of results, by one prefill each. Disputes and the
 *   referee's one-chunk re-execution are priced where disputes happen, not here.
 * Generations run on the host's hardware, prefills on the verifier's.
 */
export function verificationOverheadPerToken(
  decoder: DecoderArithmetic,
  hardware: { host: HardwareCostProfile; verifier: HardwareCostProfile },
  workload: GenerationWorkload,
  plan: VerificationPlan,
): VerificationOverhead {
  const generation = generationCost(decoder, hardware.host, workload)
  let checks: { machineSeconds: number; usd: number }
  switch (plan.mode) {
    case 'none':
      checks = { machineSeconds: 0, usd: 0 }
      break
    case 'replication': {
      if (!Number.isInteger(plan.replicas) || plan.replicas < 1)
        throw new InputError(`verification replicas must be an integer >= 1, got ${plan.replicas}`)
      const extra = plan.replicas - 1
      checks = { machineSeconds: extra * generation.machineSeconds, usd: extra * generation.usd }
      break
    }
    case 'sampling':
    case 'optimistic': {
      const share =
        plan.mode === 'sampling'
          ? rate('probability', plan.probability, 1)
          : rate('checkRate', plan.checkRate, 1)
      const prefill = verificationCost(decoder, hardware.verifier, workload)
      checks = { machineSeconds: share * prefill.machineSeconds, usd: share * prefill.usd }
      break
    }
  }
  return {
    machineSecondsPerToken: checks.machineSeconds / workload.output,
    usdPerToken: checks.usd / workload.output,
    // On free hardware money says nothing; machine time still compares the two.
    overhead:
      generation.usd > 0 ? checks.usd / generation.usd : checks.machineSeconds / generation.machineSeconds,
  }
}
