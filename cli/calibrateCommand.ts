import { cpus } from 'node:os'
import { calibrate } from '../engine/index.ts'
import { writeFileAtomic } from '../reports/index.ts'
import { InputError } from '../sim/index.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { prepareOutputFile } from './prepareOutputFile.ts'

/** Milliseconds of timed runs per model size: long enough to average out a busy machine. */
const DEFAULT_BUDGET_MS = 500

/**
 * `verisim calibrate [--out FILE]`: measure seconds per FLOP of real inference for each built-in
 * model family on this machine and write it (default calibration.json) for scenarios that set
 * `costPerFlop: calibrated` or `speed: calibrated`. VERISIM_CALIBRATE_MS shortens the
 * measurement (tests, quick looks); each size still runs at least five times.
 */
export async function calibrateCommand(args: CliArgs, env = process.env): Promise<void> {
  const out = args.out ?? 'calibration.json'
  const budgetMs = budgetFrom(env.VERISIM_CALIBRATE_MS)
  prepareOutputFile(out, '--out')
  if (!args.quiet) process.stderr.write('calibrate: timing real onnxruntime inference on one thread...\n')
  const result = await calibrate({ now: () => performance.now() }, { budgetMs })
  const file = {
    machine: `${cpus()[0]?.model ?? 'unknown cpu'} (${cpus().length} cores), node ${process.versions.node}`,
    measured_at: new Date().toISOString(),
    families: {
      mlp: { secondsPerFlop: result.mlp.secondsPerFlop, flopsPerSecond: result.mlp.flopsPerSecond },
      transformer: {
        secondsPerFlop: result.transformer.secondsPerFlop,
        flopsPerSecond: result.transformer.flopsPerSecond,
      },
    },
    sizes: { mlp: result.mlp.sizes, transformer: result.transformer.sizes },
  }
  writeFileAtomic(out, `${JSON.stringify(file, null, 2)}\n`)
  if (!args.quiet) {
    const gflops = (f: { flopsPerSecond: number }) => (f.flopsPerSecond / 1e9).toFixed(2)
    process.stdout.write(
      `calibration: mlp ${gflops(result.mlp)} GFLOP/s, transformer ${gflops(result.transformer)} GFLOP/s per core; written to ${out}\n`,
    )
  }
}

function budgetFrom(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_BUDGET_MS
  const ms = Number(text)
  if (!Number.isInteger(ms) || ms < 1 || ms > 600_000)
    throw new InputError(
      `VERISIM_CALIBRATE_MS must be a whole number of milliseconds from 1 to 600000, got '${text}'`,
      {
        hint: `leave it unset for the default ${DEFAULT_BUDGET_MS} ms per model size`,
      },
    )
  return ms
}
