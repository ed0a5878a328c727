/** A number a failing scenario can do with less of, and the least it may have. */
export type ShrinkAxis = { path: string; floor: number }

/**
 * `fails`: the reduced setting still shows the failure being shrunk; `passes`: it does not (or
 * shows a different one); `invalid`: the setting is not a valid scenario, so nothing ran.
 */
export type TrialOutcome = 'fails' | 'passes' | 'invalid'

export type Reduced = { values: Record<string, number>; trials: number }

/**
 * Greedy shrinking: halve each axis in turn (never below its floor), keep a halving whenever
 * `trial` says the smaller setting still fails, and stop after a round that keeps nothing or
 * once `budget` trials have run. A setting that is not valid (fewer hosts than a replication
 * needs, say) is never a reason to stop: the axis's floor rises above it and the smallest
 * larger value is tried instead, without spending the budget, since nothing ran.
 */
export async function reduceWhileFailing(
  start: Record<string, number>,
  axes: readonly ShrinkAxis[],
  trial: (values: Record<string, number>) => Promise<TrialOutcome>,
  budget: number,
): Promise<Reduced> {
  const values = { ...start }
  const floors = new Map(axes.map((a) => [a.path, a.floor]))
  let trials = 0
  let progress = true
  while (progress && trials < budget) {
    progress = false
    for (const { path } of axes) {
      if (trials >= budget) break
      for (;;) {
        const value = values[path] as number
        const next = Math.max(floors.get(path) as number, Math.floor(value / 2))
        if (!(next < value)) break
        const outcome = await trial({ ...values, [path]: next })
        if (outcome === 'invalid') {
          floors.set(path, next + 1)
          continue
        }
        trials++
        if (outcome === 'fails') {
          values[path] = next
          progress = true
        }
        break
      }
    }
  }
  return { values, trials }
}
