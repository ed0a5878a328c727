import { AbiCoder, keccak256 } from 'ethers'
import type { Amount, Hex } from '../sim/ports.ts'

const coder = AbiCoder.defaultAbiCoder()

/**
 * The batch tree's leaf of one result, exactly as Protocol.sol recomputes it from a `Leaf`:
 * keccak256(abi.encode(jobId, requester, fee, resultDigest, checkpointRoot)). `checkpointRoot`
 * is the root over the job's layer digests (buildCheckpointTree), zero when it has none.
 */
export function hashJobLeaf(
  jobId: number,
  requester: Hex,
  fee: Amount,
  resultDigest: Hex,
  checkpointRoot: Hex,
): Hex {
  return keccak256(
    coder.encode(
      ['uint256', 'address', 'uint256', 'bytes32', 'bytes32'],
      [jobId, requester, fee, resultDigest, checkpointRoot],
    ),
  ) as Hex
}
