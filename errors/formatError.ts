/**
 * Where a problem is, as far as the code that found it knows. formatError writes the parts that
 * are present as `file:line:column (with given, …): origin: fieldPath:` before the reason.
 */
export type ErrorPlace = {
  /** The file that holds the bad value (a scenario file). */
  file?: string | undefined
  /** 1-based, within `file`. */
  line?: number | undefined
  /** 1-based, within `line`. */
  column?: number | undefined
  /** The other values given with the file (`--set k=9`), which may be why a rule between fields fails. */
  given?: readonly string[] | undefined
  /** What set the value when not the file alone: `--set protocol.p=2`, `sweep.grid.protocol.p = 0.5`. */
  origin?: string | undefined
  /** The dotted field the problem is about: `protocol.k`. */
  fieldPath?: string | undefined
}

/** What formatError reads: a verisim error, or the same fields before one is built. */
type Formattable = { reason: string; hint?: string | undefined; place: ErrorPlace }

/**
 * The one line the user sees for an error: the place, the reason and the hint in brackets. An
 * error that is not verisim's is a bug and says so. Only this function joins places into text,
 * so no caller builds a location into a message or has to parse one back.
 */
export function formatError(error: unknown): string {
  if (isFormattable(error)) {
    const { place, hint } = error
    const location =
      place.file === undefined
        ? undefined
        : [place.file, place.line, place.column].filter((part) => part !== undefined).join(':') +
          (place.given?.length ? ` (with ${place.given.join(', ')})` : '')
    const parts = [location, place.origin, place.fieldPath].filter((part) => part !== undefined)
    return `${[...parts, firstLine(error.reason)].join(': ')}${hint ? ` (${hint})` : ''}`
  }
  const message = error instanceof Error ? error.message : String(error)
  return `internal error: ${firstLine(message)}`
}

// By shape, not instanceof: BaseError formats its own message with this function.
function isFormattable(error: unknown): error is Formattable {
  if (typeof error !== 'object' || error === null) return false
  const { reason, place } = error as Partial<Formattable>
  return typeof reason === 'string' && typeof place === 'object' && place !== null
}

const firstLine = (text: string) => text.split('\n')[0] as string
