import { InputError } from '../../errors/index.ts'

/**
 * Share of the network's volume that comes from production requesters (the production segment
 * and requesters converted into it). Null when the network served nothing.
 */
export function productionShare(productionVolume: number, totalVolume: number): number | null {
  if (!(productionVolume >= 0 && totalVolume >= productionVolume && Number.isFinite(totalVolume)))
    throw new InputError(
      `production volume must lie in [0, total volume], got ${productionVolume} of ${totalVolume}`,
      { hint: 'count production requests among all requests the network served' },
    )
  return totalVolume > 0 ? productionVolume / totalVolume : null
}
