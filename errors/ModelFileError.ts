import { InputError } from './InputError.ts'

export type ModelFileErrorOptions = {
  /** The model file, as the scenario resolved it. */
  file: string
  /** The scenario field that names the file, when the problem is the file's content. */
  fieldPath?: string | undefined
  hint?: string | undefined
  cause?: unknown
}

/** A model file is missing, unreadable, cut short, not ONNX or changed during a run. */
export class ModelFileError extends InputError {
  override name = 'ModelFileError'
  readonly file: string
  readonly fieldPath: string | undefined

  constructor(reason: string, options: ModelFileErrorOptions) {
    const { file, fieldPath, hint, cause } = options
    super(reason, { hint, cause, place: { fieldPath } })
    this.file = file
    this.fieldPath = fieldPath
  }
}
