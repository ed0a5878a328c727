import { describe, expect, it } from 'vitest'
import { EXPERIMENTAL_SEGMENT, PRODUCTION_SEGMENT } from '../demand/defaultSegments.ts'
import type { DemandSpec } from '../runSpec.ts'
import { productionSegments } from './productionSegments.ts'

const demand = (segments: DemandSpec['segments']) => ({ segments }) as DemandSpec

describe('productionSegments', () => {
  it('names the default production segment only', () => {
    const defaults = demand([
      { name: 'experimental', segment: EXPERIMENTAL_SEGMENT },
      { name: 'production', segment: PRODUCTION_SEGMENT },
    ])
    expect([...productionSegments(defaults)]).toEqual(['production'])
  })

  it('counts a conversion target even when it trials, and never a trial that does not convert', () => {
    const rule = { into: 'paid', failedShareBelow: 0.1, p95LatencyBelow: 10, minRequests: 1 }
    const spec = demand([
      { name: 'free', segment: { ...EXPERIMENTAL_SEGMENT, conversion: rule } },
      { name: 'paid', segment: { ...PRODUCTION_SEGMENT, trialLength: 100 } },
      { name: 'tourists', segment: { ...EXPERIMENTAL_SEGMENT, conversion: null } },
      { name: 'batch', segment: PRODUCTION_SEGMENT },
    ])
    expect([...productionSegments(spec)].sort()).toEqual(['batch', 'paid'])
  })
})
