import { Document, isMap, isScalar } from 'yaml'
import type { Scenario } from '../scenarios/index.ts'
import type { RecordTolerance } from './recordTolerance.ts'

/** Distinct measured tolerances a comment lists before it points at manifest.json for the rest. */
const LISTED = 20

/**
 * scenario.resolved.yaml (and what `verisim validate` prints): the scenario with every default
 * filled in. A `tolerance: auto` that measured one figure for every run is written as that
 * number, with the spread and margin it came from in a comment, so a run from this file compares
 * at exactly the same tolerance on any CPU instead of measuring again. Runs that measured
 * different figures (a sweep over the model or the hardware) keep `auto`, and the comment lists
 * the figure of each point. `runs` are the runs the file stands for, in any order.
 */
export function formatResolvedScenario(
  scenario: Scenario,
  runs: readonly ({ point: number } & Partial<RecordTolerance>)[],
): string {
  // A catalog replaces the one model: the default model the schema filled in is not written,
  // since a file with both is refused.
  const doc = new Document(scenario.catalog ? withoutModel(scenario) : scenario)
  const measured = runs.filter((r) => r.tolerance_auto).sort((a, b) => a.point - b.point)
  // A swept tolerance is the sweep's to say; its points' figures are in runs.csv.
  if (measured.length === 0 || sweepsTolerance(scenario)) return doc.toString()
  const root = doc.contents
  const pair = isMap(root)
    ? root.items.find((p) => isScalar(p.key) && p.key.value === 'tolerance')
    : undefined
  if (!pair || !isScalar(pair.key)) return doc.toString()
  // A catalog's decoders each measured their own figure, which one number cannot state: auto stays.
  const decoders = measured.find((r) => r.tolerance_auto?.catalog)?.tolerance_auto
  const perDecoder = decoders?.catalog
  if (perDecoder) {
    pair.value = doc.createNode('auto')
    if (isMap(root)) root.delete('generationTolerance')
    pair.key.commentBefore = [
      " tolerance: auto measured each catalog decoder's generation tolerance on this machine's CPU",
      ' (summary.json and runs/ record each); a run from this file measures again:',
      ...perDecoder.map(
        (d) =>
          `   ${d.name}: ${d.used}${d.floored ? ' (spread 0, floored)' : ` = spread ${d.measured_spread} × toleranceMargin ${decoders.margin}`}`,
      ),
    ].join('\n')
    return doc.toString()
  }
  const byFigure = new Map<number, { why: string; points: number[] }>()
  for (const r of measured) {
    const used = r.tolerance as number
    const entry = byFigure.get(used) ?? { why: derivation(r), points: [] }
    if (!entry.points.includes(r.point)) entry.points.push(r.point)
    byFigure.set(used, entry)
  }
  const [only] = [...byFigure.keys()]
  if (byFigure.size === 1 && only !== undefined) {
    pair.value = doc.createNode(only)
    const generation = measured[0]?.tolerance_auto?.generation
    pair.key.commentBefore = [
      " tolerance: auto, measured on this machine's CPU:",
      `   ${byFigure.get(only)?.why}`,
      ...(generation
        ? [
            ' On a decoder the figure is generationTolerance.maxValueDistance (below), which the',
            ' generation checks read; tolerance holds the same figure and a decoder never reads it.',
          ]
        : []),
      ' Written as the figure used, so a run from this file compares at exactly that tolerance on',
      ' any CPU; write auto to measure again.',
    ].join('\n')
    if (generation && isMap(root)) {
      const stated = {
        minOverlap: generation.min_overlap,
        maxValueDistance: only,
        tokenMargin: generation.token_margin,
      }
      // A shard's resolved file (what a merge reads) already states it: replaced, not repeated.
      const given = root.items.find((p) => isScalar(p.key) && p.key.value === 'generationTolerance')
      if (given) given.value = doc.createNode(stated)
      else {
        // Where the schema orders it (after toleranceMargin), as a file read back and written
        // again (a merge of shards) has it.
        const margin = root.items.findIndex((p) => isScalar(p.key) && p.key.value === 'toleranceMargin')
        const at = margin >= 0 ? margin : root.items.indexOf(pair)
        root.items.splice(at + 1, 0, doc.createPair('generationTolerance', stated))
      }
    }
    return doc.toString()
  }
  const figures = [...byFigure.entries()]
  pair.value = doc.createNode('auto')
  // auto sets a decoder's generationTolerance, which a shard's resolved file may have stated.
  if (measured.some((r) => r.tolerance_auto?.generation) && isMap(root)) root.delete('generationTolerance')
  pair.key.commentBefore = [
    " tolerance: auto measured a figure per point on this machine's CPU (manifest.json and runs.csv",
    ' record each); a run from this file measures again:',
    ...figures.slice(0, LISTED).map(([used, { why, points }]) => {
      const label = `point${points.length > 1 ? 's' : ''} ${points.join(', ')}`
      return `   ${label}: ${used} = ${why}`
    }),
    ...(figures.length > LISTED ? [`   and ${figures.length - LISTED} more`] : []),
  ].join('\n')
  return doc.toString()
}

function derivation(r: Partial<RecordTolerance>): string {
  const auto = r.tolerance_auto
  if (!auto) return ''
  return auto.floored
    ? `honest spread 0 (every hardware profile bit-identical), floor 1e-6 × toleranceMargin ${auto.margin}`
    : `honest spread ${auto.measured_spread} × toleranceMargin ${auto.margin}${auto.generation ? ` (honest least overlap ${auto.generation.honest_min_overlap}, largest token gap ${auto.generation.honest_max_token_gap})` : ''}`
}

function sweepsTolerance(scenario: Scenario): boolean {
  const sweep = scenario.sweep
  if (!sweep) return false
  return [sweep.grid, sweep.zip, sweep.random?.ranges].some((fields) => fields && 'tolerance' in fields)
}

function withoutModel(scenario: Scenario): Omit<Scenario, 'model'> {
  const { model: _model, ...rest } = scenario
  return rest
}
