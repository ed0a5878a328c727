import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import type { LedgerChoice } from '../contracts/index.ts'
import { createRunner, planScenario, versions } from '../lab/index.ts'
import { readPlotly, renderReportHtml, writeFileAtomic } from '../reports/index.ts'
import { loadScenario, locateIssue, type Overrides, scenarioSchema } from '../scenarios/index.ts'
import { InputError } from '../sim/index.ts'
import { describeScenarioField } from './describeScenarioField.ts'
import { evaluatePlan, parseInvariants } from './evaluatePlan.ts'
import { formatParetoTable } from './formatParetoTable.ts'
import { ledgerChoice } from './ledgerChoice.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { prepareOutputFile } from './prepareOutputFile.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'
import { type Evaluation, gridOf, type SearchResult, searchTunables, type Tunable } from './searchTunables.ts'

/**
 * `verisim tune FILE`: the cheapest setting of the scenario's tunable parameters (by its
 * objective) at which every invariant holds under the scenario's adversary. Writes tune.json
 * and a report with the Pareto front of cost against safety margin.
 */
export async function tuneCommand(args: CliArgs): Promise<number> {
  const file = args.positionals[0]
  if (!file || args.positionals.length > 1)
    throw new InputError('`verisim tune` takes exactly one scenario file')
  const overrides = resolveSetFlags(file, args.set, 'tune')
  const { scenario } = loadScenario(file, overrides)
  const out = args.out ?? join('runs', `${scenario.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-tune`)
  const result = await tuneScenario(file, {
    overrides,
    workers: args.workers ?? availableParallelism(),
    parallel: args.parallel ?? availableParallelism(),
    ledger: ledgerChoice(args),
    // Made once the scenario is known to be good and before the search, so a path that cannot be
    // written fails in a second, not after the search.
    ready: () => prepareOutputFile(join(out, 'tune.json'), '--out'),
    ...(args.quiet ? {} : { log: (line: string) => process.stderr.write(`${line}\n`) }),
  })
  writeFileAtomic(
    join(out, 'tune.json'),
    `${JSON.stringify({ scenario: scenario.name, overrides, ...result }, null, 2)}\n`,
  )
  writeFileAtomic(join(out, 'report.html'), tuneReport(scenario.name, result))
  if (!args.quiet) process.stdout.write(`${formatTuneTable(result)}\nresults: ${out}\n`)
  return result.best ? 0 : 1
}

export type TuneResult = SearchResult & {
  objective: string
  /** Runs behind the evaluated settings: each setting runs the scenario's replicates. */
  runs: number
  replicates: number
  /** The seeds the runs used (a setting's replicates derive their streams from its seed). */
  seeds: number[]
  /** What any run modeled rather than executed: a report must say so. */
  modeled: string[]
}

/** Evaluate settings of the tunables by running the scenario (with its replicates) at each. */
export async function tuneScenario(
  file: string,
  options: {
    workers: number
    parallel: number
    ledger?: LedgerChoice
    /** `--set` values, applied under every setting tried (tune.params win, but resolveSetFlags refuses overlaps). */
    overrides?: Overrides
    log?: (line: string) => void
    ready?: () => void
  },
): Promise<TuneResult> {
  const set = options.overrides ?? {}
  const { scenario } = loadScenario(file, set)
  const tune = scenario.tune
  if (!tune) throw new InputError(`${file}: has no tune: block naming the parameters to tune`)
  if (!scenario.invariants || Object.keys(scenario.invariants).length === 0) {
    throw new InputError(`${file}: has no invariants: block, so no setting can be judged safe`)
  }
  const at = paramLocator(file)
  const tunables: Tunable[] = Object.entries(tune.params).map(([path, r]) => {
    const where = `${at(path)}: tune.params.${path}`
    // The schema says which fields take whole numbers, so a grid value like 2.5 for protocol.k is
    // never tried: it would fail validation in the middle of the search.
    const kind = describeScenarioField(scenarioSchema, path)
    if (kind === 'unknown')
      throw new InputError(`${where}: unknown field ${path}`, {
        hint: 'name a numeric scenario field by its dotted path, e.g. protocol.p; `verisim schema` lists every field',
      })
    if (kind === 'other')
      throw new InputError(`${where}: ${path} is not a number, so it has no range to search`, {
        hint: 'tune numeric fields such as protocol.p, protocol.slashFraction or hosts.stake',
      })
    if (!(r.max > r.min)) throw new InputError(`${where}: max (${r.max}) must be above min (${r.min})`)
    if (r.log && !(r.min > 0)) throw new InputError(`${where}: a log range needs min > 0`)
    const tunable: Tunable = { path, ...r, integer: r.integer || kind === 'integer' }
    const grid = gridOf(tunable)
    if (grid.length === 0)
      throw new InputError(
        `${where}: ${path} takes whole numbers and none lies between ${r.min} and ${r.max}`,
        {
          hint: 'widen the range to include a whole number',
        },
      )
    if (kind === 'integer' && !r.integer)
      options.log?.(`tune: ${path} takes whole numbers; searching ${grid.join(', ')}`)
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
        throw new InputError(
          `${at(t.path)}: tune.params.${t.path}: ${t.path} = ${value} is not a valid setting: ${withoutFile(error.shortMessage, file)}`,
          error.hint ? { hint: error.hint } : {},
        )
      }
    }
  }
  options.ready?.()
  const replicates = scenario.sweep?.replicates ?? 1
  let runs = 0
  const seeds = new Set<number>()
  const modeled = new Set<string>()
  const runner = createRunner({
    workers: options.workers,
    parallel: options.parallel,
    ...(options.ledger ? { ledger: options.ledger } : {}),
  })
  const removeInterrupt = onInterrupt(() => runner.close())
  try {
    const result = await searchTunables(tunables, tune, async (params) => {
      let plan: Awaited<ReturnType<typeof planScenario>>
      let invariants: ReturnType<typeof parseInvariants>
      try {
        plan = await planScenario(file, { overrides: { ...set, ...params, sweep: { replicates } } })
        invariants = parseInvariants(file, plan)
      } catch (error) {
        // Cross-field rules (k ≤ hosts.count...) can reject a setting inside the ranges.
        if (!(error instanceof InputError)) throw error
        throw new InputError(
          `${file}: tune setting ${JSON.stringify(params)} is not a valid scenario: ${withoutFile(error.shortMessage, file)}`,
          { hint: error.hint ?? 'narrow the ranges in tune.params' },
        )
      }
      const verdicts = await evaluatePlan(runner, plan, invariants)
      runs += plan.runs.length
      for (const v of verdicts) {
        for (const seed of v.seeds) seeds.add(seed)
        for (const note of v.modeled) modeled.add(note)
      }
      const objective = verdicts[0]?.metrics[tune.objective].mean ?? null
      const margins = verdicts.map((v) => v.margin)
      const evaluation: Evaluation = {
        params,
        safe: verdicts.every((v) => v.holds === true),
        objective,
        margin: margins.some((m) => m === null) ? null : Math.min(...(margins as number[])),
      }
      options.log?.(
        `tune: ${JSON.stringify(params)} ${evaluation.safe ? 'safe' : 'unsafe'}, ${tune.objective} ${formatNumber(objective)}`,
      )
      return evaluation
    })
    return {
      ...result,
      objective: tune.objective,
      runs,
      replicates,
      seeds: [...seeds].sort((a, b) => a - b),
      modeled: [...modeled].sort(),
    }
  } finally {
    removeInterrupt()
    await runner.close()
  }
}

/** `file:line` of a tune.params entry, so errors about it can be jumped to. */
function paramLocator(file: string): (path: string) => string {
  const lines = new LineCounter()
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines })
  return (path) => `${file}:${locateIssue(doc, lines, ['tune', 'params', path])}`
}

/** A scenario error's message without its leading `file:line:`, for quoting inside another. */
function withoutFile(message: string, file: string): string {
  if (!message.startsWith(`${file}:`)) return message
  return message.slice(file.length + 1).replace(/^(\d+:)*\s*/, '')
}

/** Four significant digits: enough to compare settings, short enough for a table. */
function formatNumber(v: number | null): string {
  return v === null ? 'n/a' : Number(v.toPrecision(4)).toString()
}

export function formatTuneTable(result: TuneResult): string {
  const fmt = formatNumber
  const rows = result.evaluated.map((e) => {
    const best = e === result.best ? ' <- best' : result.pareto.includes(e) ? ' (pareto)' : ''
    return `${JSON.stringify(e.params).padEnd(40)} ${(e.safe ? 'safe' : 'unsafe').padEnd(7)} ${fmt(e.objective).padEnd(12)} ${fmt(e.margin)}${best}`
  })
  const header = `${'params'.padEnd(40)} ${'verdict'.padEnd(7)} ${result.objective.slice(0, 12).padEnd(12)} margin`
  return [header, ...rows, settingsLine(result), bestLine(result)].join('\n')
}

function settingsLine(result: TuneResult): string {
  const n = result.evaluated.length
  return `${n} setting${n === 1 ? '' : 's'} evaluated by ${result.method}, ${result.runs} run${result.runs === 1 ? '' : 's'} (${result.replicates} per setting)`
}

function bestLine(result: TuneResult): string {
  const fmt = formatNumber
  return result.best
    ? `best (${result.method}): ${JSON.stringify(result.best.params)}, ${result.objective} ${fmt(result.best.objective)}, safety margin ${fmt(result.best.margin)}`
    : 'no setting in the ranges keeps every invariant'
}

function tuneReport(name: string, result: TuneResult): string {
  const point = (e: Evaluation) => ({ x: e.objective, y: e.margin, text: JSON.stringify(e.params) })
  const all = result.evaluated.map(point)
  const front = result.pareto.map(point)
  const figures = [
    {
      id: 'pareto',
      title: `Safety margin against ${result.objective} (Pareto front highlighted)`,
      data: [
        {
          type: 'scatter',
          mode: 'markers',
          name: 'evaluated',
          x: all.map((p) => p.x),
          y: all.map((p) => p.y),
          text: all.map((p) => p.text),
        },
        {
          type: 'scatter',
          mode: 'lines+markers',
          name: 'Pareto front',
          x: front.map((p) => p.x),
          y: front.map((p) => p.y),
          text: front.map((p) => p.text),
        },
      ],
      layout: {
        xaxis: { title: { text: result.objective } },
        yaxis: { title: { text: 'smallest invariant margin' } },
      },
    },
  ]
  return renderReportHtml(
    {
      scenario: `${name} (tune)`,
      description: `${settingsLine(result)}. ${bestLine(result)}`,
      seeds: `${result.seeds.join(', ')} (${result.replicates} replicate${result.replicates === 1 ? '' : 's'} per setting)`,
      versions: versions(),
      modeled: result.modeled,
      // The header counts runs; the description counts settings.
      runs: result.runs,
    },
    figures,
    readPlotly(),
    [formatParetoTable(result)],
  )
}
