import { isScalar, LineCounter, parseDocument, Scalar } from 'yaml'

/** A 1-based line and column in a scenario file, as editors and `file:line:column` links use them. */
export type SourcePosition = { line: number; column: number }

/**
 * Where, in the scenario file's text `source`, the character at offset `at` of invariant `name`
 * is written: the invariant's position in the YAML plus the token's offset, so an error found
 * after parsing (unknown metric, wrong arity) can point at the token as a syntax error does.
 * undefined when the file does not hold that invariant as a string (it came from an override).
 *
 * Quoting, escapes and the folding of a multi-line scalar change only whitespace, quote and
 * backslash characters, never the order of the others, so the value's non-blank characters are
 * matched one by one against the source; a block scalar's header line is skipped first.
 */
export function locateInvariantToken(source: string, name: string, at: number): SourcePosition | undefined {
  const lines = new LineCounter()
  const doc = parseDocument(source, { lineCounter: lines })
  const node = doc.getIn(['invariants', name], true)
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined
  const text = node.value
  const [start, end] = node.range
  const position = (offset: number): SourcePosition => {
    const { line, col } = lines.linePos(offset)
    return { line, column: col }
  }
  let from = start
  if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL)
    from = source.indexOf('\n', start) + 1
  else if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) from = start + 1
  let next = from
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (/\s/.test(c)) continue
    const found = source.indexOf(c, next)
    // Only an escape that spells a character differently (\x41 for A) gets here: say where the value starts.
    if (found === -1 || found >= end) return position(from)
    if (i >= at) return position(found)
    next = found + 1
  }
  // The end of the text (a missing operand): just after its last character.
  return position(next)
}
