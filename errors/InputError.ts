import { BaseError, type BaseErrorOptions } from './BaseError.ts'

/**
 * A user-supplied value (a scenario field, a flag, a folder, a file) is wrong. The subclasses
 * that know where (ScenarioFieldError, ModelFileError) extend it, so `instanceof InputError`
 * catches every bad input.
 */
export class InputError extends BaseError {
  override name = 'InputError'
  constructor(reason: string, options: Omit<BaseErrorOptions, 'kind'> = {}) {
    super(reason, { ...options, kind: 'input' })
  }
}
