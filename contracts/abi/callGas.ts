/**
 * Gas limits per call, set explicitly because estimating each transaction would cost a round
 * trip and fail for the ones meant to revert. Measured costs stay far below (see the tests);
 * gas price is 0, so a generous limit costs nothing. Commits grow with their payers, proofs with
 * their length, a replication settlement with its entries, an attestation with the gas it burns, an emission with
 * its hosts.
 */
export const callGas = {
  base: 500_000n,
  perPayer: 40_000n,
  perProofStep: 5_000n,
  perEntry: 150_000n,
  perEmitHost: 40_000n,
} as const
