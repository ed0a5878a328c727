import { InputError } from '../../errors/index.ts'

/** The period retention is measured against: by then trial traffic has settled. */
const BASE_PERIOD = 3

/**
 * Retained volume R(N) of one arrival cohort: its volume in period N ÷ its volume in period 3,
 * periods counted from 0, the period the cohort arrived in. Null when period 3 had no volume or
 * period N is not in the table yet. Above 1 means the cohort grew after settling.
 */
export function retainedVolume(cohortVolumes: readonly number[], n: number): number | null {
  if (!(Number.isInteger(n) && n >= 0))
    throw new InputError(`retention period must be an integer >= 0, got ${n}`, { hint: 'e.g. 12' })
  const base = cohortVolumes[BASE_PERIOD]
  const volume = cohortVolumes[n]
  if (base === undefined || volume === undefined || base === 0) return null
  return volume / base
}
