import { AbiCoder, keccak256 } from 'ethers'
import type { Amount, Hex } from '../sim/ports.ts'

const coder = AbiCoder.defaultAbiCoder()

/** The Merkle leaf of one result, exactly as Protocol.sol recomputes it in `challenge`. */
export function hashJobLeaf(jobId: number, requester: Hex, fee: Amount, resultDigest: Hex): Hex {
  return keccak256(
    coder.encode(['uint256', 'address', 'uint256', 'bytes32'], [jobId, requester, fee, resultDigest]),
  ) as Hex
}
