import type { Locate } from './checkSweep.ts'
import type { Scenario } from './schema.ts'

/**
 * Where each loaded scenario's fields are written, by scenario object. Some rules can only be
 * checked when a run is resolved (the model file exists, the calibration file is readable), long
 * after the loader; this lets resolveRunSpec place them at their line without every caller
 * passing the document along. A scenario built in code has no entry and is reported by file.
 */
export const scenarioPlaces = new WeakMap<Scenario, Locate>()
