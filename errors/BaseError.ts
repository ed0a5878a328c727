import { type ErrorPlace, formatError } from './formatError.ts'

/**
 * One error base for every layer (after viem's BaseError): the message names the bad value and
 * says how to fix it. `kind: 'input'` marks errors the user caused (bad scenario, missing file,
 * chain that cannot start); the CLI prints them as one line (formatError) and exits 2.
 */
export type ErrorKind = 'input' | 'internal'

export type BaseErrorOptions = {
  kind?: ErrorKind
  /** What the user can do about it; appended to the message. */
  hint?: string | undefined
  cause?: unknown
  /** Where the problem is; subclasses fill it from their fields. */
  place?: ErrorPlace | undefined
}

export class BaseError extends Error {
  override name = 'VerisimError'
  readonly kind: ErrorKind
  /** The problem alone, without place or hint: `9 is more than hosts.count (4)`. */
  readonly reason: string
  /**
   * The line without its hint: the place, if any, then the reason. Code that quotes another
   * error inside its own reads the fields instead (`fieldPath`, `reason`, `hint`).
   */
  readonly shortMessage: string
  readonly hint: string | undefined
  readonly place: ErrorPlace

  constructor(reason: string, options: BaseErrorOptions = {}) {
    const place = options.place ?? {}
    const placed = Object.values(place).some((part) => part !== undefined)
    // The place written as formatError writes it (`file:3:5: protocol.p: `), then the whole
    // reason: `message` keeps every line (a compiler's report, say), formatError shows the first.
    const shortMessage = placed ? `${formatError({ reason: '', place })}${reason}` : reason
    super(options.hint ? `${shortMessage} (${options.hint})` : shortMessage, { cause: options.cause })
    this.kind = options.kind ?? 'internal'
    this.reason = reason
    this.shortMessage = shortMessage
    this.hint = options.hint
    this.place = place
  }
}
