import { mkdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import {
  aggregatePoints,
  buildSummary,
  createOutputDir,
  createTraceWriter,
  explainWriteFailure,
  formatHumanSummary,
  formatRunsCsv,
  formatSummaryCsv,
  writeFileAtomic,
} from '../reports/index.ts'
import { loadScenario, resolveRunSpec } from '../scenarios/index.ts'
import { InputError } from '../sim/index.ts'
import { buildManifest, buildTiming, ledgerLabel } from './buildManifest.ts'
import { checkModel } from './checkModel.ts'
import { createProgress } from './createProgress.ts'
import { defaultOutDir } from './defaultOutDir.ts'
import { ledgerChoice } from './ledgerChoice.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'
import { runOnAdapters } from './runOnAdapters.ts'
import { sha256File } from './sha256File.ts'
import { toRunRecord } from './toRunRecord.ts'
import { wantsPlainOutput } from './wantsPlainOutput.ts'
import { writeReport } from './writeReport.ts'

/** `verisim run FILE`: one scenario, one chain, one output folder that appears only when complete. */
export async function runCommand(args: CliArgs): Promise<void> {
  const file = args.positionals[0]
  if (!file || args.positionals.length > 1) {
    throw new InputError('`verisim run` takes exactly one scenario file', {
      hint: 'verisim run scenarios/quickstart.yaml',
    })
  }
  const ledger = ledgerChoice(args)
  const overrides = resolveSetFlags(file, args.set)
  const { scenario } = loadScenario(file, overrides)
  const spec = resolveRunSpec(scenario, file, { seed: args.seed })
  await checkModel(file, spec.model)
  const workers = args.workers ?? availableParallelism()
  const outPath = args.out ?? defaultOutDir(spec.name)
  let out: ReturnType<typeof createOutputDir>
  try {
    out = createOutputDir(outPath)
  } catch (error) {
    throw explainWriteFailure(error, outPath)
  }
  const progress = createProgress(process.stderr, { quiet: args.quiet, ci: wantsPlainOutput(process.env) })
  const started = Date.now()

  // Everything started below is stopped on every path out: success, error and Ctrl-C.
  const cleanups: (() => Promise<void> | void)[] = [() => out.abort()]
  const cleanup = async () => {
    // Every step runs whatever the others do: a trace that could not be written (a full disk)
    // must not keep the chain running or the staging folder on disk.
    for (const step of cleanups.splice(0).reverse()) {
      try {
        await step()
      } catch {
        // The run's own error, already on its way to the user, says what went wrong.
      }
    }
  }
  const removeInterrupt = onInterrupt(cleanup)
  try {
    const trace = createTraceWriter(out.file('trace.ndjson'), { point: 0, replicate: spec.replicate })
    cleanups.push(() => trace.close().then(() => {}))
    const result = await runOnAdapters(spec, {
      workers,
      ledger,
      trace: trace.write,
      progress: progress.update,
      onResource: (stop) => cleanups.push(stop),
    })
    const traceSha256 = await trace.close()
    progress.done()

    const summary = buildSummary(spec, result, traceSha256)
    writeFileAtomic(out.file('summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
    writeFileAtomic(out.file('scenario.resolved.yaml'), stringify(scenario))
    const manifest = buildManifest({
      scenario: file,
      scenarioSha256: sha256File(file),
      seeds: [{ seed: spec.seed, replicate: spec.replicate }],
      calibration: { cost_per_flop: spec.economics.costPerFlop, source: spec.calibration },
      modeled: result.modeled,
      cachedInferences: result.counts.cached_inferences,
      traceSha256,
      ledgers: [ledgerLabel(ledger)],
      overrides,
    })
    writeFileAtomic(out.file('manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    const finished = Date.now()
    const timing = buildTiming({
      workers,
      started,
      finished,
      runs: [{ run: '0-0', wall_seconds: (finished - started) / 1000, virtual_seconds: result.elapsed }],
    })
    writeFileAtomic(out.file('timing.json'), `${JSON.stringify(timing, null, 2)}\n`)
    mkdirSync(out.file('runs'))
    const record = toRunRecord({ point: 0, replicate: spec.replicate, params: {}, spec }, result, traceSha256)
    writeFileAtomic(out.file('runs.csv'), formatRunsCsv([], [record]))
    writeFileAtomic(out.file('summary.csv'), formatSummaryCsv([], aggregatePoints([record])))
    writeFileAtomic(out.file('runs/0-0.json'), `${JSON.stringify(record, null, 2)}\n`)
    writeReport(out.staging)
    out.commit()
    if (!args.quiet) process.stdout.write(`${formatHumanSummary(result, join(out.path))}\n`)
  } catch (error) {
    // A full or read-only disk is named by the user's --out, never by the staging folder.
    throw explainWriteFailure(error, out.path, out.staging)
  } finally {
    progress.done()
    await cleanup()
    removeInterrupt()
  }
}
