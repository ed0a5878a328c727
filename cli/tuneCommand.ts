import { mkdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { readPlotly, renderReportHtml, writeFileAtomic } from '../reports/index.ts'
import { loadScenario } from '../scenarios/index.ts'
import { InputError } from '../sim/errors.ts'
import { versions } from './buildManifest.ts'
import { createRunner } from './createRunner.ts'
import { evaluatePlan, parseInvariants } from './evaluatePlan.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { planScenario } from './planScenario.ts'
import { type Evaluation, type SearchResult, searchTunables, type Tunable } from './searchTunables.ts'

/**
 * `verisim tune FILE`: the cheapest setting of the scenario's tunable parameters (by its
 * objective) at which every invariant holds under the scenario's adversary. Writes tune.json
 * and a report with the Pareto front of cost against safety margin.
 */
export async function tuneCommand(args: CliArgs): Promise<number> {
  const file = args.positionals[0]
  if (!file || args.positionals.length > 1)
    throw new InputError('`verisim tune` takes exactly one scenario file')
  const result = await tuneScenario(file, {
    workers: args.workers ?? availableParallelism(),
    parallel: args.parallel ?? availableParallelism(),
    ...(args.quiet ? {} : { log: (line: string) => process.stderr.write(`${line}\n`) }),
  })
  const { scenario } = loadScenario(file)
  const out = args.out ?? join('runs', `${scenario.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-tune`)
  mkdirSync(out, { recursive: true })
  writeFileAtomic(
    join(out, 'tune.json'),
    `${JSON.stringify({ scenario: scenario.name, ...result }, null, 2)}\n`,
  )
  writeFileAtomic(join(out, 'report.html'), tuneReport(scenario.name, result))
  if (!args.quiet) process.stdout.write(`${formatTuneTable(result)}\nresults: ${out}\n`)
  return result.best ? 0 : 1
}

export type TuneResult = SearchResult & { objective: string }

/** Evaluate settings of the tunables by running the scenario (with its replicates) at each. */
export async function tuneScenario(
  file: string,
  options: { workers: number; parallel: number; log?: (line: string) => void },
): Promise<TuneResult> {
  const { scenario } = loadScenario(file)
  const tune = scenario.tune
  if (!tune) throw new InputError(`${file}: has no tune: block naming the parameters to tune`)
  if (!scenario.invariants || Object.keys(scenario.invariants).length === 0) {
    throw new InputError(`${file}: has no invariants: block, so no setting can be judged safe`)
  }
  const tunables: Tunable[] = Object.entries(tune.params).map(([path, r]) => {
    if (!(r.max > r.min))
      throw new InputError(`${file}: tune.params.${path}: max (${r.max}) must be above min (${r.min})`)
    if (r.log && !(r.min > 0)) throw new InputError(`${file}: tune.params.${path}: a log range needs min > 0`)
    return { path, ...r }
  })
  // Every tunable must name a field, and the ends of every range must be valid values.
  for (const t of tunables) {
    for (const value of [t.min, t.max])
      await planScenario(file, { overrides: { [t.path]: value, sweep: undefined } })
  }
  const runner = createRunner({ workers: options.workers, parallel: options.parallel })
  const removeInterrupt = onInterrupt(() => runner.close())
  try {
    const result = await searchTunables(tunables, tune, async (params) => {
      const plan = await planScenario(file, {
        overrides: { ...params, sweep: { replicates: scenario.sweep?.replicates ?? 1 } },
      })
      const verdicts = await evaluatePlan(runner, plan, parseInvariants(file, plan))
      const objective = verdicts[0]?.metrics[tune.objective].mean ?? null
      const margins = verdicts.map((v) => v.margin)
      const evaluation: Evaluation = {
        params,
        safe: verdicts.every((v) => v.holds === true),
        objective,
        margin: margins.some((m) => m === null) ? null : Math.min(...(margins as number[])),
      }
      options.log?.(
        `tune: ${JSON.stringify(params)} ${evaluation.safe ? 'safe' : 'unsafe'}, ${tune.objective} ${objective}`,
      )
      return evaluation
    })
    return { ...result, objective: tune.objective }
  } finally {
    removeInterrupt()
    await runner.close()
  }
}

export function formatTuneTable(result: TuneResult): string {
  const fmt = (v: number | null) => (v === null ? 'n/a' : Number(v.toPrecision(4)).toString())
  const rows = result.evaluated.map((e) => {
    const best = e === result.best ? ' <- best' : result.pareto.includes(e) ? ' (pareto)' : ''
    return `${JSON.stringify(e.params).padEnd(40)} ${(e.safe ? 'safe' : 'unsafe').padEnd(7)} ${fmt(e.objective).padEnd(12)} ${fmt(e.margin)}${best}`
  })
  const header = `${'params'.padEnd(40)} ${'verdict'.padEnd(7)} ${result.objective.slice(0, 12).padEnd(12)} margin`
  const bestLine = result.best
    ? `best (${result.method}): ${JSON.stringify(result.best.params)}, ${result.objective} ${fmt(result.best.objective)}, safety margin ${fmt(result.best.margin)}`
    : 'no setting in the ranges keeps every invariant'
  return [header, ...rows, bestLine].join('\n')
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
      description: formatTuneTable(result).split('\n').at(-1) ?? '',
      seeds: 'as the scenario',
      versions: versions(),
      modeled: [],
      runs: result.evaluated.length,
    },
    figures,
    readPlotly(),
  )
}
