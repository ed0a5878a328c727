import { InputError } from '../../errors/index.ts'

/**
 * Fees paid by requesters ÷ tokens emitted to hosts, both valued in tokens: above 1, demand pays
 * for the network; below, subsidy does. Null when nothing was emitted (the ratio is undefined,
 * and JSON has no Infinity).
 */
export function revenueOverEmissions(fees: number, emitted: number): number | null {
  for (const [name, value] of [
    ['fees', fees],
    ['emitted', emitted],
  ] as const)
    if (!(Number.isFinite(value) && value >= 0))
      throw new InputError(`${name} must be a finite number of tokens >= 0, got ${value}`, {
        hint: 'sum the period in tokens',
      })
  return emitted > 0 ? fees / emitted : null
}
