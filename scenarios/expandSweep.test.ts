import { describe, expect, it } from 'vitest'
import { InputError, ScenarioFieldError } from '../errors/index.ts'
import { expandSweep } from './expandSweep.ts'
import { parseScenario } from './loadScenario.ts'

const expand = (sweep: string) => expandSweep(parseScenario(`sweep:\n${sweep}`, 's.yaml'), 's.yaml')

describe('expandSweep', () => {
  it('is one point without a sweep', () => {
    expect(expandSweep(parseScenario('seed: 1\n', 's.yaml'), 's.yaml')).toEqual([{ index: 0, params: {} }])
  })

  it('crosses grid lists with the last field varying fastest', () => {
    const points = expand('  grid:\n    protocol.p: [0.1, 0.2]\n    hosts.count: [5, 6, 7]\n')
    expect(points).toHaveLength(6)
    expect(points[0]?.params).toEqual({ 'protocol.p': 0.1, 'hosts.count': 5 })
    expect(points[1]?.params).toEqual({ 'protocol.p': 0.1, 'hosts.count': 6 })
    expect(points[5]).toEqual({ index: 5, params: { 'protocol.p': 0.2, 'hosts.count': 7 } })
  })

  it('pairs zip lists and rejects unequal lengths', () => {
    expect(
      expand('  zip:\n    protocol.p: [0.1, 0.2]\n    hosts.count: [5, 6]\n').map((p) => p.params),
    ).toEqual([
      { 'protocol.p': 0.1, 'hosts.count': 5 },
      { 'protocol.p': 0.2, 'hosts.count': 6 },
    ])
    expect(() => expand('  zip:\n    protocol.p: [0.1, 0.2]\n    hosts.count: [5]\n')).toThrow(/has 1 values/)
  })

  it('draws a seeded Latin hypercube that uses every stratum once', () => {
    const text =
      '  random:\n    samples: 10\n    seed: 4\n    ranges:\n      protocol.p: [0, 1]\n      hosts.count: { min: 1, max: 100, integer: true }\n'
    const a = expand(text)
    expect(expand(text)).toEqual(a)
    const strata = a.map((p) => Math.floor((p.params['protocol.p'] as number) * 10)).sort((x, y) => x - y)
    expect(strata).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    for (const p of a) expect(Number.isInteger(p.params['hosts.count'])).toBe(true)
  })

  it('rejects a path that names no field, with the file and path', () => {
    expect(() => expand('  grid:\n    protocol.q: [1]\n')).toThrow(InputError)
    expect(() => expand('  grid:\n    protocol.q: [1]\n')).toThrow(
      /^s\.yaml:3:5: sweep\.grid: "protocol\.q" names no field of the scenario \(did you mean protocol\.p\?/,
    )
  })

  it('names the field of a bad range in a scenario built in code, and its line in a loaded one', () => {
    const text = 'sweep:\n  random:\n    samples: 2\n    ranges:\n      protocol.p: [0.5, 0.9]\n'
    const loaded = parseScenario(text, 's.yaml')
    const ranges = { 'protocol.p': [1, 0] as [number, number] }
    const built = { ...loaded, sweep: { ...loaded.sweep!, random: { ...loaded.sweep!.random!, ranges } } }
    expect(() => expandSweep(built, 's.yaml')).toThrow(
      /^s\.yaml: sweep\.random\.ranges\.protocol\.p: max \(0\) is below min \(1\)$/,
    )
    // The loader's own object keeps its lines (and the loader refuses such a range itself).
    loaded.sweep!.random!.ranges = ranges
    try {
      expandSweep(loaded, 's.yaml')
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioFieldError)
      expect(error).toMatchObject({
        file: 's.yaml',
        line: 5,
        column: 7,
        fieldPath: 'sweep.random.ranges.protocol.p',
      })
      return
    }
    throw new Error('a range with max below min was accepted')
  })

  it('crosses zipped rows with a grid', () => {
    const points = expand(
      '  zip:\n    model.width: [8, 16]\n    model.depth: [2, 3]\n  grid:\n    protocol.mode: [none, sampling]\n',
    )
    expect(points.map((p) => p.params)).toEqual([
      { 'model.width': 8, 'model.depth': 2, 'protocol.mode': 'none' },
      { 'model.width': 8, 'model.depth': 2, 'protocol.mode': 'sampling' },
      { 'model.width': 16, 'model.depth': 3, 'protocol.mode': 'none' },
      { 'model.width': 16, 'model.depth': 3, 'protocol.mode': 'sampling' },
    ])
  })

  it('rejects an empty list and random mixed with another design', () => {
    expect(() => expand('  grid:\n    protocol.p: []\n')).toThrow(/at least one value/)
    const mixed =
      '  grid:\n    protocol.p: [1]\n  random:\n    samples: 2\n    ranges: { protocol.p: [0, 1] }\n'
    expect(() => expand(mixed)).toThrow(/random is a design of its own/)
  })
})
