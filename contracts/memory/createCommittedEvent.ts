import type { Amount, Hex, JobLeaf, LedgerEvent } from '../../sim/index.ts'
import type { AccountBook } from '../ledger/createAccountBook.ts'
import { computeBatchRoot } from '../merkle/computeBatchRoot.ts'

type Committed = Extract<LedgerEvent, { kind: 'Committed' }>

/**
 * A Committed event whose root, the chain's Merkle root over the leaves, is worked out when first
 * read and then kept. Hashing is nearly all the cost of a commit and the simulator never reads
 * the root, so it is not paid unless someone looks; anyone who does sees the chain's value.
 */
export function createCommittedEvent(
  accounts: AccountBook,
  batchId: number,
  host: number,
  leaves: readonly JobLeaf[],
  feeTotal: Amount,
): Committed {
  let root: Hex | undefined
  return {
    kind: 'Committed',
    batchId,
    host,
    get root(): Hex {
      if (root === undefined) root = computeBatchRoot(accounts, leaves)
      return root
    },
    jobCount: leaves.length,
    feeTotal,
  }
}
