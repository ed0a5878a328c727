import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type SweepRecord, type SweepSummary, superIndividuals, writeRunFolder } from '../reports/index.ts'
import type { Scenario } from '../scenarios/index.ts'
import { buildManifest, buildTiming, type ManifestInput } from './buildManifest.ts'
import { nameSweepDesign } from './nameSweepDesign.ts'

export type FinishSweepInput = {
  out: string
  scenarioPath: string
  scenarioSha256: string
  scenario: Scenario
  records: SweepRecord[]
  calibration: ManifestInput['calibration']
  replicates: number
  workers: number
  started: number
  ledgers: ManifestInput['ledgers']
  overrides: ManifestInput['overrides']
  /** The runs' tolerances by point, when this process planned them (a merge of shards does not). */
  tolerance?: ManifestInput['tolerance']
}

/** Everything a sweep folder holds beyond its runs, built from the runs alone. */
export async function finishSweep(input: FinishSweepInput): Promise<SweepSummary> {
  const { out, scenario } = input
  const records = [...input.records].sort((a, b) => a.point - b.point || a.replicate - b.replicate)
  const sweep = scenario.sweep
  // A shard with no runs still names its columns, in the order expandSweep gives a point's params.
  const paths = records[0]
    ? Object.keys(records[0].params)
    : Object.keys(sweep?.random ? sweep.random.ranges : { ...sweep?.zip, ...sweep?.grid })
  const { summary } = await writeRunFolder({
    dir: out,
    scenario,
    records,
    paths,
    summary: { kind: 'sweep', design: nameSweepDesign(sweep), replicates: input.replicates },
    manifest: (traceSha256) =>
      buildManifest({
        scenario: input.scenarioPath,
        scenarioSha256: input.scenarioSha256,
        seeds: records.map((r) => ({ point: r.point, seed: r.seed, replicate: r.replicate })),
        calibration: input.calibration,
        modeled: [...new Set(records.flatMap((r) => r.modeled))].sort(),
        cachedInferences: records.reduce((sum, r) => sum + (r.counts.cached_inferences ?? 0), 0),
        traceSha256,
        ledgers: input.ledgers,
        overrides: input.overrides,
        demand: superIndividuals(records),
        ...(input.tolerance ? { tolerance: input.tolerance } : {}),
      }),
    timing: buildTiming({
      workers: input.workers,
      started: input.started,
      finished: Date.now(),
      runs: records.map((r) => {
        const id = `${r.point}-${r.replicate}`
        return {
          run: id,
          wall_seconds: readWallSeconds(join(out, 'timing', `${id}.json`)),
          virtual_seconds: r.elapsed,
        }
      }),
    }),
  })
  return summary
}

/** A run's wall seconds from its timing file; null for a run whose file is gone. */
function readWallSeconds(path: string): number | null {
  if (!existsSync(path)) return null
  return (JSON.parse(readFileSync(path, 'utf8')) as { wall_seconds: number }).wall_seconds
}
