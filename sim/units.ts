import type { Amount } from './ports.ts'

/** Token amounts cross the ledger port as integers with 18 decimals, like ether and wei. */
const UNIT = 10n ** 18n
/** Scenario amounts are rounded to 1e-9 token, far below any fee or slash a scenario uses. */
const NANO = 10n ** 9n

export function toUnits(tokens: number): Amount {
  if (!Number.isFinite(tokens) || tokens < 0)
    throw new RangeError(`token amount must be finite and >= 0, got ${tokens}`)
  return BigInt(Math.round(tokens * 1e9)) * NANO
}

export function fromUnits(units: Amount): number {
  const whole = units / UNIT
  const rest = units % UNIT
  return Number(whole) + Number(rest) / 1e18
}
