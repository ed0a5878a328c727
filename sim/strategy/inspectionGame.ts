import { InputError } from '../../errors/index.ts'
import type { InspectionGame, InspectionTerms } from './types.ts'

/**
 * The 2×2 inspection game of one job and its mixed equilibrium in closed form.
 *
 * Host (f fee, g saving, P penalty): honest earns f whatever the verifier does; a cheat that is
 * not checked earns f + g; a cheat that is checked forfeits the fee and is slashed: g − P.
 * Verifier (c check cost, R reward): skipping earns 0; checking earns −c, plus R when the host
 * cheated.
 *
 * Verifier checks with q. The host is indifferent when
 *   f = (1 − q)(f + g) + q(g − P) = f + g − q(f + P)   ⇒   q* = g ÷ (f + P).
 * Host cheats with p. The verifier is indifferent when
 *   0 = p(R − c) + (1 − p)(−c) = pR − c                ⇒   p* = c ÷ R.
 * Both lie strictly inside (0, 1) exactly when g < f + P and c < R. Then there is no pure
 * equilibrium (if the verifier never checks the host cheats, if the host always cheats the
 * verifier checks, if the verifier always checks the host is honest, if the host is honest the
 * verifier skips), so (p*, q*) is the only equilibrium.
 */
export function inspectionGame(terms: InspectionTerms): InspectionGame {
  const { fee, saving, checkCost, penalty, reward } = terms
  for (const [name, value, least] of [
    ['fee', fee, 'zero or more'],
    ['penalty', penalty, 'zero or more'],
  ] as const)
    if (!(value >= 0 && Number.isFinite(value)))
      throw new InputError(`the inspection game's ${name} is ${value}; give ${least} tokens`)
  for (const [name, value] of [
    ['saving', saving],
    ['checkCost', checkCost],
    ['reward', reward],
  ] as const)
    if (!(value > 0 && Number.isFinite(value)))
      throw new InputError(`the inspection game's ${name} is ${value}; give a positive number of tokens`)
  if (!(saving < fee + penalty))
    throw new InputError(
      `the inspection game's saving ${saving} is not below fee + penalty = ${fee + penalty}, so cheating pays even when always checked; raise the penalty above ${saving - fee}`,
    )
  if (!(checkCost < reward))
    throw new InputError(
      `the inspection game's checkCost ${checkCost} is not below the reward ${reward}, so checking never pays; raise the reward above ${checkCost}`,
    )
  return {
    host: [
      [fee, fee],
      [fee + saving, saving - penalty],
    ],
    verifier: [
      [0, 0],
      [-checkCost, reward - checkCost],
    ],
    equilibrium: { cheat: checkCost / reward, check: saving / (fee + penalty) },
  }
}
