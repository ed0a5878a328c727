import { describeDecoderModel, describeModel } from '../engine/index.ts'
import { BaseError, ScenarioFieldError } from '../errors/index.ts'
import { placeScenarioField, type Scenario } from '../scenarios/index.ts'
import { isGeneratingModel, type ModelSpec } from '../sim/index.ts'

/**
 * Build or load the scenario's model once before anything starts, so a model file that is not
 * ONNX, or not sequential enough to checkpoint, is reported with the scenario that names it.
 */
export async function checkModel(scenarioPath: string, model: ModelSpec, scenario?: Scenario): Promise<void> {
  try {
    await (isGeneratingModel(model) ? describeDecoderModel(model) : describeModel(model))
  } catch (error) {
    if (error instanceof BaseError && error.kind === 'input') {
      // Every problem of a file model is a problem of the field that names it.
      const fieldPath = error.place.fieldPath ?? (model.kind === 'file' ? 'model.file' : undefined)
      const place =
        scenario && fieldPath
          ? placeScenarioField(scenario, scenarioPath, fieldPath)
          : { file: scenarioPath, fieldPath }
      throw new ScenarioFieldError(error.reason, {
        ...place,
        hint: error.hint,
        cause: error,
      })
    }
    throw error
  }
}
