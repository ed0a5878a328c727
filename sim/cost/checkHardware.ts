import { InputError } from '../../errors/index.ts'
import type { HardwareCostProfile } from './types.ts'

/** The profile itself when every rate is usable; a zero or negative rate would give Infinity or NaN costs. */
export function checkHardware(profile: HardwareCostProfile): HardwareCostProfile {
  const rates = ['peakFlops', 'memoryBandwidth', 'pricePerSecond'] as const
  for (const field of rates) {
    const value = profile[field]
    const ok = Number.isFinite(value) && (field === 'pricePerSecond' ? value >= 0 : value > 0)
    if (!ok)
      throw new InputError(
        `hardware profile ${profile.name}: ${field} must be a finite number ${field === 'pricePerSecond' ? '>= 0' : '> 0'}, got ${value}`,
        {
          hint:
            field === 'pricePerSecond'
              ? 'give USD per second, e.g. 0.00116'
              : 'give the rate per second, e.g. 989.4e12',
        },
      )
  }
  if (!Number.isInteger(profile.batchSize) || profile.batchSize < 1)
    throw new InputError(
      `hardware profile ${profile.name}: batchSize must be an integer >= 1, got ${profile.batchSize}`,
      {
        hint: 'use 1 for one generation at a time',
      },
    )
  return profile
}
