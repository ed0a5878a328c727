import type { LedgerEvent } from '../../sim/index.ts'
import { formatRevert } from '../abi/formatRevert.ts'
import type { MemoryState } from './createMemoryState.ts'
import { emissionAccrued } from './emissionAccrued.ts'
import type { ResolvedCall } from './resolveMemoryCall.ts'

/**
 * Protocol.sol's emitToHosts: release what accrued since the last emission, capped by the reserve,
 * and credit it to the hosts pro rata to their active stake (floor; the remainder stays in the
 * reserve). Checks first, in the contract's order, then effects. The owner sends it, so onlyOwner
 * always passes.
 */
export function executeEmitCall(
  state: MemoryState,
  resolved: Extract<ResolvedCall, { kind: 'emit' }>,
  events: LedgerEvent[],
): string | undefined {
  const { accounts, block, params, emission } = state
  const { ratePerSecond, halvingInterval } = params.emission
  if (ratePerSecond === 0n) return 'EmissionsOff()'
  const { hosts } = resolved.call
  if (hosts.length === 0) return 'NoHosts()'
  const required = params.minStake === 0n ? 1n : params.minStake
  const seen = new Set<number>()
  const weights: bigint[] = []
  let totalStake = 0n
  for (const host of hosts) {
    if (seen.has(host)) return formatRevert('DuplicateHost', accounts.addressOf('host', host))
    seen.add(host)
    const bond = state.bonds.get(host)
    const active = bond ? bond.stake - bond.unbonding : 0n
    if (active < required) {
      return formatRevert('HostNotBonded', accounts.addressOf('host', host), active, required)
    }
    weights.push(active)
    totalStake += active
  }
  const accrued = (time: number) => emissionAccrued(ratePerSecond, halvingInterval, emission.start, time)
  let amount = accrued(block.timestamp) - accrued(emission.lastEmitAt)
  emission.moved = emission.lastEmitAt !== block.timestamp
  emission.lastEmitAt = block.timestamp
  if (amount > emission.reserve) amount = emission.reserve
  let total = 0n
  hosts.forEach((host, i) => {
    const share = (amount * (weights[i] as bigint)) / totalStake
    total += share
    state.addCredit('host', host, share)
    events.push({ kind: 'EmissionCredited', host, amount: share })
  })
  emission.reserve -= total
  events.push({ kind: 'Emitted', total, hosts: hosts.length })
  return undefined
}
