import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { measureNesting } from './measureNesting.ts'

describe('measureNesting', () => {
  it('finds nothing deep in the repo scenarios, whatever their comments, quotes and flow maps', () => {
    for (const file of ['scenarios/quickstart.yaml', 'scenarios/library/overhead-vs-model-size.yaml']) {
      expect(measureNesting(readFileSync(file, 'utf8'), 8), file).toBeUndefined()
    }
    expect(measureNesting('a: "[[[[[[[[[["\nb: \'{{{{{{{{\'\nc: 1 # [[[[[[[[[[\n', 3)).toBeUndefined()
  })

  it('points at where block, sequence or flow nesting passes the limit', () => {
    const block = Array.from({ length: 10 }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join('')
    expect(measureNesting(block, 4)).toEqual({ line: 5, column: 5 })
    expect(measureNesting(`x: ${'['.repeat(10)}${']'.repeat(10)}\n`, 4)).toMatchObject({ line: 1 })
    expect(measureNesting(`${'- '.repeat(10)}1\n`, 4)).toMatchObject({ line: 1 })
    expect(measureNesting('a:\n  - [\n    [\n      [1]]]\n', 5)).toBeUndefined()
    expect(measureNesting('a:\n  - [\n    [\n      [[[1]]]]]\n', 5)).toMatchObject({ line: 4 })
  })
})
