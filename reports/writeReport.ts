import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../errors/index.ts'
import { parseScenario } from '../scenarios/index.ts'
import { summarizeFeeDraw } from '../sim/index.ts'
import { buildAnswer } from './buildAnswer.ts'
import { buildFigures } from './buildFigures.ts'
import { curveInputOfRuns } from './curveInputOfRuns.ts'
import type { ManifestTolerance } from './manifestTolerance.ts'
import { readPeriods } from './readPeriods.ts'
import { readPlotly } from './readPlotly.ts'
import { readRecord } from './readRecord.ts'
import { readSweepAdoption } from './readSweepAdoption.ts'
import { readTimeline } from './readTimeline.ts'
import { renderReportHtml } from './renderReportHtml.ts'
import { writeFileAtomic } from './writeFileAtomic.ts'

/**
 * Build report.html in an output folder from what the folder holds: its runs, manifest and
 * scenario. A folder without runs (an empty shard) gets a page that says so.
 */
export function writeReport(dir: string): string {
  const need = (name: string) => {
    const path = join(dir, name)
    if (!existsSync(path)) throw new InputError(`${dir} is not a verisim output folder: it has no ${name}`)
    return path
  }
  const runsDir = need('runs')
  const scenarioPath = need('scenario.resolved.yaml')
  const manifest = JSON.parse(readFileSync(need('manifest.json'), 'utf8')) as {
    versions: Record<string, string>
    modeled: string[]
    seeds: { seed: number }[]
    tolerance?: ManifestTolerance[]
  }
  const scenarioText = readFileSync(scenarioPath, 'utf8')
  const scenario = parseScenario(scenarioText, scenarioPath)
  const records = readdirSync(runsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => readRecord(join(runsDir, f)))
    .sort((a, b) => a.point - b.point || a.replicate - b.replicate)
  // A shard that got no points (more shards than points) holds no runs: its page says so.
  // One point's trace is one run or a few, but a long market's run is millions of lines: the
  // timeline reads it in chunks and keeps only what it draws.
  const trace = join(dir, 'trace.ndjson')
  const onePoint = records.length > 0 && records.every((r) => r.point === records[0]?.point)
  const timeline = onePoint && existsSync(trace) ? readTimeline(trace) : undefined
  // A market run's periods, for the market section: like the timeline, one point's first run.
  const first = records[0]
  const periodsFile = first
    ? [join(dir, 'periods', `${first.point}-${first.replicate}.ndjson`), join(dir, 'periods.ndjson')].find(
        existsSync,
      )
    : undefined
  const retentionPeriod = (scenario as { demand?: { retentionPeriod?: unknown } }).demand?.retentionPeriod
  const offers = (scenario.demand?.offers ?? []).map((o) => o.name)
  const market =
    onePoint && periodsFile
      ? {
          periods: readPeriods(periodsFile),
          ...(typeof retentionPeriod === 'number' ? { retentionPeriod } : {}),
          ...(offers.length > 0 ? { offers } : {}),
        }
      : undefined
  // A sweep's points each have periods: one adoption line per point, not the per-period section.
  const sweepAdoption = !onePoint && existsSync(join(dir, 'periods')) ? readSweepAdoption(dir, records) : []
  const modeledInput = curveInputOfRuns(scenarioText, scenarioPath, records)
  const input = {
    records,
    ...(modeledInput ?? {}),
    ...(timeline ? { timeline } : {}),
    ...(market ? { market } : {}),
    ...(sweepAdoption.length > 0 ? { sweepAdoption } : {}),
    base: {
      mode: scenario.protocol.mode,
      // A fee distribution: its mean, as RunSpec requesters.fee.
      fee: summarizeFeeDraw(scenario.requesters.fee).mean,
      stake: scenario.hosts.stake,
      slashFraction: scenario.protocol.slashFraction,
      slashRule: scenario.protocol.slashRule,
      slashAmount: scenario.protocol.slashAmount,
      feeDrawn: typeof scenario.requesters.fee !== 'number',
      variant: scenario.hosts.variant,
    },
  }
  const figures = records.length === 0 ? [] : buildFigures(input)
  const seeds = [...new Set(manifest.seeds.map((s) => s.seed))].join(', ')
  const replicates = records.length ? Math.max(...records.map((r) => r.replicate)) + 1 : 0
  const html = renderReportHtml(
    {
      scenario: scenario.name,
      description: scenario.description,
      seeds: records.length ? `${seeds} (replicates ${replicates})` : 'none',
      versions: manifest.versions,
      modeled: manifest.modeled,
      runs: records.length,
      ...(manifest.tolerance
        ? { tolerance: manifest.tolerance.map((t) => describeAutoTolerance(t, !onePoint)) }
        : {}),
      wallTime: existsSync(join(dir, 'timing.json')),
      answer: records.length ? buildAnswer(input) : [],
      runInfo: Object.fromEntries(
        records.map((r) => [`${r.point}-${r.replicate}`, { mode: r.mode, flops: r.model.flops.honest ?? 0 }]),
      ),
    },
    figures,
    figures.length
      ? readPlotly(figures.flatMap((f) => (f.data as { type?: string }[]).map((t) => t.type ?? 'scatter')))
      : '',
  )
  const path = join(dir, 'report.html')
  writeFileAtomic(path, html)
  // What the page's wall-time plot reads (a page loads a sibling script even from file://).
  const timing = join(dir, 'timing.json')
  if (existsSync(timing)) {
    writeFileAtomic(
      join(dir, 'timing.js'),
      `window.verisimTiming = ${readFileSync(timing, 'utf8').trim()};\n`,
    )
  }
  return path
}

/** One sentence per measured tolerance: the spread measured beside the tolerance it gave. */
function describeAutoTolerance(t: ManifestTolerance, byPoint: boolean): string {
  const g = (value: number) => Number(value.toPrecision(3)).toString()
  const gen = t.generation
  const what = gen ? 'generation maxValueDistance ' : ''
  const beside = gen
    ? ` Honest least top-k overlap ${g(gen.honest_min_overlap)} (minOverlap ${g(gen.min_overlap)} kept), largest token gap ${g(gen.honest_max_token_gap)} (tokenMargin ${g(gen.token_margin)} kept).`
    : ''
  // A catalog's decoders each measured their own; the figure above is the first's.
  const decoders = t.catalog
    ? ` Per catalog decoder: ${t.catalog.map((d) => `${d.name} ${g(d.used)}`).join(', ')}.`
    : ''
  return `Tolerance auto${byPoint ? ` (point${t.points.length > 1 ? 's' : ''} ${t.points.join(', ')})` : ''}: ${what}${g(t.used)} used = ${t.floored ? 'floor 1e-6, the hardware profiles being bit-identical,' : `measured honest spread ${g(t.measured_spread)}`} × margin ${g(t.margin)}.${beside}${decoders}`
}
