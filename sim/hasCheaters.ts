import type { HostBehaviour } from './runState.ts'

/**
 * Whether any host may cheat: lazy and adaptive hosts by their cheat rate, rational ones when their
 * learner plays it. One place, so a new cheating behaviour counts everywhere at once.
 */
export function hasCheaters(shares: Record<Exclude<HostBehaviour, 'honest'>, number>): boolean {
  return shares.lazy + shares.adaptive + shares.rational > 0
}
