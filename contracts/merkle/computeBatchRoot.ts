import type { Hex, JobLeaf } from '../../sim/index.ts'
import type { AccountBook } from '../ledger/createAccountBook.ts'
import { buildMerkleTree } from './buildMerkleTree.ts'
import { computeLeafHash } from './computeLeafHash.ts'

/** The Merkle root the anvil adapter commits for these leaves (encodeCommit's batch tree). */
export function computeBatchRoot(accounts: AccountBook, leaves: readonly JobLeaf[]): Hex {
  return buildMerkleTree(leaves.map((leaf) => computeLeafHash(accounts, leaf))).root
}
