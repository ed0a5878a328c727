import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { InvariantCheckError, InvariantSyntaxError } from './errors.ts'

describe('InvariantSyntaxError', () => {
  it('names the column and what was found, and draws a caret under it', () => {
    const error = new InvariantSyntaxError("expected ')'", { text: 'min(a, b', at: 8, found: 'end of input' })
    expect(error.message).toBe("expected ')' at column 9, found end of input")
    expect(error.shortMessage).toBe(error.message)
    expect(error.caret).toBe('  min(a, b\n          ^')
    expect(error.name).toBe('InvariantSyntaxError')
    expect(error).toBeInstanceOf(InputError)
  })

  it('puts the hint after the message, as every InputError does', () => {
    const error = new InvariantSyntaxError("unexpected character '='", {
      text: 'a = 1',
      at: 2,
      hint: 'use ==',
    })
    expect(error.message).toBe("unexpected character '=' at column 3 (use ==)")
    expect(error.hint).toBe('use ==')
  })

  it('copies tabs so the caret lines up, and shows only the offending line', () => {
    const error = new InvariantSyntaxError('bad', { text: 'a < 1 &&\n\tb # 2', at: 12 })
    expect(error.column).toBe(4)
    expect(error.caret).toBe('  \tb # 2\n  \t  ^')
  })
})

describe('InvariantCheckError', () => {
  it('keeps the message as given, with the column and caret as properties', () => {
    const error = new InvariantCheckError("unknown metric 'x'", {
      text: 'y < 1 && x',
      at: 9,
      hint: 'did you mean y?',
    })
    expect(error.message).toBe("unknown metric 'x' (did you mean y?)")
    expect(error.column).toBe(10)
    expect(error.caret).toBe(`  y < 1 && x\n  ${' '.repeat(9)}^`)
    expect(error.kind).toBe('input')
  })

  it('has no caret without the text', () => {
    const error = new InvariantCheckError('bad', { text: undefined, at: 3 })
    expect(error.column).toBe(4)
    expect(error.caret).toBeUndefined()
  })
})
