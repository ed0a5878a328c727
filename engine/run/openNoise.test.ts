import { describe, expect, it } from 'vitest'
import { openNoise } from './openNoise.ts'

describe('openNoise', () => {
  it('draws seeded noise of the given scale shaped like each checkpoint, costing one FLOP a value', async () => {
    const noise = openNoise(
      [
        [1, 4],
        [2, 3],
      ],
      0.5,
    )
    expect(noise.flops).toBe(10)
    const [first, second] = await noise.run(1)
    expect(first).toHaveLength(4)
    expect(second).toHaveLength(6)
    expect(await noise.run(1)).toEqual([first, second])
    expect(await noise.run(2)).not.toEqual([first, second])
    expect(Math.max(...(second ?? []).map(Math.abs))).toBeLessThanOrEqual(0.5)
  })

  it('gives each host its own noise, the same on every re-execution of that host', async () => {
    const shapes = [[1, 8]]
    const a = await openNoise(shapes, 1, 3).run(7)
    expect(await openNoise(shapes, 1, 3).run(7)).toEqual(a)
    expect(await openNoise(shapes, 1, 4).run(7)).not.toEqual(a)
  })
})
