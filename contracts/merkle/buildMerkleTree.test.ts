import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Hex } from '../../sim/index.ts'
import { buildMerkleTree } from './buildMerkleTree.ts'
import { hashJobLeaf } from './hashJobLeaf.ts'
import { processMerkleProof } from './processMerkleProof.ts'

const leafArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `0x${Buffer.from(bytes).toString('hex')}` as Hex)

describe('buildMerkleTree', () => {
  it('gives every leaf a proof that leads to the root, and no other leaf', () => {
    fc.assert(
      fc.property(fc.array(leafArb, { minLength: 1, maxLength: 40 }), (leaves) => {
        const tree = buildMerkleTree(leaves)
        leaves.forEach((leaf, i) => {
          const proof = tree.proof(i)
          expect(processMerkleProof(leaf, proof)).toBe(tree.root)
          expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(leaves.length)))
        })
        const outsider = `0x${'ab'.repeat(32)}` as Hex
        if (!leaves.includes(outsider))
          expect(processMerkleProof(outsider, tree.proof(0))).not.toBe(tree.root)
      }),
      { numRuns: 100 },
    )
  })

  it('makes a single leaf its own root', () => {
    const leaf = hashJobLeaf(
      1,
      '0x0000000000000000000000000000000000000001',
      5n,
      `0x${'11'.repeat(32)}`,
      `0x${'22'.repeat(32)}`,
    )
    const tree = buildMerkleTree([leaf])
    expect(tree.root).toBe(leaf)
    expect(tree.proof(0)).toEqual([])
  })

  it('refuses empty trees and leaves out of range', () => {
    expect(() => buildMerkleTree([])).toThrow(/at least one leaf/)
    expect(() => buildMerkleTree([`0x${'11'.repeat(32)}`]).proof(1)).toThrow(
      /leaf 1 is not in a tree of 1 leaves/,
    )
  })
})
