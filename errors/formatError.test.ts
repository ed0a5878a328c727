import { describe, expect, it } from 'vitest'
import { BaseError } from './BaseError.ts'
import { ChainError } from './ChainError.ts'
import { formatError } from './formatError.ts'
import { InputError } from './InputError.ts'
import { ModelFileError } from './ModelFileError.ts'
import { PoolError } from './PoolError.ts'
import { ScenarioFieldError } from './ScenarioFieldError.ts'

describe('formatError', () => {
  it('writes file:line:column, the origin and the field path before the reason, the hint after', () => {
    const error = new ScenarioFieldError('9 is more than hosts.count (4)', {
      file: 's.yaml',
      line: 7,
      column: 3,
      fieldPath: 'protocol.k',
      hint: 'each job needs k distinct hosts',
    })
    expect(formatError(error)).toBe(
      's.yaml:7:3: protocol.k: 9 is more than hosts.count (4) (each job needs k distinct hosts)',
    )
    expect(error.message).toBe(formatError(error))
  })

  it('writes only the parts it has: a sweep entry, an override, a flag, the values given with the file', () => {
    const at = { file: 's.yaml', line: 3, column: 5 }
    const sweep = { ...at, origin: 'sweep.grid.protocol.p = 2', fieldPath: 'protocol.p' }
    expect(formatError(new ScenarioFieldError('Too big', sweep))).toBe(
      's.yaml:3:5: sweep.grid.protocol.p = 2: protocol.p: Too big',
    )
    expect(formatError(new ScenarioFieldError('x', { file: 's.yaml', origin: 'override a.b' }))).toBe(
      's.yaml: override a.b: x',
    )
    expect(formatError(new ScenarioFieldError('x', { origin: '--set a=1', fieldPath: 'a' }))).toBe(
      '--set a=1: a: x',
    )
    const given = { ...at, given: ['--set protocol.k=9'], fieldPath: 'protocol.k' }
    expect(formatError(new ScenarioFieldError('x', given))).toBe(
      's.yaml:3:5 (with --set protocol.k=9): protocol.k: x',
    )
    // A reason that names its field already does not get it twice, but the error still holds it.
    const unknown = new ScenarioFieldError('unknown field a.b', {
      ...at,
      fieldPath: 'a.b',
      reasonNamesField: true,
    })
    expect(formatError(unknown)).toBe('s.yaml:3:5: unknown field a.b')
    expect(unknown.fieldPath).toBe('a.b')
  })

  it('formats every error class the way its message reads', () => {
    const errors = [
      new BaseError('the ledger is closed'),
      new InputError('workers must be an integer ≥ 1, got 0'),
      new ModelFileError('m.onnx is cut short', {
        file: 'm.onnx',
        fieldPath: 'model.file',
        hint: 'copy it again',
      }),
      new ChainError('the chain could not start: anvil exited', { binary: '/bin/false' }),
      new PoolError('run on mlp:1 failed: boom', { task: 'run', modelId: 'mlp:1' }),
    ]
    expect(errors.map(formatError)).toEqual([
      'the ledger is closed',
      'workers must be an integer ≥ 1, got 0',
      'model.file: m.onnx is cut short (copy it again)',
      'the chain could not start: anvil exited',
      'run on mlp:1 failed: boom',
    ])
    for (const error of errors) expect(error.message).toBe(formatError(error))
    expect(errors.map((e) => e.kind)).toEqual(['internal', 'input', 'input', 'input', 'internal'])
    expect(errors[3]).toBeInstanceOf(InputError)
    expect(errors[4]).toMatchObject({ task: 'run', modelId: 'mlp:1' })
  })

  it('keeps one line: the first of a long reason, with the hint; anything else is an internal error', () => {
    const report = new BaseError('Protocol.sol does not compile:\nline 1\nline 2', { hint: 'fix it' })
    expect(formatError(report)).toBe('Protocol.sol does not compile: (fix it)')
    expect(report.message).toContain('line 2')
    expect(formatError(new TypeError('x is undefined\n  at y'))).toBe('internal error: x is undefined')
    expect(formatError('a string')).toBe('internal error: a string')
    // Another library's error with a `reason` of its own is not mistaken for verisim's.
    expect(formatError(Object.assign(new Error('reverted'), { reason: 'out of gas' }))).toBe(
      'internal error: reverted',
    )
  })
})
