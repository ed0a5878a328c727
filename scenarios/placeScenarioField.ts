import type { ErrorPlace } from '../errors/index.ts'
import { scenarioPlaces } from './scenarioPlaces.ts'
import type { Scenario } from './schema.ts'

/**
 * Where a field of a loaded scenario is written (file, line, column), for rules checked after
 * loading, in other layers (a model file that turns out not to be ONNX); a scenario built in
 * code is named by its file.
 */
export function placeScenarioField(scenario: Scenario, file: string, fieldPath: string): ErrorPlace {
  return { ...(scenarioPlaces.get(scenario)?.(fieldPath.split('.')) ?? { file }), fieldPath }
}
