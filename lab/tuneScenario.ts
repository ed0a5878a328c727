import { readFileSync } from 'node:fs'
import { LineCounter, parseDocument } from 'yaml'
import { formatError, InputError, ScenarioFieldError } from '../errors/index.ts'
import {
  describeScenarioField,
  loadScenario,
  locateIssue,
  type Overrides,
  scenarioSchema,
} from '../scenarios/index.ts'
import { unavailableMetrics } from '../sim/index.ts'
import type { Runner } from './createRunner.ts'
import { evaluatePlan, parseInvariants } from './evaluatePlan.ts'
import { planScenario } from './planScenario.ts'
import { type Evaluation, gridOf, type SearchResult, searchTunables, type Tunable } from './searchTunables.ts'

export type TuneResult = SearchResult & {
  objective: string
  /** The search looked for the largest objective (tune.maximize), not the smallest. */
  maximize: boolean
  /** Runs behind the evaluated settings: each setting runs the scenario's replicates. */
  runs: number
  replicates: number
  /** The seeds the runs used (a setting's replicates derive their streams from its seed). */
  seeds: number[]
  /** What any run modeled rather than executed: a report must say so. */
  modeled: string[]
}

export type TuneScenarioOptions = {
  /** `--set` values, applied under every setting tried (tune.params win, but resolveSetFlags refuses overlaps). */
  overrides?: Overrides
  /** Called once the scenario and its ranges are known to be good, before the search runs anything. */
  ready?: () => void
  /** A tunable that takes whole numbers although its range did not say so: these values are searched. */
  onIntegerGrid?: (path: string, grid: readonly number[]) => void
  /** One setting evaluated; `objective` names the metric its `objective` value is the mean of. */
  onEvaluation?: (evaluation: Evaluation, objective: string) => void
}

/**
 * The cheapest setting of the scenario's tunable parameters (`tune:`, by its objective) at
 * which every invariant holds under the scenario's adversary, found by running the scenario
 * (with its replicates) at each setting tried, with every setting evaluated and the Pareto front
 * of cost against safety margin. No safe setting in the ranges is `best: null`, not an error.
 */
export async function tuneScenario(
  runner: Runner,
  file: string,
  options: TuneScenarioOptions = {},
): Promise<TuneResult> {
  const set = options.overrides ?? {}
  const { scenario } = loadScenario(file, set)
  const tune = scenario.tune
  if (!tune) throw new ScenarioFieldError('has no tune: block naming the parameters to tune', { file })
  if (!scenario.invariants || Object.keys(scenario.invariants).length === 0) {
    throw new ScenarioFieldError('has no invariants: block, so no setting can be judged safe', { file })
  }
  const lineOf = lineLocator(file)
  // Every problem of a tune.params entry points at its line, with the entry as the field.
  const fail = (path: string, reason: string, hint?: string) =>
    new ScenarioFieldError(reason, {
      file,
      line: lineOf(['tune', 'params', path]),
      fieldPath: `tune.params.${path}`,
      hint,
    })
  const tunables: Tunable[] = Object.entries(tune.params).map(([path, r]) => {
    // The schema says which fields take whole numbers, so a grid value like 2.5 for protocol.k is
    // never tried: it would fail validation in the middle of the search.
    const kind = describeScenarioField(scenarioSchema, path)
    if (kind === 'unknown')
      throw fail(
        path,
        `unknown field ${path}`,
        'name a numeric scenario field by its dotted path, e.g. protocol.p; `verisim schema` lists every field',
      )
    if (kind === 'other')
      throw fail(
        path,
        `${path} is not a number, so it has no range to search`,
        'tune numeric fields such as protocol.p, protocol.slashFraction or hosts.stake',
      )
    if (!(r.max > r.min)) throw fail(path, `max (${r.max}) must be above min (${r.min})`)
    if (r.log && !(r.min > 0)) throw fail(path, 'a log range needs min > 0')
    const tunable: Tunable = { path, ...r, integer: r.integer || kind === 'integer' }
    const grid = gridOf(tunable)
    if (grid.length === 0)
      throw fail(
        path,
        `${path} takes whole numbers and none lies between ${r.min} and ${r.max}`,
        'widen the range to include a whole number',
      )
    if (kind === 'integer' && !r.integer) options.onIntegerGrid?.(path, grid)
    return tunable
  })
  // The ends of every grid must be valid values of their field.
  for (const t of tunables) {
    const grid = gridOf(t)
    for (const value of new Set([grid[0] as number, grid.at(-1) as number])) {
      try {
        await planScenario(file, { overrides: { ...set, [t.path]: value, sweep: undefined } })
      } catch (error) {
        if (!(error instanceof InputError)) throw error
        throw fail(t.path, `${t.path} = ${value} is not a valid setting: ${unplaced(error)}`, error.hint)
      }
    }
  }
  // An objective the runs never give a value (a market metric without demand:) would leave every
  // setting without one: refused before anything runs, as an invariant on it is.
  const base = await planScenario(file, { overrides: { ...set, sweep: undefined } })
  const spec = base.runs[0]?.spec
  const missing = spec ? unavailableMetrics(spec).get(tune.objective) : undefined
  if (missing)
    throw new ScenarioFieldError(
      `metric '${tune.objective}' is not produced by this run: ${missing.reason}`,
      {
        file,
        line: lineOf(['tune', 'objective']),
        fieldPath: 'tune.objective',
        hint: missing.hint,
      },
    )
  options.ready?.()
  const replicates = scenario.sweep?.replicates ?? 1
  let runs = 0
  const seeds = new Set<number>()
  const modeled = new Set<string>()
  const result = await searchTunables(tunables, tune, async (params) => {
    let plan: Awaited<ReturnType<typeof planScenario>>
    let invariants: ReturnType<typeof parseInvariants>
    try {
      plan = await planScenario(file, { overrides: { ...set, ...params, sweep: { replicates } } })
      invariants = parseInvariants(file, plan)
    } catch (error) {
      // Cross-field rules (k ≤ hosts.count...) can reject a setting inside the ranges.
      if (!(error instanceof InputError)) throw error
      const hint = error.hint ?? 'narrow the ranges in tune.params'
      const setting = `tune setting ${JSON.stringify(params)} is not a valid scenario`
      // A problem located in this file keeps its place; one from elsewhere is quoted whole.
      if (error instanceof ScenarioFieldError && error.file === file)
        throw new ScenarioFieldError(`${setting}: ${error.reason}`, { ...error.place, hint })
      throw new ScenarioFieldError(`${setting}: ${unplaced(error)}`, { file, hint })
    }
    const verdicts = await evaluatePlan(runner, plan, invariants)
    runs += plan.runs.length
    for (const v of verdicts) {
      for (const seed of v.seeds) seeds.add(seed)
      for (const note of v.modeled) modeled.add(note)
    }
    const margins = verdicts.map((v) => v.margin)
    const evaluation: Evaluation = {
      params,
      safe: verdicts.every((v) => v.holds === true),
      objective: verdicts[0]?.metrics[tune.objective].mean ?? null,
      margin: margins.some((m) => m === null) ? null : Math.min(...(margins as number[])),
    }
    options.onEvaluation?.(evaluation, tune.objective)
    return evaluation
  })
  return {
    ...result,
    objective: tune.objective,
    maximize: tune.maximize,
    runs,
    replicates,
    seeds: [...seeds].sort((a, b) => a - b),
    modeled: [...modeled].sort(),
  }
}

/** The line of a field of the scenario (a tune.params entry, tune.objective), so errors about it can be jumped to. */
function lineLocator(file: string): (keys: string[]) => number {
  const lines = new LineCounter()
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines })
  return (keys) => locateIssue(doc, lines, keys)
}

/**
 * A scenario error quoted inside a tune error: its field and reason without the file's place,
 * which the tune error gives itself.
 */
function unplaced(error: InputError): string {
  const { origin, fieldPath } = error.place
  return formatError({ reason: error.reason, place: { origin, fieldPath } })
}
