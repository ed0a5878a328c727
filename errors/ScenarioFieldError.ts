import type { ErrorPlace } from './formatError.ts'
import { InputError } from './InputError.ts'

export type ScenarioFieldErrorOptions = ErrorPlace & {
  hint?: string | undefined
  cause?: unknown
  /** The reason already names the field (`unknown field protocol.pp`): not written twice. */
  reasonNamesField?: boolean
}

/**
 * A scenario file, or a value given for one of its fields (`--set`, a sweep point), is wrong:
 * `file:line:column: fieldPath: reason`. Scripts branch on the fields, never on the text.
 */
export class ScenarioFieldError extends InputError {
  override name = 'ScenarioFieldError'
  readonly file: string | undefined
  readonly line: number | undefined
  readonly column: number | undefined
  readonly fieldPath: string | undefined
  readonly origin: string | undefined
  readonly given: readonly string[] | undefined

  constructor(reason: string, options: ScenarioFieldErrorOptions) {
    const { hint, cause, reasonNamesField, ...place } = options
    super(reason, {
      hint,
      cause,
      place: reasonNamesField ? { ...place, fieldPath: undefined } : place,
    })
    this.file = place.file
    this.line = place.line
    this.column = place.column
    this.fieldPath = place.fieldPath
    this.origin = place.origin
    this.given = place.given
  }
}
