import type { Amount, Hex } from '../../sim/index.ts'
import { keccakHex } from './keccakHex.ts'

const uint256Limit = 1n << 256n
const word = /^0x[0-9a-fA-F]{64}$/
const address = /^0x[0-9a-fA-F]{40}$/

/**
 * The batch tree's leaf of one result, exactly as Protocol.sol recomputes it from a `Leaf`:
 * keccak256(abi.encode(jobId, requester, fee, resultDigest, checkpointRoot)). `checkpointRoot`
 * is the root over the job's layer digests (buildCheckpointTree), zero when it has none.
 * Five static words are encoded by hand: AbiCoder parses its type strings on every call, which
 * cost more than the hash itself on runs with many results.
 */
export function hashJobLeaf(
  jobId: number,
  requester: Hex,
  fee: Amount,
  resultDigest: Hex,
  checkpointRoot: Hex,
): Hex {
  if (!Number.isSafeInteger(jobId) || jobId < 0) throw new RangeError(`jobId must be a uint256, got ${jobId}`)
  if (fee < 0n || fee >= uint256Limit) throw new RangeError(`fee must be a uint256, got ${fee}`)
  if (!address.test(requester)) throw new TypeError(`requester must be an address, got ${requester}`)
  if (!word.test(resultDigest)) throw new TypeError(`resultDigest must be 32 bytes, got ${resultDigest}`)
  if (!word.test(checkpointRoot))
    throw new TypeError(`checkpointRoot must be 32 bytes, got ${checkpointRoot}`)
  return keccakHex(
    `0x${jobId.toString(16).padStart(64, '0')}${requester.slice(2).padStart(64, '0')}${fee
      .toString(16)
      .padStart(64, '0')}${resultDigest.slice(2)}${checkpointRoot.slice(2)}`,
  )
}
