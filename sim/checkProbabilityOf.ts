import type { RunSpec } from './runSpec.ts'

/**
 * The probability that a job paying `fee` is re-executed, as the valueScaled slash rule divides
 * by it: sampling's p (1 for a fee of at least alwaysCheckAbove), optimistic's watchProbability,
 * and 1 in every other mode (replication re-executes every job; tee, zk and none have no slash
 * by check probability to scale).
 */
export function checkProbabilityOf(
  protocol: Pick<RunSpec['protocol'], 'mode' | 'p' | 'watchProbability' | 'alwaysCheckAbove'>,
  fee: number,
): number {
  switch (protocol.mode) {
    case 'sampling':
      return protocol.alwaysCheckAbove !== null && fee >= protocol.alwaysCheckAbove ? 1 : protocol.p
    case 'optimistic':
      return protocol.watchProbability
    default:
      return 1
  }
}
