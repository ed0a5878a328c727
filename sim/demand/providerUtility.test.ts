import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EXPERIMENTAL_SEGMENT, PRODUCTION_SEGMENT } from './defaultSegments.ts'
import { logitShares } from './logitShares.ts'
import { providerUtility } from './providerUtility.ts'
import type { ExpectedTerms, Offer, Segment } from './types.ts'

const expected: ExpectedTerms = { p95Latency: 4, failedShare: 0.01, fraudLoss: 0.0002, requests: 50 }
const network: Offer = { provider: 'network/sampling', price: 0.0012, verifiable: true }
const central: Offer = { provider: 'central', price: 0.001, verifiable: false }

describe('providerUtility', () => {
  it('is minus the weighted costs, plus the value of verifiability, minus the switching cost', () => {
    const s = PRODUCTION_SEGMENT
    const terms = providerUtility(s, network, expected, 'central')
    expect(terms.price).toBeCloseTo(-1000 * 0.0012, 12)
    expect(terms.latency).toBeCloseTo(-1 * 4, 12)
    expect(terms.failure).toBeCloseTo(-10 * 0.01, 12)
    expect(terms.fraud).toBeCloseTo(-2250 * 0.0002, 12)
    expect(terms.verifiable).toBe(0.5)
    expect(terms.switching).toBe(-2)
    expect(terms.total).toBeCloseTo(-1.2 - 4 - 0.1 - 0.45 + 0.5 - 2, 12)
  })

  it('charges the switching cost only for leaving a current provider, never to a new arrival', () => {
    const s = EXPERIMENTAL_SEGMENT
    expect(providerUtility(s, central, expected, 'central').switching).toBe(0)
    expect(providerUtility(s, central, expected, 'network/sampling').switching).toBe(-s.switchingCost)
    expect(providerUtility(s, central, expected, null).switching).toBe(0)
    expect(providerUtility(s, central, expected, null).verifiable).toBe(0)
  })

  it('has own-price elasticity −β·p·(1 − s) under the logit, for a small price change', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-4, max: 1e-2, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (beta, price, otherUtility) => {
          const segment: Segment = {
            ...EXPERIMENTAL_SEGMENT,
            weights: { ...EXPERIMENTAL_SEGMENT.weights, price: beta },
          }
          const shareAt = (p: number) => {
            const own = providerUtility(segment, { ...network, price: p }, expected, null).total
            return logitShares([own, otherUtility])[0] as number
          }
          const s = shareAt(price)
          const step = price * 1e-6
          const elasticity = ((shareAt(price + step) - shareAt(price - step)) / (2 * step)) * (price / s)
          const closedForm = -beta * price * (1 - s)
          expect(Math.abs(elasticity - closedForm)).toBeLessThanOrEqual(1e-5 * Math.abs(closedForm) + 1e-7)
        },
      ),
    )
  })

  it('has cross-price elasticity β·p_j·s_j: a rival raising its price moves share by its own share', () => {
    const beta = EXPERIMENTAL_SEGMENT.weights.price
    const utilities = (rivalPrice: number) => [
      providerUtility(EXPERIMENTAL_SEGMENT, network, expected, null).total,
      providerUtility(EXPERIMENTAL_SEGMENT, { ...central, price: rivalPrice }, expected, null).total,
    ]
    const p = central.price
    const [s0, sj] = logitShares(utilities(p)) as [number, number]
    const step = p * 1e-6
    const up = logitShares(utilities(p + step))[0] as number
    const down = logitShares(utilities(p - step))[0] as number
    expect(((up - down) / (2 * step)) * (p / s0)).toBeCloseTo(beta * p * sj, 6)
  })
})
