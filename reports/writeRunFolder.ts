import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import type { Scenario } from '../scenarios/index.ts'
import type { RunResult, RunSpec, StrategyRow, ValueRow } from '../sim/index.ts'
import { aggregatePoints, type PointSummary, type RunRecord } from './aggregatePoints.ts'
import { buildSummary, type Summary } from './buildSummary.ts'
import { commitFile } from './commitFile.ts'
import { formatResolvedScenario } from './formatResolvedScenario.ts'
import { formatRunsCsv } from './formatRunsCsv.ts'
import { formatStrategiesCsv } from './formatStrategiesCsv.ts'
import { formatSummaryCsv } from './formatSummaryCsv.ts'
import { makeFolder } from './makeFolder.ts'
import type { RecordTolerance } from './recordTolerance.ts'
import { superIndividuals } from './superIndividuals.ts'
import { writeFileAtomic } from './writeFileAtomic.ts'
import { writeReport } from './writeReport.ts'

export type SweepRecord = RunRecord & {
  mode: string
  /** The tolerance the run compared at (recordTolerance); absent from runs written before it was recorded. */
  tolerance?: number
  /** `tolerance: auto` only: the measured spread and margin behind `tolerance`. */
  tolerance_auto?: RecordTolerance['tolerance_auto']
  cost_per_flop: number
  model: {
    hash: string
    layers: number
    flops: Record<string, number>
    /** Elements of the honest model's weights; absent from runs written before it was recorded. */
    parameters?: number
  }
  gas_by_call: Record<string, { calls: number; gas: number }>
  adoption: { t: number; share: number | null }[]
  /** Finality latencies over fixed log-spaced bins (edges in virtual seconds) shared by every run. */
  finality_latency: { edges: number[]; counts: number[] }
  trace_sha256: string
  elapsed: number
  modeled: string[]
  /**
   * Decoder runs only: the machine profile and decoder the costs are priced for, the priced
   * decoder's parameters, and whether that size is modeled rather than the decoder that ran.
   */
  generation?: { hardware: string; decoder: string; decoderParams: number; modeled: boolean }
  /**
   * Demand-market runs only: the super-individual weight (each simulated requester and request
   * stands for `weight` real ones), the period of the per-period rows in virtual seconds, and the
   * sha256 of the run's periods.ndjson (null where none was written).
   */
  market?: { weight: number; period: number; periods_sha256: string | null }
  /**
   * Runs with rational hosts or verifiers only: their mean cheat and check probabilities over
   * virtual time, and the configured game's equilibrium (or why it has none in closed form).
   */
  strategies?: {
    rows: StrategyRow[]
    /** q*: the check probability below which cheating pays (sim/strategy/equilibriumOf). */
    threshold: number | null
    equilibrium: { cheat: number; check: number } | null
    /** Why equilibrium (or threshold) has no closed form. */
    reason?: string
  }
  /** Runs with a fee draw only: the books by job value (RunResult.valueTable). */
  value_table?: ValueRow[]
}

/** A sweep's summary.json: each point's metrics as mean and 95% CI over its replicates. */
export type SweepSummary = {
  scenario: string
  design: string
  replicates: number
  runs: number
  modeled: string[]
  points: Omit<PointSummary, 'point'>[]
  trace_sha256: string
  /** Demand-market sweeps only: the runs' super-individual weights and periods (superIndividuals). */
  demand?: { weight: number; period: number }[]
}

export type RunFolderInput = {
  /** The folder the files go in: the output folder itself (a sweep, resumable) or its staging folder. */
  dir: string
  scenario: Scenario
  /** Every run the folder holds; runs/<point>-<replicate>.json is written for each one not there yet. */
  records: SweepRecord[]
  /** The swept fields, in the order of a point's params: the CSVs' columns ([] for one run). */
  paths: string[]
  /** One run's summary.json, or a sweep's over its points. */
  summary:
    | { kind: 'run'; spec: RunSpec; result: RunResult }
    | { kind: 'sweep'; design: string; replicates: number }
  /**
   * The digest of trace.ndjson when the run traced straight into it; without it, trace.ndjson is
   * joined from traces/<point>-<replicate>.ndjson.
   */
  traceSha256?: string
  /** manifest.json, which records the digest of trace.ndjson. */
  manifest(traceSha256: string): object
  /** timing.json. */
  timing: object
}

type Written<S> = { traceSha256: string; summary: S }

/**
 * An output folder of `run`, `sweep` and `merge`: trace.ndjson, summary.json, summary.csv,
 * runs.csv, runs/, scenario.resolved.yaml, manifest.json, timing.json and report.html, from the
 * finished runs only: the same runs give the same bytes, whether they ran in one go, resumed, or
 * on several shards.
 */
export async function writeRunFolder(
  input: RunFolderInput & { summary: { kind: 'run' } },
): Promise<Written<Summary>>
export async function writeRunFolder(
  input: RunFolderInput & { summary: { kind: 'sweep' } },
): Promise<Written<SweepSummary>>
export async function writeRunFolder(input: RunFolderInput): Promise<Written<Summary | SweepSummary>> {
  const { dir } = input
  const file = (name: string) => join(dir, name)
  const id = (r: SweepRecord) => `${r.point}-${r.replicate}`
  const records = [...input.records].sort((a, b) => a.point - b.point || a.replicate - b.replicate)
  const traceSha256 =
    input.traceSha256 ??
    (await concatTraces(records, (r) => file(join('traces', `${id(r)}.ndjson`)), file('trace.ndjson')))
  const points = aggregatePoints(records)
  const summary =
    input.summary.kind === 'run'
      ? buildSummary(input.summary.spec, input.summary.result, traceSha256)
      : {
          scenario: input.scenario.name,
          design: input.summary.design,
          replicates: input.summary.replicates,
          runs: records.length,
          modeled: [...new Set(records.flatMap((r) => r.modeled))].sort(),
          points: points.map(({ params, replicates, metrics }) => ({ params, replicates, metrics })),
          trace_sha256: traceSha256,
          ...(superIndividuals(records).length > 0 ? { demand: superIndividuals(records) } : {}),
        }
  writeFileAtomic(file('summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  writeFileAtomic(file('summary.csv'), formatSummaryCsv(input.paths, points))
  writeFileAtomic(file('runs.csv'), formatRunsCsv(input.paths, records))
  const strategies = formatStrategiesCsv(records)
  if (strategies) writeFileAtomic(file('strategies.csv'), strategies)
  makeFolder(file('runs'))
  for (const r of records) {
    const path = file(join('runs', `${id(r)}.json`))
    if (!existsSync(path)) writeFileAtomic(path, `${JSON.stringify(r, null, 2)}\n`)
  }
  writeFileAtomic(file('scenario.resolved.yaml'), formatResolvedScenario(input.scenario, records))
  writeFileAtomic(file('manifest.json'), `${JSON.stringify(input.manifest(traceSha256), null, 2)}\n`)
  writeFileAtomic(file('timing.json'), `${JSON.stringify(input.timing, null, 2)}\n`)
  writeReport(dir)
  return { traceSha256, summary }
}

/**
 * trace.ndjson: every run's trace in run order, each event prefixed with its run. A pipeline
 * carries the backpressure and the errors of both ends, so a long merge neither buffers
 * everything nor stacks a listener per write.
 */
async function concatTraces(
  records: readonly SweepRecord[],
  traceFile: (r: SweepRecord) => string,
  target: string,
): Promise<string> {
  const tmp = `${target}.tmp-${process.pid}`
  const hash = createHash('sha256')
  async function* chunks() {
    let chunk = ''
    for (const r of records) {
      const input = createInterface({
        input: createReadStream(traceFile(r)),
        crlfDelay: Number.POSITIVE_INFINITY,
      })
      // Each event gains the run it belongs to, in front, without re-serializing the rest.
      for await (const line of input) {
        if (!line) continue
        chunk += `{"point":${r.point},"replicate":${r.replicate},${line.slice(1)}\n`
        if (chunk.length >= 1 << 16) {
          hash.update(chunk)
          yield chunk
          chunk = ''
        }
      }
    }
    hash.update(chunk)
    if (chunk) yield chunk
  }
  try {
    await pipeline(chunks, createWriteStream(tmp))
  } catch (error) {
    rmSync(tmp, { force: true })
    throw error
  }
  commitFile(tmp, target)
  return hash.digest('hex')
}
