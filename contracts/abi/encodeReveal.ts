import type { Hex, LedgerCall } from '../../sim/index.ts'
import { buildCheckpointTree } from '../merkle/buildCheckpointTree.ts'
import { callGas } from './callGas.ts'
import { encodeFunctionCall } from './encodeFunctionCall.ts'
import type { EncodeContext, EncodedTx } from './encodeLedgerCall.ts'

const zeroWord: Hex = `0x${'0'.repeat(64)}`

/**
 * The host's move: its committed digest of checkpoint `layer` with the proof against the leaf's
 * checkpoint root, sent from the batch's host. When the adapter cannot name the digest (an
 * unknown game, a layer out of range, a leaf committed without layer digests) a zero digest with
 * no proof goes out, and the chain says why it does not count (UnknownGame, WrongLayer,
 * InvalidProof).
 */
export function encodeReveal(
  context: EncodeContext,
  call: Extract<LedgerCall, { kind: 'reveal' }>,
): EncodedTx {
  const game = context.gameOf(call.gameId)
  const record = game ? context.batchOf(game.batchId) : undefined
  const digests = game ? record?.leaves[game.leafIndex]?.layerDigests : undefined
  const digest = digests?.[call.layer - 1]
  const proof = digests && digest !== undefined ? buildCheckpointTree(digests).proof(call.layer) : []
  const args = [call.gameId, call.layer, digest ?? zeroWord, proof]
  return {
    from: context.accounts.addressOf('host', record?.host ?? 0),
    to: context.protocol,
    data: encodeFunctionCall(context.iface, 'reveal', args),
    value: 0n,
    gas: callGas.base + callGas.perProofStep * BigInt(proof.length),
  }
}
