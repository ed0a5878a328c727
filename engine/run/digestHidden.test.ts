import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { digestHidden } from './digestHidden.ts'
import { hashDigest } from './hashDigest.ts'

describe('digestHidden', () => {
  it('keeps each token’s k largest-magnitude entries, largest first, ties to the lower index', () => {
    const hidden = Float32Array.from([0.1, -3, 2, 3, 0, /* token 2 */ 1, 1, -1, 0.5, 1])
    const digest = digestHidden(hidden, 5, 2, 7)
    expect(digest).toMatchObject({ start: 7, count: 2, indices: [1, 3, 0, 1], values: [-3, 3, 1, 1] })
    expect(digest.hash).toBe(hashDigest(digest.indices, digest.values))
  })

  it('agrees with a full sort on random states', () => {
    const rng = seedrandom.alea('digest')
    const width = 64
    const hidden = Float32Array.from({ length: 10 * width }, () => rng() * 2 - 1)
    const digest = digestHidden(hidden, width, 4, 0)
    for (let t = 0; t < 10; t++) {
      const row = [...hidden.subarray(t * width, (t + 1) * width)]
      const sorted = row
        .map((_, i) => i)
        .sort((a, b) => Math.abs(row[b] as number) - Math.abs(row[a] as number) || a - b)
      expect(digest.indices.slice(t * 4, t * 4 + 4)).toEqual(sorted.slice(0, 4))
    }
  })
})
