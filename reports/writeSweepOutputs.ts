import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, rmSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'
import { aggregatePoints, type RunRecord } from './aggregatePoints.ts'
import { commitFile } from './commitFile.ts'
import { formatRunsCsv } from './formatRunsCsv.ts'
import { formatSummaryCsv } from './formatSummaryCsv.ts'
import { writeFileAtomic } from './writeFileAtomic.ts'

export type SweepRecord = RunRecord & {
  mode: string
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
}

export type SweepOutputInput = {
  name: string
  design: string
  replicates: number
  paths: string[]
  records: SweepRecord[]
  /** Where each run's trace is, by `point-replicate` id. */
  traceFile(run: SweepRecord): string
  file(name: string): string
}

/**
 * summary.json, summary.csv, runs.csv and trace.ndjson of a sweep, from its finished runs only: the same
 * runs give the same bytes, whether they ran in one go, resumed, or on several shards.
 */
export async function writeSweepOutputs(input: SweepOutputInput): Promise<{ traceSha256: string }> {
  const records = [...input.records].sort((a, b) => a.point - b.point || a.replicate - b.replicate)
  const traceSha256 = await concatTraces(records, input.traceFile, input.file('trace.ndjson'))
  const points = aggregatePoints(records)
  const summary = {
    scenario: input.name,
    design: input.design,
    replicates: input.replicates,
    runs: records.length,
    modeled: [...new Set(records.flatMap((r) => r.modeled))].sort(),
    points: points.map(({ params, replicates, metrics }) => ({
      params,
      replicates,
      metrics,
    })),
    trace_sha256: traceSha256,
  }
  writeFileAtomic(input.file('summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  writeFileAtomic(input.file('summary.csv'), formatSummaryCsv(input.paths, points))
  writeFileAtomic(input.file('runs.csv'), formatRunsCsv(input.paths, records))
  return { traceSha256 }
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
