import seedrandom from 'seedrandom'

export type Tunable = {
  path: string
  min: number
  max: number
  steps: number
  monotone?: 'increasing' | 'decreasing' | undefined
  integer: boolean
  log: boolean
}

export type Evaluation = {
  params: Record<string, number>
  /** Every invariant held at this setting. */
  safe: boolean
  /** The objective's mean (lower is better, or higher when the tune maximizes); null when undefined. */
  objective: number | null
  /** The smallest invariant margin: how far from violation (negative when violated). */
  margin: number | null
}

export type SearchResult = {
  method: 'bisection' | 'random'
  best: Evaluation | null
  evaluated: Evaluation[]
  /** Settings no other beats on both objective (lower, or higher when maximizing) and margin (higher). */
  pareto: Evaluation[]
  /** The grid step of each parameter, so a result can be read as "within one step". */
  stepOf: Record<string, number>
}

/**
 * The grid a tunable may take: `steps` values from min to max, linear or logarithmic. An integer
 * tunable takes the whole numbers in the range (none when there are none). Other values are
 * rounded to a precision just finer than their distance to the neighbouring values, so a setting
 * reads 0.45, not 0.44999999999999996, and stays distinct from its neighbours; the ends are
 * exactly min and max as written.
 */
export function gridOf(t: Tunable): number[] {
  const lo = t.integer ? Math.ceil(t.min) : t.min
  const hi = t.integer ? Math.floor(t.max) : t.max
  if (hi < lo) return []
  const raw = Array.from({ length: t.steps }, (_, i) => {
    const u = t.steps === 1 ? 0 : i / (t.steps - 1)
    // The ends are exactly min and max, not what exp(log(x)) rounds them to.
    if (i === 0) return lo
    if (i === t.steps - 1) return hi
    return t.log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo)
  })
  const values = raw.map((v, i) => {
    if (t.integer) return Math.round(v)
    if (i === 0 || i === raw.length - 1) return v
    const gap = Math.min(Math.abs(v - (raw[i - 1] as number)), Math.abs((raw[i + 1] as number) - v))
    // Two digits finer than the gap: within 1% of a step of the exact value.
    const decimals = Math.min(15, Math.max(0, Math.ceil(-Math.log10(gap)) + 2))
    return Number(v.toFixed(decimals))
  })
  return [...new Set(values)]
}

/**
 * The cheapest safe setting of the tunables. With one tunable whose safety is monotone in it,
 * bisection finds the boundary of the safe region in ⌈log2 steps⌉ + 2 evaluations and that
 * boundary is the answer (moving further into the safe region only buys margin). Otherwise a
 * seeded Latin-hypercube search over the grids spends the budget and keeps the cheapest safe
 * setting. Both report every evaluation and the Pareto front of cost against margin.
 */
export async function searchTunables(
  tunables: Tunable[],
  options: { budget: number; seed: number; maximize?: boolean },
  evaluate: (params: Record<string, number>) => Promise<Evaluation>,
): Promise<SearchResult> {
  const maximize = options.maximize ?? false
  const evaluated: Evaluation[] = []
  const run = async (params: Record<string, number>) => {
    const e = await evaluate(params)
    evaluated.push(e)
    return e
  }
  const stepOf = Object.fromEntries(
    tunables.map((t) => {
      const grid = gridOf(t)
      const step = grid.length > 1 ? Math.abs((grid[1] as number) - (grid[0] as number)) : 0
      return [t.path, Number(step.toPrecision(12))]
    }),
  )
  const only = tunables[0]
  if (tunables.length === 1 && only?.monotone) {
    // Order the grid from least to most safe, then find the first safe value.
    const grid = only.monotone === 'increasing' ? gridOf(only) : gridOf(only).reverse()
    const at = (i: number) => run({ [only.path]: grid[i] as number })
    let best: Evaluation | null = null
    const last = await at(grid.length - 1)
    if (last.safe) {
      const first = await at(0)
      if (first.safe) best = first
      else {
        let lo = 0
        let hi = grid.length - 1
        best = last
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2)
          const e = await at(mid)
          if (e.safe) {
            hi = mid
            best = e
          } else lo = mid
        }
      }
    }
    return { method: 'bisection', best, evaluated, pareto: paretoFront(evaluated, maximize), stepOf }
  }

  const rng = seedrandom(`verisim/tune/${options.seed}`)
  const grids = tunables.map(gridOf)
  const n = options.budget
  const columns = grids.map((grid) => {
    const strata = Array.from({ length: n }, (_, i) => i)
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      ;[strata[i], strata[j]] = [strata[j] as number, strata[i] as number]
    }
    return strata.map(
      (s) => grid[Math.min(grid.length - 1, Math.floor(((s + rng()) / n) * grid.length))] as number,
    )
  })
  const seen = new Set<string>()
  for (let i = 0; i < n; i++) {
    const params = Object.fromEntries(tunables.map((t, k) => [t.path, (columns[k] as number[])[i] as number]))
    const key = JSON.stringify(params)
    if (seen.has(key)) continue
    seen.add(key)
    await run(params)
  }
  const safe = evaluated.filter((e) => e.safe && e.objective !== null)
  const cost = costOf(maximize)
  safe.sort((a, b) => cost(a) - cost(b))
  return {
    method: 'random',
    best: safe[0] ?? null,
    evaluated,
    pareto: paretoFront(evaluated, maximize),
    stepOf,
  }
}

/** What the search minimizes: the objective, or its negative when the tune maximizes it. */
const costOf = (maximize: boolean) => (e: Evaluation) =>
  maximize ? -(e.objective as number) : (e.objective as number)

/** Settings no other beats on both objective and margin, best objective first. */
export function paretoFront(evaluations: readonly Evaluation[], maximize = false): Evaluation[] {
  const cost = costOf(maximize)
  const usable = evaluations.filter((e) => e.objective !== null && e.margin !== null)
  return usable
    .filter(
      (e) =>
        !usable.some(
          (o) =>
            o !== e &&
            cost(o) <= cost(e) &&
            (o.margin as number) >= (e.margin as number) &&
            (cost(o) < cost(e) || (o.margin as number) > (e.margin as number)),
        ),
    )
    .sort((a, b) => cost(a) - cost(b))
}
