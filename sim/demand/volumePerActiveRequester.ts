/**
 * One period's volume ÷ the requesters active in it (volume > 0), from each requester's volume
 * in that period. Null when nobody was active.
 */
export function volumePerActiveRequester(volumes: readonly number[]): number | null {
  let total = 0
  let active = 0
  for (const v of volumes)
    if (v > 0) {
      total += v
      active++
    }
  return active > 0 ? total / active : null
}
