import seedrandom from 'seedrandom'
import { type ErrorPlace, ScenarioFieldError } from '../errors/index.ts'
import { countSweepRuns } from './countSweepRuns.ts'
import { limits } from './limits.ts'
import { resolveFieldPath } from './resolveFieldPath.ts'
import { scenarioPlaces } from './scenarioPlaces.ts'
import type { Scenario, Sweep } from './schema.ts'

export type SweepPoint = {
  /** Position in the design: stable, so shards and resumed sweeps agree on it. */
  index: number
  /** Field values by dotted path. */
  params: Record<string, unknown>
}

type Range = [number, number] | { min: number; max: number; log: boolean; integer: boolean }

/**
 * The points of a scenario's sweep, in a fixed order: zipped rows in list order, each crossed
 * with the grid (its last field varying fastest); random points in sample order. A scenario without a sweep
 * is one point with no parameters. Every path must name a field of the schema, and the plan must
 * fit limits.maxRuns (counted before anything is expanded).
 */
export function expandSweep(scenario: Scenario, file: string): SweepPoint[] {
  const sweep = scenario.sweep
  if (!sweep || (!sweep.grid && !sweep.zip && !sweep.random)) return [{ index: 0, params: {} }]
  // The loader has checked all of this with its lines; a scenario built in code gets it here.
  const at = (keys: string[], key?: string): ErrorPlace =>
    scenarioPlaces.get(scenario)?.(keys, key) ?? { file }
  const designs = { grid: sweep.grid, zip: sweep.zip, random: sweep.random?.ranges }
  for (const [design, lists] of Object.entries(designs)) {
    if (!lists) continue
    const paths = Object.keys(lists)
    const where = { ...at(['sweep', design]), fieldPath: `sweep.${design}` }
    if (paths.length === 0) throw new ScenarioFieldError('names no field to vary', where)
    for (const path of paths) checkPath(path, where)
  }
  const runs = countSweepRuns(sweep)
  if (runs > limits.maxRuns)
    throw new ScenarioFieldError(`plans ${runs} runs, more than the ${limits.maxRuns} one plan may hold`, {
      ...at(['sweep']),
      fieldPath: 'sweep',
    })
  if (sweep.random) return random(sweep.random, at).map((params, index) => ({ index, params }))
  // The zipped rows are one axis, crossed with the grid (grid fields vary fastest).
  const rows = sweep.zip ? zip(sweep.zip, at) : [{}]
  const cells = sweep.grid ? grid(sweep.grid) : [{}]
  return rows
    .flatMap((row) => cells.map((cell) => ({ ...row, ...cell })))
    .map((params, index) => ({ index, params }))
}

function checkPath(path: string, where: ErrorPlace): void {
  if (path === 'sweep' || path.startsWith('sweep.'))
    throw new ScenarioFieldError('a sweep cannot vary itself', where)
  resolveFieldPath(path, where)
}

function grid(lists: Record<string, unknown[]>): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}]
  for (const [path, values] of Object.entries(lists)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v })))
  }
  return points
}

type At = (keys: string[], key?: string) => ErrorPlace

function zip(lists: Record<string, unknown[]>, at: At): Record<string, unknown>[] {
  const entries = Object.entries(lists)
  const length = entries[0]?.[1].length ?? 0
  for (const [path, values] of entries) {
    if (values.length !== length) {
      throw new ScenarioFieldError(`has ${values.length} values, the first list has ${length}`, {
        ...at(['sweep', 'zip'], path),
        fieldPath: `sweep.zip.${path}`,
        hint: 'zip pairs the lists element by element, so they must be equally long',
      })
    }
  }
  return Array.from({ length }, (_, i) =>
    Object.fromEntries(entries.map(([path, values]) => [path, values[i]])),
  )
}

/** Latin hypercube: each range is cut into `samples` strata and every stratum is used exactly once. */
function random(design: NonNullable<Sweep['random']>, at: At): Record<string, unknown>[] {
  const rng = seedrandom(`verisim/sweep/${design.seed}`)
  const n = design.samples
  const columns = Object.entries(design.ranges).map(([path, range]) => {
    const { min, max, log, integer } = normalize(range as Range, {
      ...at(['sweep', 'random', 'ranges'], path),
      fieldPath: `sweep.random.ranges.${path}`,
    })
    const strata = Array.from({ length: n }, (_, i) => i)
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1))
      ;[strata[i], strata[j]] = [strata[j] as number, strata[i] as number]
    }
    const values = strata.map((s) => {
      const u = (s + rng()) / n
      const v = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min)
      return integer ? Math.round(v) : v
    })
    return [path, values] as const
  })
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(columns.map(([path, values]) => [path, values[i]])),
  )
}

function normalize(range: Range, where: ErrorPlace) {
  const r = Array.isArray(range) ? { min: range[0], max: range[1], log: false, integer: false } : range
  if (!(r.max >= r.min)) throw new ScenarioFieldError(`max (${r.max}) is below min (${r.min})`, where)
  if (r.log && !(r.min > 0)) throw new ScenarioFieldError(`a log range needs min > 0, got ${r.min}`, where)
  return r
}
