import { type Scenario, type Workload, workloadSchema } from './schema.ts'

/** A decoder scenario that omits `workload:` runs this one. */
const defaultWorkload: Workload = workloadSchema.parse({})

/**
 * The workload a scenario runs: its own, or the defaults for one that gives none. Only decoder
 * scenarios have one (checkGeneration refuses the block for other models).
 */
export function workloadOf(scenario: Scenario): Workload {
  return scenario.workload ?? defaultWorkload
}
