/**
 * One error base for every layer (after viem's BaseError): the message names the bad value and
 * says how to fix it. `kind: 'input'` marks errors the user caused (bad scenario, missing file,
 * chain that cannot start); the CLI prints them as one line and exits 2.
 */
export type ErrorKind = 'input' | 'internal'

export type BaseErrorOptions = {
  kind?: ErrorKind
  /** What the user can do about it; appended to the message. */
  hint?: string
  cause?: unknown
}

export class BaseError extends Error {
  override name = 'VerisimError'
  readonly kind: ErrorKind
  readonly shortMessage: string
  readonly hint: string | undefined

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    super(options.hint ? `${shortMessage} (${options.hint})` : shortMessage, { cause: options.cause })
    this.kind = options.kind ?? 'internal'
    this.shortMessage = shortMessage
    this.hint = options.hint
  }
}

/** A user-supplied value (scenario field, flag, file) is wrong. */
export class InputError extends BaseError {
  override name = 'InputError'
  constructor(shortMessage: string, options: Omit<BaseErrorOptions, 'kind'> = {}) {
    super(shortMessage, { ...options, kind: 'input' })
  }
}
