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
  // Measured 53,107 for a host's first request after a commit (the date shares a used slot),
  // +17,100 more when that slot was still empty; 21,565-26,100 reverted.
  requestUnstake: { ok: 36_000n, reverted: 24_000n },
  // Measured 36,418-40,722; 23,540-25,849 reverted.
  withdraw: { ok: 36_400n, reverted: 24_700n },
  // Measured 154,292-154,304 for one payer, +12,647 per further payer (each reads and lowers its
  // order), +34,200 for a host's first commit (two fresh slots: its last commit block and its
  // case/deadline slot), +17,100 for the protocol's first batch; 25,569-74,965 reverted.
  commit: { ok: 154_300n, perPayer: 12_650n, reverted: 31_000n },
  // Measured 188,125-222,315: +17,100 when the batch had no open dispute (its flags slot was
  // zero) and +17,100 for the protocol's first dispute; 27,999-37,729 reverted.
  challenge: { ok: 186_520n, reverted: 31_000n },
  // Measured 91,652 slashing with the challenger's credit slot in use (+17,100 when it was
  // empty, +17,100 for the first burn, +4,800 while the batch keeps an open dispute or an
  // attestation) in the scripted sequence, and 2,991 less on average over the 19 slashes of
  // cli/ledgers.test.ts's sampling run, which the figure follows; 83,186 rejecting into the
  // host's empty credit slot, with the same terms; 26,384-31,040 reverted.
  resolve: { slash: 93_461n, reject: 70_886n, reverted: 27_500n },
  // Measured 55,942 crediting a host whose credit slot was in use (+17,100 when empty), 38,830
  // for an attested batch with nothing to pay; 23,656-28,506 reverted.
  finalize: { ok: 52_673n, payout: 3_269n, reverted: 26_500n },
  // Measured 125,422-131,045 for three entries without a slash, 158,593-181,204 with one,
  // 147,973 refunding three; 24,743-92,140 reverted.
  settleReplication: {
    ok: 34_000n,
    perEntry: 30_000n,
    perSlash: 34_000n,
    perRefund: 6_000n,
    reverted: 50_000n,
  },
  // Measured 197,757-232,777 (same fresh-slot terms as challenge); 29,070-40,478 reverted.
  openGame: { ok: 196_975n, reverted: 33_000n },
  // Measured 48,763-51,615, and 66,702-68,715 for a game's first reveal, over checkpoint proofs
  // of 2-4 steps; 24,587-36,005 reverted.
  reveal: { ok: 47_900n, perProofStep: 900n, reverted: 30_000n },
  // Measured 38,522-38,544 agreeing, 45,621-45,643 disagreeing; 23,979-26,655 reverted.
  respond: { agree: 38_534n, disagree: 45_631n, reverted: 25_500n },
  // Measured 113,779-113,803 when the host loses (marking the leaf slashed fills its slot) with
  // the challenger's credit slot in use, 60,510 when it wins with the host's in use; +17,100
  // when the credited slot was empty, as for every credit below; 26,452-29,130 reverted.
  resolveGame: { hostLost: 113_800n, hostWon: 60_510n, reverted: 27_700n },
  // Measured 104,148-108,948 when the host loses, 60,479 when it wins, 48,269 voiding a game the
  // referee let run out, 59,720 (+17,100 into an empty credit slot: 76,820) when a host loses a
  // leaf already slashed, which only credits the bond back; 23,756-26,499 reverted.
  timeoutGame: {
    hostLost: 108_934n,
    hostWon: 60_100n,
    voided: 48_269n,
    alreadySlashed: 59_720n,
    reverted: 25_700n,
  },
  // Measured 33,041 + the gas burned, +17,100 when the batch's flags slot was zero; 23,815-28,483 reverted.
  attest: { ok: 33_041n, reverted: 26_700n },
  // Measured 23,517 (the slot is cleared); 24,160 reverted.
  removeVerifier: { ok: 23_517n, reverted: 24_160n },
  // Measured 32,531 for one host whose order slot was in use, +7,505 per further host, +17,100
  // per order slot filled for the first time (123,446 for four new ones); 23,000-51,367 reverted.
  order: { ok: 32_460n, perHost: 7_505n, reverted: 25_000n },
  // Measured 30,068 (the credit slot is cleared); 23,512 reverted.
  claim: { ok: 30_068n, reverted: 23_512n },
  // Measured 70,023 filling both empty slots of a request (35,823 rewriting them); 21,541-23,892 reverted.
  requestEscrowWithdrawal: { ok: 35_823n, reverted: 23_000n },
  // Measured 36,264; 23,517-25,826 reverted.
  withdrawEscrow: { ok: 36_264n, reverted: 24_000n },
  // Measured 55,863 with the verifier's credit slot in use, 68,163 with it empty; 23,757-28,425 reverted.
  expireDispute: { ok: 55_863n, freshCredit: 12_300n, reverted: 26_000n },
  // Measured on emissionScript.ts's 10 successful emits to 1, 10 and 100 hosts: 40,607 for one
  // host when nothing accrued (every write rewrites its value), 130,720 for ten; +2,800 for each
  // slot whose value changes (a host's non-zero credit, lastEmitAt in a later block, the reserve),
  // +17,100 more per credit slot filled for the first time, −4,800 when the reserve empties.
  // Fit error: within 8 gas for 1 and 10 hosts (44,215, 130,880 vs 130,724: 0.12 %, 318,220),
  // 0.07-0.19 % low for 100 hosts (2,858,344, 1,319,432, 1,036,632 measured), and 1,042 gas
  // (1.6 %) high for a first emit to one fresh host (65,065). 22,033-34,001 reverted.
  emit: { ok: 30_594n, perHost: 10_013n, rewrite: 2_800n, reverted: 30_000n },
  // Burn-and-mint's extra at finalize: 6,798 with totalBurned's slot in use (79,840 for a
  // finalize crediting a host with credit, +17,100 when it burned the protocol's first wei).
  feeBurn: 6_800n,
} as const
