import type { RunSpec } from '../runSpec.ts'

/**
 * Whether `now` falls in one of verifiers.outages' windows [start, end): then no verifier check
 * starts (sampling's checks, optimistic watchers), and what is committed meanwhile reaches
 * finality unchecked. Checks started before a window still finish, and open disputes and games
 * go on: the referee and the chain are not out. Replication and the modeled TEE / zk modes have
 * no verifiers' checks (the referee settles replicas; attestations are checked on chain), so an
 * outage changes nothing there.
 */
export function inOutage(spec: RunSpec, now: number): boolean {
  for (const { start, end } of spec.verifiers.outages) if (now >= start && now < end) return true
  return false
}
