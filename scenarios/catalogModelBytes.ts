import { estimateModelBytes } from './estimateModelBytes.ts'
import type { Scenario } from './schema.ts'

type CatalogEntry = NonNullable<Scenario['catalog']>['models'][number]

/**
 * Bytes a node needs to hold a catalog entry, as far as the scenario alone tells: its `bytes`, or
 * a built-in model's 4 × parameters (its honest weights only: a host holds one copy of each
 * model). A model file's size is read when the run is resolved; here it is unknown (undefined).
 */
export function catalogModelBytes(scenario: Scenario, entry: CatalogEntry): number | undefined {
  if (entry.bytes !== undefined) return entry.bytes
  if (!('builtin' in entry.model)) return undefined
  const honestOnly = { ...scenario.hosts, behaviours: { honest: 1, lazy: 0, adaptive: 0, rational: 0 } }
  return estimateModelBytes({ ...scenario, model: entry.model, hosts: honestOnly } as Scenario)
}
