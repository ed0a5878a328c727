import type { ExpectedTerms, Offer, Segment, UtilityTerms } from './types.ts'

/**
 * A requester's utility for one provider:
 *
 *   U = −(β_price·price + β_latency·p95 + β_failure·failedShare + β_fraud·fraudLoss)
 *       + verifiableValue·[offer is verifiable] − switchingCost·[a current provider exists and this is not it]
 *
 * with the price from the offer and the rest from what the requester expects of that provider
 * (expectedTerms). A requester with no current provider (a new arrival) pays no switching cost.
 * The terms come back one by one so a report can say why a segment chose what it chose.
 */
export function providerUtility(
  segment: Segment,
  offer: Offer,
  expected: ExpectedTerms,
  currentProvider: string | null,
): UtilityTerms {
  const { weights } = segment
  const terms = {
    price: -weights.price * offer.price,
    latency: -weights.latency * expected.p95Latency,
    failure: -weights.failure * expected.failedShare,
    fraud: -weights.fraud * expected.fraudLoss,
    verifiable: offer.verifiable ? segment.verifiableValue : 0,
    switching: currentProvider !== null && currentProvider !== offer.provider ? -segment.switchingCost : 0,
  }
  const total = terms.price + terms.latency + terms.failure + terms.fraud + terms.verifiable + terms.switching
  return { ...terms, total }
}
