import { InputError } from '../../errors/index.ts'

/**
 * Errors of the invariant language. Both carry the 1-based column of the offending token and,
 * when the source text is known, a two-line caret picture, so the CLI can print the one-line
 * message after `file:line: invariants.name:` and the picture under it.
 */

type Located = { text: string | undefined; at: number; hint?: string }

/** The 1-based column of `at` within its own line (an invariant may be a folded YAML string). */
function columnOf(text: string | undefined, at: number): number {
  if (text === undefined) return at + 1
  return at - (text.lastIndexOf('\n', at - 1) + 1) + 1
}

/**
 * The line holding `at`, indented two spaces, and a caret under the offending character. Tabs
 * before it are copied so the caret lines up however the terminal expands them.
 */
function caretOf(text: string | undefined, at: number): string | undefined {
  if (text === undefined) return undefined
  const start = text.lastIndexOf('\n', at - 1) + 1
  const endAt = text.indexOf('\n', at)
  const line = text.slice(start, endAt === -1 ? undefined : endAt)
  const pad = [...text.slice(start, at)].map((c) => (c === '\t' ? '\t' : ' ')).join('')
  return `  ${line}\n  ${pad}^`
}

/** The text could not be read as an expression (bad character, number or token order). */
export class InvariantSyntaxError extends InputError {
  override name = 'InvariantSyntaxError'
  /** The 0-based offset of the offending token in the invariant text. */
  readonly at: number
  readonly column: number
  readonly caret: string | undefined

  /**
   * The message reads `<problem> at column N[, found <found>]`: the column is added here so every
   * syntax error names it in the same words.
   */
  constructor(problem: string, where: Located & { found?: string }) {
    const column = columnOf(where.text, where.at)
    const found = where.found === undefined ? '' : `, found ${where.found}`
    super(`${problem} at column ${column}${found}`, where.hint ? { hint: where.hint } : {})
    this.at = where.at
    this.column = column
    this.caret = caretOf(where.text, where.at)
  }
}

/** The expression parsed but can never be evaluated (unknown metric, wrong arity, wrong type). */
export class InvariantCheckError extends InputError {
  override name = 'InvariantCheckError'
  /** The 0-based offset of the offending token, so the CLI can point into the scenario file. */
  readonly at: number
  readonly column: number
  readonly caret: string | undefined

  constructor(problem: string, where: Located) {
    super(problem, where.hint ? { hint: where.hint } : {})
    this.at = where.at
    this.column = columnOf(where.text, where.at)
    this.caret = caretOf(where.text, where.at)
  }
}
