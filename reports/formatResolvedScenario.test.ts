import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { parseScenario } from '../scenarios/index.ts'
import { formatResolvedScenario } from './formatResolvedScenario.ts'

const auto = parseScenario('tolerance: auto\ntoleranceMargin: 3\n', 'auto.yaml')
const measured = (point: number, spread: number, floored = false) => ({
  point,
  tolerance: (floored ? 1e-6 : spread) * 3,
  tolerance_auto: { measured_spread: spread, margin: 3, floored },
})

describe('formatResolvedScenario', () => {
  it('writes the one figure auto measured as the tolerance, with its spread and margin in a comment', () => {
    const spread = 0.00030744001339
    const text = formatResolvedScenario(auto, [measured(0, spread), measured(0, spread)])
    expect(text).toContain(
      `# tolerance: auto, measured on this machine's CPU:\n#   honest spread ${spread} × toleranceMargin 3\n`,
    )
    // Read back, it is the same scenario with the number, to the last bit: no measuring again.
    const again = parseScenario(text, 'resolved.yaml')
    expect(again.tolerance).toBe(spread * 3)
    expect(again).toEqual({ ...auto, tolerance: spread * 3 })
    // Comments aside, the text is what the scenario with that number prints as.
    expect(text.replace(/^#.*\n/gm, '')).toBe(stringify({ ...auto, tolerance: spread * 3 }))
  })

  it('leaves out the default model beside a catalog, so the file reads back as the same scenario', () => {
    const mlp = (seed: number) => `{ name: m${seed}, model: { builtin: mlp, width: 8, seed: ${seed} } }`
    const memory = 'hosts: { memory: 1.0e+9 }\n  verifiers: { memory: 1.0e+9 }'
    const catalog = parseScenario(`catalog:\n  models: [${mlp(1)}, ${mlp(2)}]\n  ${memory}\n`, 'c.yaml')
    const text = formatResolvedScenario(catalog, [])
    expect(text).not.toMatch(/^model:/m)
    expect(parseScenario(text, 'resolved.yaml')).toEqual(catalog)
  })

  it('keeps auto for a catalog of decoders, listing each decoder’s own figure', () => {
    const decoder = (name: string, blocks: number) =>
      `{ name: ${name}, model: { builtin: decoder, blocks: ${blocks} } }`
    const memory = 'hosts: { memory: 1.0e+9 }\n  verifiers: { memory: 1.0e+9 }'
    const scenario = parseScenario(
      `tolerance: auto\ntoleranceMargin: 3\ncatalog:\n  models: [${decoder('a', 1)}, ${decoder('b', 2)}]\n  ${memory}\n`,
      'c.yaml',
    )
    const catalog = [
      { name: 'a', used: 0.003, measured_spread: 0.001, floored: false },
      { name: 'b', used: 0.006, measured_spread: 0.002, floored: false },
    ]
    const run = {
      point: 0,
      tolerance: 0.003,
      tolerance_auto: { measured_spread: 0.001, margin: 3, floored: false, catalog },
    }
    const text = formatResolvedScenario(scenario, [run])
    expect(text).toMatch(/^tolerance: auto$/m)
    expect(text).toContain(
      '#   a: 0.003 = spread 0.001 × toleranceMargin 3\n#   b: 0.006 = spread 0.002 × toleranceMargin 3\n',
    )
    // One number would put both decoders at the first's figure: none is written.
    expect(text).not.toMatch(/^generationTolerance:/m)
    expect(parseScenario(text, 'resolved.yaml')).toEqual(scenario)
  })

  it('says when the floor stood in for a spread of 0', () => {
    const text = formatResolvedScenario(auto, [measured(0, 0, true)])
    expect(text).toMatch(
      /honest spread 0 \(every hardware profile bit-identical\), floor 1e-6 × toleranceMargin 3\n/,
    )
    expect(parseScenario(text, 'resolved.yaml').tolerance).toBe(3e-6)
  })

  it('keeps auto and lists each point’s figure when the points measured different ones', () => {
    const runs = [measured(2, 2e-4), measured(0, 1e-4), measured(1, 2e-4), measured(0, 1e-4)]
    const text = formatResolvedScenario(auto, runs)
    expect(parseScenario(text, 'resolved.yaml').tolerance).toBe('auto')
    expect(text).toContain(
      [
        `#   point 0: ${1e-4 * 3} = honest spread 0.0001 × toleranceMargin 3`,
        `#   points 1, 2: ${2e-4 * 3} = honest spread 0.0002 × toleranceMargin 3`,
        'tolerance: auto',
      ].join('\n'),
    )
  })

  it('leaves a numeric or swept tolerance as the scenario says', () => {
    const fixed = parseScenario('tolerance: 0.002\n', 'fixed.yaml')
    expect(formatResolvedScenario(fixed, [{ point: 0, tolerance: 0.002 }])).toBe(stringify(fixed))
    const swept = parseScenario('sweep:\n  grid:\n    tolerance: [auto, 0.002]\n', 'swept.yaml')
    expect(formatResolvedScenario(swept, [measured(0, 1e-4), { point: 1, tolerance: 0.002 }])).toBe(
      stringify(swept),
    )
  })
  it('states a decoder’s figure as its generationTolerance, once, where a file read back has it', () => {
    const decoder = parseScenario(
      'model: { builtin: decoder }\ntolerance: auto\ntoleranceMargin: 3\n',
      'd.yaml',
    )
    const generation = {
      min_overlap: 0.9,
      token_margin: 0.01,
      honest_min_overlap: 1,
      honest_max_token_gap: 0,
    }
    const run = (point: number, spread: number) => ({
      point,
      tolerance: spread * 3,
      tolerance_auto: { measured_spread: spread, margin: 3, floored: false, generation },
    })
    const text = formatResolvedScenario(decoder, [run(0, 1e-3)])
    const stated = { minOverlap: 0.9, maxValueDistance: 3e-3, tokenMargin: 0.01 }
    const again = parseScenario(text, 'resolved.yaml')
    expect(again).toEqual({ ...decoder, tolerance: 3e-3, generationTolerance: stated })
    expect(text).toContain('(honest least overlap 1, largest token gap 0)')
    // Written again from the file read back (a merge of shards): the same text, not a second key.
    expect(formatResolvedScenario(again, [run(0, 1e-3)])).toBe(text)
    // Figures that differ by point keep auto, which a stated generationTolerance would contradict.
    const many = parseScenario(formatResolvedScenario(again, [run(0, 1e-3), run(1, 2e-3)]), 'many.yaml')
    expect([many.tolerance, many.generationTolerance]).toEqual(['auto', undefined])
  })
})
