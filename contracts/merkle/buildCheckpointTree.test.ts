import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Hex } from '../../sim/index.ts'
import { buildCheckpointTree } from './buildCheckpointTree.ts'
import { hashCheckpointLeaf } from './hashCheckpointLeaf.ts'
import { processCheckpointProof } from './processCheckpointProof.ts'

const digestArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `0x${Buffer.from(bytes).toString('hex')}` as Hex)

describe('buildCheckpointTree', () => {
  it('proves every checkpoint at its own position only, with proofs of one fixed length', () => {
    fc.assert(
      fc.property(fc.uniqueArray(digestArb, { minLength: 1, maxLength: 20 }), (digests) => {
        const tree = buildCheckpointTree(digests)
        const depth = Math.ceil(Math.log2(digests.length))
        digests.forEach((digest, i) => {
          const proof = tree.proof(i + 1)
          expect(proof).toHaveLength(depth)
          expect(processCheckpointProof(digest, i + 1, proof)).toBe(tree.root)
          // The same digest claimed at a neighbouring position, or a neighbour's digest here, fails.
          const other = digests[(i + 1) % digests.length] as Hex
          if (digests.length > 1) {
            expect(processCheckpointProof(digest, ((i + 1) % digests.length) + 1, proof)).not.toBe(tree.root)
            expect(processCheckpointProof(other, i + 1, proof)).not.toBe(tree.root)
          }
        })
      }),
      { numRuns: 100 },
    )
  })

  it('makes order matter, unlike the batch tree', () => {
    const [a, b] = [`0x${'11'.repeat(32)}`, `0x${'22'.repeat(32)}`] as const
    expect(buildCheckpointTree([a, b]).root).not.toBe(buildCheckpointTree([b, a]).root)
  })

  it('hashes a single checkpoint as a leaf, never as the digest itself', () => {
    const digest = `0x${'11'.repeat(32)}` as const
    const tree = buildCheckpointTree([digest])
    expect(tree.root).toBe(hashCheckpointLeaf(digest))
    expect(tree.root).not.toBe(digest)
    expect(tree.proof(1)).toEqual([])
  })

  it('refuses empty trees and checkpoints out of range', () => {
    expect(() => buildCheckpointTree([])).toThrow(/at least one digest/)
    const tree = buildCheckpointTree([`0x${'11'.repeat(32)}`, `0x${'22'.repeat(32)}`, `0x${'33'.repeat(32)}`])
    expect(() => tree.proof(0)).toThrow(/checkpoint 0 is not in a tree of 3 checkpoints/)
    expect(() => tree.proof(4)).toThrow(/checkpoint 4 is not in a tree of 3 checkpoints/)
  })
})
