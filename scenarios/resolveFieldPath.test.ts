import { describe, expect, it } from 'vitest'
import { InputError } from '../errors/index.ts'
import { resolveFieldPath } from './resolveFieldPath.ts'

const refusal = (path: string) => {
  try {
    resolveFieldPath(path, 'f.yaml:7:5: sweep.grid')
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).kind).toBe('input')
    return (error as Error).message
  }
  throw new Error(`expected ${path} to be refused`)
}

describe('resolveFieldPath', () => {
  it('gives the keys of fields and sections the schema has, in every model kind', () => {
    expect(resolveFieldPath('protocol.p', '')).toEqual(['protocol', 'p'])
    expect(resolveFieldPath('model.width', '')).toEqual(['model', 'width'])
    expect(resolveFieldPath('model.dModel', '')).toEqual(['model', 'dModel'])
    expect(resolveFieldPath('model.cheats.skipLayers', '')).toEqual(['model', 'cheats', 'skipLayers'])
    expect(resolveFieldPath('hosts.behaviours.lazy', '')).toEqual(['hosts', 'behaviours', 'lazy'])
    expect(resolveFieldPath('protocol.refereeTimeout', '')).toEqual(['protocol', 'refereeTimeout'])
    expect(resolveFieldPath('hosts', '')).toEqual(['hosts'])
  })

  it('refuses paths through the prototype chain, naming where they were written', () => {
    for (const path of [
      '__proto__',
      '__proto__.toString',
      'constructor',
      'constructor.prototype',
      'protocol.__proto__',
      'hosts.constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
    ]) {
      expect(refusal(path)).toMatch(/^f\.yaml:7:5: sweep\.grid: ".*" names no field of the scenario/)
    }
  })

  it('refuses paths into lists and maps and misspelt fields, with the closest real field', () => {
    expect(refusal('protocol.slashFracton')).toMatch(/did you mean protocol\.slashFraction\?/)
    expect(refusal('hosts.hardware.0.share')).toMatch(/names no field/)
    expect(refusal('invariants.safe')).toMatch(/names no field/)
    expect(refusal('')).toMatch(/names no field/)
    expect(refusal('protocol.')).toMatch(/names no field/)
  })
})
