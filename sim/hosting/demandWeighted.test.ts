import { describe, expect, it } from 'vitest'
import type { ModelInfo } from '../ports.ts'
import type { CatalogSpec } from '../runSpec.ts'
import { demandWeighted } from './demandWeighted.ts'

const model = (flops: number) => ({ variants: { honest: { flops } } }) as unknown as ModelInfo
const flops = (m: ModelInfo) => m.variants.honest.flops

describe('demandWeighted', () => {
  it('is the one model’s figure without a catalog', () => {
    expect(demandWeighted({}, [model(7)], flops)).toBe(7)
  })

  it('weighs each catalog model by its share of demand', () => {
    const catalog = { models: [{ share: 0.75 }, { share: 0.25 }] } as unknown as CatalogSpec
    expect(demandWeighted({ catalog }, [model(100), model(1000)], flops)).toBe(325)
  })
})
