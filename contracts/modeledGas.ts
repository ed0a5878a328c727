/**
 * MODELED gas for the memory ledger, which runs no EVM: what each call kind cost on anvil
 * (Protocol.sol compiled with solc 0.8 at 200 optimizer runs, prague hardfork, anvil 1.7.1),
 * measured on the library scenarios at duration 60 s, every mode of overhead-vs-model-size, and
 * the scripted sequence of createMemoryLedger.test.ts. Every figure is gas units; a receipt's
 * gasUsed is `ok` (or `reverted`) plus the terms that apply to it (modelCallGas).
 *
 * The terms follow what moves the real figure: the proof and payer lists in calldata, and the
 * storage slots a call turns from zero to non-zero (about 17,100 more than rewriting a used
 * slot) or back to zero (about 4,800 refunded). The fixed part of a real receipt still varies
 * by tens of gas with the zero bytes of its calldata; the model ignores that, and a revert costs
 * one typical figure per kind whatever its reason. Measured ranges are given per kind.
 */
export const modeledGas = {
  /** A fresh storage slot costs this much more than rewriting a used one. */
  freshSlot: 17_100n,
  /** Refund for clearing a slot that was set before the call. */
  clearedSlot: 4_800n,
  /** Each 32-byte Merkle proof step in calldata, with its hashing. */
  perProofStep: 800n,

  // Measured 46,680-46,716 (ok), 24,612 (reverted).
  registerModel: { ok: 46_704n, reverted: 24_612n },
  // Measured 45,405 (ok), 24,142 (reverted).
  addVerifier: { ok: 45_405n, reverted: 24_142n },
  // Measured 27,878 adding to a stake, 44,978 for the first one; 21,313 reverted.
  stake: { ok: 27_878n, reverted: 21_313n },
  // Measured 27,910 topping up, 45,010 for the first deposit; 21,334 reverted.
  deposit: { ok: 27_910n, reverted: 21_334n },
  // Measured 70,184 when nothing was unbonding yet; 21,542-26,077 reverted.
  requestUnstake: { ok: 36_000n, reverted: 24_000n },
  // Measured 36,184; 23,562-25,871 reverted.
  withdraw: { ok: 36_184n, reverted: 24_700n },
  // Measured 143,036-143,060 for one payer, +6,605 per further payer, +17,112 for a host's first
  // commit, +17,100 for the protocol's first batch (177,260 for both); 25,579-62,782 reverted.
  commit: { ok: 143_048n, perPayer: 6_600n, reverted: 31_000n },
  // Measured 181,308-217,114: +17,100 when the batch had no open dispute (its flags slot was
  // zero) and +17,100 for the protocol's first dispute; 27,982-37,686 reverted.
  challenge: { ok: 180_520n, reverted: 31_000n },
  // Measured 86,640-108,528 slashing (+17,100 for the first burn, +4,800 while the batch keeps
  // an open dispute or an attestation), 37,722 rejecting; 26,403-28,743 reverted.
  resolve: { slash: 91_440n, reject: 42_522n, reverted: 27_500n },
  // Measured 60,260 paying out (52,673 with nothing to pay, 43,148-43,297 for an attested
  // batch); 23,656-28,506 reverted.
  finalize: { ok: 52_673n, payout: 7_587n, reverted: 26_500n },
  // Measured 125,422-131,045 for three entries without a slash, 158,593-181,204 with one,
  // 147,973 refunding three; 24,743-92,140 reverted.
  settleReplication: {
    ok: 34_000n,
    perEntry: 30_000n,
    perSlash: 34_000n,
    perRefund: 6_000n,
    reverted: 50_000n,
  },
  // Measured 190,306-225,326 (same fresh-slot terms as challenge); 29,070-60,760 reverted.
  openGame: { ok: 189_530n, reverted: 33_000n },
  // Measured 48,763-51,615, and 66,702-68,715 for a game's first reveal, over checkpoint proofs
  // of 2-4 steps; 24,587-36,005 reverted.
  reveal: { ok: 47_900n, perProofStep: 900n, reverted: 30_000n },
  // Measured 38,522-38,544 agreeing, 45,621-45,643 disagreeing; 23,979-26,655 reverted.
  respond: { agree: 38_534n, disagree: 45_631n, reverted: 25_500n },
  // Measured 78,020-99,804 when the host loses, 58,982 when it wins; 26,430-28,942 reverted.
  resolveGame: { hostLost: 87_500n, hostWon: 58_982n, reverted: 27_700n },
  // Measured 78,134 when the host loses, 59,244 when it wins; 23,778-26,491 reverted.
  timeoutGame: { hostLost: 82_934n, hostWon: 59_244n, reverted: 25_700n },
  // Measured 33,041 + the gas burned, +17,100 when the batch's flags slot was zero; 23,815-28,483 reverted.
  attest: { ok: 33_041n, reverted: 26_700n },
  removeVerifier: { ok: 28_000n, reverted: 24_000n },
  order: { ok: 30_000n, perHost: 8_000n, reverted: 25_000n },
  claim: { ok: 30_000n, reverted: 23_000n },
  requestEscrowWithdrawal: { ok: 30_000n, reverted: 24_000n },
  withdrawEscrow: { ok: 30_000n, reverted: 24_000n },
  expireDispute: { ok: 40_000n, reverted: 26_000n },
} as const
