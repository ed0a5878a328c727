import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { locateInvariantToken } from './locateInvariantToken.ts'

const scenario = (invariants: string) => `name: x\nhosts: { count: 4 }\ninvariants:\n${invariants}`

describe('locateInvariantToken', () => {
  it('adds the token offset to where a plain scalar starts', () => {
    const source = scenario('  ok: false_slash_rate == 0\n  typo: cheater_retrun < 0\n')
    expect(locateInvariantToken(source, 'typo', 0)).toEqual({ line: 5, column: 9 })
    expect(locateInvariantToken(source, 'typo', 'cheater_retrun < '.length)).toEqual({ line: 5, column: 26 })
  })

  it('skips the opening quote and escapes of quoted scalars, and reads flow mappings', () => {
    const double = scenario('  q: "min(a) < \\"1\\""\n')
    // The value is `min(a) < "1"`; the escaped quote at offset 9 is written after a backslash.
    expect(locateInvariantToken(double, 'q', 4)).toEqual({ line: 4, column: 11 })
    expect(locateInvariantToken(double, 'q', 9)).toEqual({ line: 4, column: 17 })
    expect(locateInvariantToken(double, 'q', 10)).toEqual({ line: 4, column: 18 })
    const single = scenario("  q: 'a < b'\n")
    expect(locateInvariantToken(single, 'q', 4)).toEqual({ line: 4, column: 11 })
    const flow = 'invariants: { a: x < 1, b: upper95(y) > 2 }\n'
    expect(locateInvariantToken(flow, 'b', 8)).toEqual({ line: 1, column: 36 })
  })

  it('follows the lines of a folded or literal block scalar', () => {
    const folded = scenario('  long: >-\n    upper95(cheater_return)\n      < lower95(honets_return)\n')
    const text = (parse(folded) as { invariants: { long: string } }).invariants.long
    expect(locateInvariantToken(folded, 'long', text.indexOf('honets'))).toEqual({ line: 6, column: 17 })
    const literal = scenario('  long: |\n    a < 1 &&\n    bad > 2\n')
    expect(locateInvariantToken(literal, 'long', 'a < 1 &&\n'.length)).toEqual({ line: 6, column: 5 })
  })

  it('points just after the text for the end of input, and gives up on invariants not in the file', () => {
    const source = scenario('  open: a <\n')
    expect(locateInvariantToken(source, 'open', 3)).toEqual({ line: 4, column: 12 })
    expect(locateInvariantToken(source, 'missing', 0)).toBeUndefined()
    expect(locateInvariantToken('name: x\n', 'open', 0)).toBeUndefined()
  })
})
