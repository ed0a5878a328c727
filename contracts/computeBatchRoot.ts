import type { Hex, JobLeaf } from '../sim/ports.ts'
import { buildMerkleTree } from './buildMerkleTree.ts'
import { computeLeafHash } from './computeLeafHash.ts'
import type { AccountBook } from './createAccountBook.ts'

/** The Merkle root the anvil adapter commits for these leaves (encodeCommit's batch tree). */
export function computeBatchRoot(accounts: AccountBook, leaves: readonly JobLeaf[]): Hex {
  return buildMerkleTree(leaves.map((leaf) => computeLeafHash(accounts, leaf))).root
}
