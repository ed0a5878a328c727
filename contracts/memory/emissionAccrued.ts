import type { Amount } from '../../sim/index.ts'

/**
 * Protocol.sol's emissionAccrued: units accrued from `start` to `time` at `rate` per second,
 * halving every `interval` seconds (0: never), rounded down. After k whole halvings and r more
 * seconds the integral is 2·R·H − R·(2·H − r)/2^k, so the floor is 2·R·H − ⌈R·(2·H − r)/2^k⌉.
 * The contract shifts in 256 bits; a shift of 256 or more leaves 0 there, which the ceiling then
 * turns into 1, and BigInt's unbounded shift gives the same 0 for any tail below 2^256.
 */
export function emissionAccrued(rate: Amount, interval: number, start: number, time: number): Amount {
  if (rate === 0n || time <= start) return 0n
  const elapsed = BigInt(time - start)
  if (interval === 0) return rate * elapsed
  const h = BigInt(interval)
  const era = elapsed / h
  const tail = rate * (2n * h - (elapsed % h))
  let owed = tail >> era
  if (era >= 256n || owed << era !== tail) owed += 1n
  return 2n * rate * h - owed
}
