import type { EmissionSchedule } from '../runSpec.ts'

/** Tokens per day the schedule emits at virtual time `t` (the contract's rate, halvings applied). */
export function emissionPerDay(schedule: EmissionSchedule, t: number): number {
  if (schedule.kind === 'none') return 0
  if (schedule.kind !== 'halving') return schedule.perDay
  return schedule.perDay / 2 ** Math.floor(t / schedule.halvingEvery)
}
