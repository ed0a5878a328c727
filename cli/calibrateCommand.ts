import { InputError } from '../errors/index.ts'
import { calibrate, DEFAULT_CALIBRATION_MS } from '../lab/index.ts'
import { prepareOutputFile } from '../reports/index.ts'
import type { CliArgs } from './parseCliArgs.ts'

/**
 * `verisim calibrate [--out FILE]`: measure this machine's seconds per FLOP into a file (default
 * calibration.json). VERISIM_CALIBRATE_MS shortens the measurement (tests, quick looks).
 */
export async function calibrateCommand(args: CliArgs, env = process.env): Promise<void> {
  const out = args.out ?? 'calibration.json'
  const budgetMs = budgetFrom(env.VERISIM_CALIBRATE_MS)
  prepareOutputFile(out, '--out')
  if (!args.quiet) process.stderr.write('calibrate: timing real onnxruntime inference on one thread...\n')
  const { families } = await calibrate({ out, budgetMs })
  const gflops = (f: { flopsPerSecond: number }) => (f.flopsPerSecond / 1e9).toFixed(2)
  if (!args.quiet)
    process.stdout.write(
      `calibration: mlp ${gflops(families.mlp)} GFLOP/s, transformer ${gflops(families.transformer)} GFLOP/s per core; written to ${out}\n`,
    )
}

function budgetFrom(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_CALIBRATION_MS
  const ms = Number(text)
  if (!Number.isInteger(ms) || ms < 1 || ms > 600_000)
    throw new InputError(
      `VERISIM_CALIBRATE_MS must be a whole number of milliseconds from 1 to 600000, got '${text}'`,
      { hint: `leave it unset for the default ${DEFAULT_CALIBRATION_MS} ms per model size` },
    )
  return ms
}
