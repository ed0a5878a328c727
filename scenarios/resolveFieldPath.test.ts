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

  it('reaches entries of lists of sections by index and of maps of sections by name (issue 16)', () => {
    expect(resolveFieldPath('demand.providers.0.price', '')).toEqual(['demand', 'providers', '0', 'price'])
    expect(resolveFieldPath('demand.providers.12.latency.p95', '')).toEqual([
      'demand',
      'providers',
      '12',
      'latency',
      'p95',
    ])
    expect(resolveFieldPath('hosts.hardware.0.share', '')).toEqual(['hosts', 'hardware', '0', 'share'])
    expect(resolveFieldPath('verifiers.outages.1.end', '')).toEqual(['verifiers', 'outages', '1', 'end'])
    expect(resolveFieldPath('demand.segments.production.bass.q', '')).toEqual([
      'demand',
      'segments',
      'production',
      'bass',
      'q',
    ])
    expect(resolveFieldPath('demand.segments.hobby', '')).toEqual(['demand', 'segments', 'hobby'])
    expect(resolveFieldPath('demand.weight', '')).toEqual(['demand', 'weight'])
    // A field of any emission kind.
    expect(resolveFieldPath('economics.emissions.perDay', '')).toEqual(['economics', 'emissions', 'perDay'])
    expect(resolveFieldPath('economics.emissions.halvingEvery', '')).toEqual([
      'economics',
      'emissions',
      'halvingEvery',
    ])
  })

  it('refuses indices and names where they do not belong, and names every object has', () => {
    for (const path of [
      'demand.providers.-1.price',
      'demand.providers.01.price',
      'demand.providers.x.price',
      'demand.providers.0.cost',
      'demand.segments.0.share',
      'demand.segments.__proto__.share',
      'demand.segments.constructor.share',
      'demand.segments.toString',
      'demand.segments.<name>.share',
      'demand.providers.<index>.price',
      'protocol.0',
      'model.cheats.biasTokens.0',
      'sweep.grid.protocol',
    ])
      expect(refusal(path), path).toMatch(/names no field/)
    expect(refusal('demand.providers.0.prise')).toMatch(/did you mean demand\.providers\.0\.price\?/)
  })

  it('refuses lists and maps of values and misspelt fields, with the closest real field', () => {
    expect(refusal('protocol.slashFracton')).toMatch(/did you mean protocol\.slashFraction\?/)
    expect(refusal('invariants.safe')).toMatch(/names no field/)
    expect(refusal('')).toMatch(/names no field/)
    expect(refusal('protocol.')).toMatch(/names no field/)
  })
})
