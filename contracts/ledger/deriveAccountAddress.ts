import { dataSlice, getAddress, keccak256, toUtf8Bytes } from 'ethers'
import type { Hex } from '../../sim/index.ts'

/** Roles of the ledger port, plus the protocol's owner (who deploys and administers it). */
export type AccountRole = 'host' | 'verifier' | 'requester' | 'referee' | 'owner'

/**
 * The chain address of account `index` of `role`: the last 20 bytes of
 * keccak256("verisim:<role>:<index>"). No private key exists for it; the node impersonates it.
 * Deriving instead of taking dev accounts gives any number of accounts, the same on every run.
 */
export function deriveAccountAddress(role: AccountRole, index: number): Hex {
  return getAddress(dataSlice(keccak256(toUtf8Bytes(`verisim:${role}:${index}`)), 12)) as Hex
}
