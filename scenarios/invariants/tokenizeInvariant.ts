import { InvariantSyntaxError } from './errors.ts'
import type { OperatorText, Token } from './types.ts'

// Two-character operators are tried first so `<=` is not read as `<` then `=`.
const TWO_CHAR: readonly OperatorText[] = ['<=', '>=', '==', '!=', '&&', '||']
const ONE_CHAR: readonly OperatorText[] = ['<', '>', '!', '+', '-', '*', '/', '(', ')', ',']

// Digits may be grouped by single underscores between digits (100_000), as in TypeScript.
const DIGITS = '[0-9](?:_?[0-9])*'
const NUMBER = new RegExp(`(?:${DIGITS}(?:\\.${DIGITS})?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?`, 'y')
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y
// What may follow a number directly; anything word-like glued to it (1e, 1_, 2x, 1.2.3) is malformed.
const NUMBER_TAIL = /[A-Za-z0-9_.]/

/** Lone characters people type for an operator the language spells differently. */
const HINTS: Record<string, string> = {
  '=': 'use == to compare',
  '&': 'use && for "and"',
  '|': 'use || for "or"',
}

/**
 * The tokens of an invariant, ending with one `end` token (so the parser never reads past the
 * array). Whitespace, including newlines of a folded YAML string, only separates tokens.
 */
export function tokenizeInvariant(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i
      const match = NUMBER.exec(text)
      const end = match ? i + match[0].length : i
      if (!match || NUMBER_TAIL.test(text[end] ?? '')) {
        const word = /^[A-Za-z0-9_.]+/.exec(text.slice(i))?.[0] ?? c
        throw new InvariantSyntaxError(`malformed number '${word}'`, {
          text,
          at: i,
          hint: 'write numbers like 0.5, 1e-3 or 100_000',
        })
      }
      const written = match[0]
      tokens.push({ kind: 'number', value: Number(written.replaceAll('_', '')), text: written, at: i })
      i = end
      continue
    }
    IDENT.lastIndex = i
    const ident = IDENT.exec(text)
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], at: i })
      i += ident[0].length
      continue
    }
    const op = TWO_CHAR.find((o) => text.startsWith(o, i)) ?? ONE_CHAR.find((o) => o === c)
    if (op) {
      tokens.push({ kind: 'op', text: op, at: i })
      i += op.length
      continue
    }
    const hint = HINTS[c]
    throw new InvariantSyntaxError(`unexpected character '${c}'`, { text, at: i, ...(hint ? { hint } : {}) })
  }
  tokens.push({ kind: 'end', at: text.length })
  return tokens
}
