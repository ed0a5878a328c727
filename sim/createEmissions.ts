import { BaseError } from '../errors/index.ts'
import type { RunContext } from './createRunContext.ts'
import type { LedgerEvent } from './ports.ts'
import { toUnits } from './units.ts'

/** The periodic emission of spec.economics.emissions, as the block loop drives it. */
export type Emissions = {
  /**
   * An emission is due in the block at `now`: every `every` seconds, and once more at the first
   * block at or after the horizon, which pays what accrued until then; none after it, while the
   * last jobs drain (never without a schedule).
   */
  due(now: number): boolean
  /**
   * When one is due, submit `emit` to the hosts that are active and hold minStake; on its receipt,
   * credit each host's HostState.emitted, record it and tell the market book. Nothing otherwise,
   * or when no host qualifies (what accrued waits for the next emission). Hosts that are down,
   * exited or in the reserve earn nothing: emissions pay for serving capacity.
   */
  submit(now: number): void
}

export function createEmissions(ctx: RunContext): Emissions {
  const schedule = ctx.spec.economics.emissions
  const every = schedule.kind === 'none' ? 0 : schedule.every
  const minStake = toUnits(ctx.spec.protocol.minStake)
  const horizon = ctx.spec.duration
  let nextAt = every
  // Emissions pay for capacity while requests arrive: paying through the drain after the horizon
  // would set fees of a finished market against emissions of a longer one.
  let closed = false
  const due = (now: number) => every > 0 && !closed && (now >= nextAt || now >= horizon)
  return {
    due,
    submit(now) {
      if (!due(now)) return
      if (now >= horizon) closed = true
      nextAt = (Math.floor(now / every) + 1) * every
      const hosts: number[] = []
      for (const [i, h] of ctx.hosts.entries()) {
        if (h.status.state === 'active' && h.stakeUnits >= minStake) hosts.push(i)
      }
      if (hosts.length === 0) return
      ctx.submit(
        { kind: 'emit', hosts },
        `the emission at ${now} s`,
        (receipt) => {
          const credited = receipt.events.filter(
            (e): e is Extract<LedgerEvent, { kind: 'EmissionCredited' }> => e.kind === 'EmissionCredited',
          )
          const total = ctx.record.emission(now, credited)
          ctx.book?.emitted(now, total)
        },
        {
          // A slash mined earlier in the same block can take a listed host below minStake
          // (HostNotBonded): nothing is released then, and the next emission pays for both periods.
          onReject: (receipt) => {
            if (!receipt.error?.startsWith('HostNotBonded(')) {
              throw new BaseError(`the chain rejected the emission at ${now} s: ${receipt.error}`)
            }
          },
        },
      )
    },
  }
}
