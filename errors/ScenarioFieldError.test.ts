import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadScenario } from '../scenarios/index.ts'
import { formatError } from './formatError.ts'
import { ScenarioFieldError } from './ScenarioFieldError.ts'

const dir = mkdtempSync(join(tmpdir(), 'verisim-errors-'))
const write = (name: string, text: string) => {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}
const thrown = (fn: () => unknown): ScenarioFieldError => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFieldError)
    return error as ScenarioFieldError
  }
  throw new Error('nothing was thrown')
}

describe('ScenarioFieldError', () => {
  it('keeps its fields and formats them as the one line users see', () => {
    const error = new ScenarioFieldError('Too big: expected number to be <=1', {
      file: 's.yaml',
      line: 3,
      column: 14,
      fieldPath: 'protocol.p',
      hint: 'use a probability',
    })
    expect(error).toMatchObject({
      kind: 'input',
      file: 's.yaml',
      line: 3,
      column: 14,
      fieldPath: 'protocol.p',
    })
    expect(error.reason).toBe('Too big: expected number to be <=1')
    expect(error.shortMessage).toBe('s.yaml:3:14: protocol.p: Too big: expected number to be <=1')
    expect(error.message).toBe(`${error.shortMessage} (use a probability)`)
    expect(formatError(error)).toBe(error.message)
  })

  it('a value out of range in a real file carries its line, column and field path', () => {
    const file = write('range.yaml', 'name: bad\nprotocol:\n  mode: sampling\n  p: 7\n')
    const error = thrown(() => loadScenario(file))
    expect(error).toMatchObject({ file, line: 4, column: 3, fieldPath: 'protocol.p' })
    expect(error.message).toMatch(new RegExp(`^${file}:4:3: protocol\\.p: `))
  })

  it('a rule between fields names the file, the line and the field it blames', () => {
    const file = write('cross.yaml', 'hosts: { count: 2 }\nprotocol:\n  mode: replication\n  k: 3\n')
    const error = thrown(() => loadScenario(file))
    expect(error).toMatchObject({ file, line: 4, column: 3, fieldPath: 'protocol.k' })
    expect(error.reason).toBe('3 is more than hosts.count (2)')
    expect(error.hint).toBe('each job needs k distinct hosts')
  })

  it('a bad value set by a sweep point is placed at its sweep entry', () => {
    const file = write('point.yaml', 'sweep:\n  grid:\n    protocol.p: [0.5, 3]\n')
    const loaded = loadScenario(file)
    const error = thrown(() => loaded.at({ 'protocol.p': 3 }))
    expect(error).toMatchObject({ file, line: 3, column: 5, fieldPath: 'protocol.p' })
    expect(error.origin).toBe('sweep.grid.protocol.p = 3')
  })
})
