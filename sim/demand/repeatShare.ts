import { InputError } from '../../errors/index.ts'

/**
 * Share of volume from repeat requesters: Σ volume of requesters active (volume > 0) in at least
 * k periods ÷ Σ all volume. `volumes` holds one row per requester, one column per period. Null
 * when there is no volume at all.
 */
export function repeatShare(volumes: readonly (readonly number[])[], k: number): number | null {
  if (!(Number.isInteger(k) && k >= 1))
    throw new InputError(`repeat share needs k, an integer >= 1 periods, got ${k}`, { hint: 'e.g. 3' })
  let total = 0
  let repeat = 0
  for (const row of volumes) {
    let sum = 0
    let active = 0
    for (const v of row) {
      sum += v
      if (v > 0) active++
    }
    total += sum
    if (active >= k) repeat += sum
  }
  return total > 0 ? repeat / total : null
}
