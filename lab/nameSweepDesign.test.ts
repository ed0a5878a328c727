import { describe, expect, it } from 'vitest'
import { parseScenario } from '../scenarios/index.ts'
import { nameSweepDesign } from './nameSweepDesign.ts'

const design = (sweep: string) => nameSweepDesign(parseScenario(`sweep:\n${sweep}`, 's.yaml').sweep)

describe('nameSweepDesign', () => {
  it('names each design, and a zip crossed with a grid as both', () => {
    expect(nameSweepDesign(undefined)).toBe('none')
    expect(design('  grid: { protocol.p: [0.1] }')).toBe('grid')
    expect(design('  zip: { protocol.p: [0.1] }')).toBe('zip')
    expect(design('  zip: { protocol.p: [0.1] }\n  grid: { hosts.count: [2] }')).toBe('zip×grid')
    expect(design('  random: { samples: 2, ranges: { protocol.p: [0, 1] } }')).toBe('random')
  })
})
