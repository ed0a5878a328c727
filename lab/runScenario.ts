import {
  createOutputDir,
  createPeriodsWriter,
  createTraceWriter,
  explainWriteFailure,
  type SweepRecord,
  superIndividuals,
  writeRunFolder,
} from '../reports/index.ts'
import { loadScenario, type Overrides, resolveRunSpec, type Scenario } from '../scenarios/index.ts'
import type { RunResult, RunSpec, SimIO } from '../sim/index.ts'
import { buildManifest, buildTiming, ledgerLabel, measuredAt } from './buildManifest.ts'
import { checkModel } from './checkModel.ts'
import type { Runner } from './createRunner.ts'
import { resolveAutoTolerance } from './resolveAutoTolerance.ts'
import { sha256File } from './sha256File.ts'
import { toRunRecord } from './toRunRecord.ts'

export type RunScenarioOptions = {
  /** The output folder, or how to name it from the resolved run; it appears only when complete. */
  out: string | ((spec: RunSpec) => string)
  /** Scenario fields replaced by dotted path (`verisim run --set`). */
  overrides?: Overrides
  /** Replaces the scenario's seed. */
  seed?: number
  progress?: SimIO['progress']
  /**
   * Registers a teardown step (close the trace, delete the staging folder) so that an interrupt
   * can undo what this run started; the chain and pool are the runner's, stopped by its close().
   */
  onResource?: (stop: () => Promise<void> | void) => void
}

export type ScenarioResult = {
  scenario: Scenario
  spec: RunSpec
  result: RunResult
  /** What runs/0-0.json holds. */
  record: SweepRecord
  traceSha256: string
  /** A demand-market run's periods.ndjson digest; null without demand. */
  periodsSha256: string | null
  /** The output folder, now complete. */
  out: string
}

/**
 * One scenario file, one run on the runner's adapters, one output folder (summary, manifest,
 * timing, trace, a demand run's periods.ndjson, runs, CSVs, report.html) that appears only when
 * complete: what `verisim run` writes, byte for byte.
 */
export async function runScenario(
  runner: Runner,
  file: string,
  options: RunScenarioOptions,
): Promise<ScenarioResult> {
  const overrides = options.overrides ?? {}
  const { scenario } = loadScenario(file, overrides)
  const resolved = resolveRunSpec(scenario, file, { seed: options.seed })
  await checkModel(file, resolved.model, scenario)
  const spec = await resolveAutoTolerance(resolved)
  const outPath = typeof options.out === 'string' ? options.out : options.out(spec)
  let out: ReturnType<typeof createOutputDir>
  try {
    out = createOutputDir(outPath)
  } catch (error) {
    throw explainWriteFailure(error, outPath)
  }
  const started = Date.now()
  // Undone on every path out but success (commit makes abort a no-op), and by an interrupt.
  const abort = () => out.abort()
  options.onResource?.(abort)
  let trace: ReturnType<typeof createTraceWriter> | undefined
  let periods: ReturnType<typeof createPeriodsWriter> | undefined
  const closeTrace = async () => {
    // Both closed whatever the other does; the staging folder holding them goes on failure.
    await Promise.allSettled([trace?.close(), periods?.close()])
  }
  options.onResource?.(closeTrace)
  try {
    trace = createTraceWriter(out.file('trace.ndjson'), { point: 0, replicate: spec.replicate })
    // In the staging folder like the trace, so it appears, whole, only with the finished folder.
    if (spec.demand) periods = createPeriodsWriter(out.file('periods.ndjson'))
    const result = await runner.run(spec, trace.write, options.progress, periods?.write)
    const traceSha256 = await trace.close()
    const periodsSha256 = periods ? await periods.close() : null

    const finished = Date.now()
    const record = toRunRecord(
      { point: 0, replicate: spec.replicate, params: {}, spec },
      result,
      traceSha256,
      periodsSha256,
    )
    await writeRunFolder({
      dir: out.staging,
      scenario,
      records: [record],
      paths: [],
      summary: { kind: 'run', spec, result },
      traceSha256,
      manifest: () =>
        buildManifest({
          scenario: file,
          scenarioSha256: sha256File(file),
          seeds: [{ seed: spec.seed, replicate: spec.replicate }],
          calibration: { cost_per_flop: spec.economics.costPerFlop, source: spec.calibration },
          modeled: result.modeled,
          cachedInferences: result.counts.cached_inferences,
          traceSha256,
          ledgers: [ledgerLabel(runner.ledger)],
          overrides,
          demand: superIndividuals([record]),
          tolerance: measuredAt([{ point: 0, spec }]),
        }),
      timing: buildTiming({
        workers: runner.workers,
        started,
        finished,
        runs: [{ run: '0-0', wall_seconds: (finished - started) / 1000, virtual_seconds: result.elapsed }],
      }),
    })
    out.commit()
    return { scenario, spec, result, record, traceSha256, periodsSha256, out: out.path }
  } catch (error) {
    // A full or read-only disk is named by the caller's folder, never by the staging folder.
    throw explainWriteFailure(error, out.path, out.staging)
  } finally {
    // Every step runs whatever the other does: a trace that could not be written (a full disk)
    // must not keep the staging folder on disk.
    for (const step of [closeTrace, abort]) {
      try {
        await step()
      } catch {
        // The run's own error, already on its way to the caller, says what went wrong.
      }
    }
  }
}
