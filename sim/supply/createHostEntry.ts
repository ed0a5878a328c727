import { BaseError } from '../../errors/index.ts'
import { CHAIN_EPOCH, type RunContext } from '../createRunContext.ts'
import { findEvent } from '../findEvent.ts'
import type { HostState } from '../runState.ts'
import { fromUnits, toUnits } from '../units.ts'
import type { Uptime } from './createUptime.ts'
import { emissionPerDay } from './emissionPerDay.ts'
import { entrantProfit } from './entrantProfit.ts'
import { type ProfitSnapshot, SECONDS_PER_DAY, trailingProfit } from './trailingProfit.ts'

export type HostEntry = {
  /** Before the block at `now` is mined: the entry check when one is due, and drained exits' unstakes. */
  block(now: number): void
}

/**
 * hosts.entry: every `every` seconds (at the first block at or after each multiple, while the run
 * lasts) each active host's profit over the last `window` seconds is read from a ring of
 * per-check snapshots of the hosts' cumulative figures (round(window ÷ every) checks back), so
 * memory does not grow with the number of jobs. Only a host active for the whole window is
 * judged: fees are paid at finalization, so a newcomer's first window would show compute without
 * income. Down hosts are not judged.
 *
 * Exit: a judged host below exitBelow tokens per day stops taking jobs at once (status exited).
 * The contract counts only stake that is not unbonding towards minStake for a commit, so a host
 * that asked to unstake could not commit the results it still holds: it asks, for its whole
 * bond, only once it has nothing in flight (no inference running, nothing uncommitted). Its
 * committed batches still finalize and pay it, and stay slashable while unbonding.
 *
 * Entry: when the profit an entrant would expect (entrantProfit: an equal share of the window's
 * fees and scheduled emissions less compute, among the hosts serving and itself) is above
 * enterAbove, the lowest-index reserve host stakes hosts.stake and joins. Reading the network's
 * public figures rather than the judged hosts' mean keeps entry possible after every host left:
 * no state of the supply side is absorbing. One per check, because the signal is a trailing one: the profit
 * an entrant dilutes shows only over the following windows, and letting every reserve host in on
 * one stale reading would overshoot, then exit in a wave.
 */
export function createHostEntry(ctx: RunContext, uptime: Uptime): HostEntry {
  const { spec } = ctx
  const entry = spec.hosts.entry
  const hosts = ctx.hosts
  const lag = entry ? Math.max(1, Math.round(entry.window / entry.every)) : 1
  const ring: ProfitSnapshot[] = []
  // Virtual time each host became active: reserve hosts get theirs when they enter.
  const activeSince = hosts.map((h) => (h.status.state === 'reserve' ? Number.POSITIVE_INFINITY : 0))
  const draining: { host: number; profit: number; decidedAt: number }[] = []
  let nextCheck = entry ? entry.every : Number.POSITIVE_INFINITY

  const snapshot = (t: number): ProfitSnapshot => ({
    t,
    // Off-chain money counts too: what a wrong answer earned, less the bribes that shielded it.
    income: Float64Array.from(hosts, (h) => fromUnits(h.revenue + h.emitted) + h.cheatGains - h.bribes),
    fees: Float64Array.from(hosts, (h) => fromUnits(h.revenue)),
    compute: Float64Array.from(hosts, (h) => h.computeCost),
  })
  if (entry) ring.push(snapshot(0))

  const check = (now: number) => {
    if (!entry) return
    const current = snapshot(now)
    ring.push(current)
    if (ring.length > lag + 1) ring.shift()
    // The snapshot `lag` checks back; none yet in the first window.
    const base = ring.length === lag + 1 ? ring[0] : undefined
    if (!base) return
    const judged: { host: number; profit: number }[] = []
    for (const [host, h] of hosts.entries()) {
      if (h.status.state !== 'active' || (activeSince[host] as number) > base.t) continue
      const profit = trailingProfit(base, current, host, fromUnits(h.stakeUnits), entry.stakeCostPerDay)
      judged.push({ host, profit })
    }
    for (const { host, profit } of judged) {
      if (profit >= entry.exitBelow) continue
      ctx.setHostStatus(host, { state: 'exited', at: now })
      uptime.stop(host)
      draining.push({ host, profit, decidedAt: now })
    }
    const sum = (a: Float64Array) => a.reduce((total, x) => total + x, 0)
    const seconds = now - base.t
    const window = {
      seconds,
      fees: sum(current.fees) - sum(base.fees),
      compute: sum(current.compute) - sum(base.compute),
      emission: (emissionPerDay(spec.economics.emissions, now) * seconds) / SECONDS_PER_DAY,
    }
    const serving = hosts.filter((h) => h.status.state === 'active' || h.status.state === 'down').length
    const expected = entrantProfit(window, serving, spec.hosts.stake, entry.stakeCostPerDay)
    if (expected > entry.enterAbove) enter(now, expected)
  }

  const enter = (now: number, mean: number) => {
    const host = hosts.findIndex((h) => h.status.state === 'reserve')
    if (host < 0) return
    const state = hosts[host] as HostState
    const amount = toUnits(spec.hosts.stake)
    // Mined in this very block (checks run before it), so no later check sees it in the reserve.
    ctx.submit({ kind: 'stake', host, amount }, `reserve host ${host}'s stake`, () => {
      state.stake = spec.hosts.stake
      state.stakeUnits = amount
      activeSince[host] = now
      ctx.setHostStatus(host, { state: 'active' })
      uptime.start(host, now)
      ctx.trace({ t: now, type: 'host_enter', host, stake: spec.hosts.stake, profit: mean })
    })
  }

  /** Exiting hosts with nothing in flight ask to unstake their whole bond. */
  const drain = (now: number) => {
    for (let i = 0; i < draining.length; ) {
      const exit = draining[i] as (typeof draining)[number]
      const state = hosts[exit.host] as HostState
      if (state.busyUntil > now || state.done.length > 0) {
        i++
        continue
      }
      draining.splice(i, 1)
      // Slashed to nothing: there is no bond left to ask for.
      if (state.stakeUnits === 0n) continue
      const amount = state.stakeUnits
      ctx.submit(
        { kind: 'requestUnstake', host: exit.host, amount },
        `host ${exit.host}'s unstake`,
        (receipt) => {
          const event = findEvent(receipt, 'UnstakeRequested')
          if (!event) throw new BaseError(`host ${exit.host}'s unstake emitted no UnstakeRequested`)
          ctx.trace({
            t: now,
            type: 'host_exit',
            host: exit.host,
            amount: fromUnits(amount),
            profit: exit.profit,
            decidedAt: exit.decidedAt,
            availableAt: event.availableAt - CHAIN_EPOCH,
          })
        },
      )
    }
  }

  return {
    block(now) {
      if (now >= nextCheck && now < spec.duration) {
        while (nextCheck <= now) nextCheck += entry?.every ?? Number.POSITIVE_INFINITY
        check(now)
      }
      drain(now)
    },
  }
}
