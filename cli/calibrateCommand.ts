import { InputError } from '../errors/index.ts'
import {
  type CalibrationFile,
  calibrate,
  DEFAULT_CALIBRATION_MS,
  type GenerationCalibration,
} from '../lab/index.ts'
import { prepareOutputFile } from '../reports/index.ts'
import type { CliArgs } from './parseCliArgs.ts'

/**
 * `verisim calibrate [--out FILE]`: measure this machine into a file (default calibration.json):
 * seconds per FLOP of forward inference per model family, and the prefill FLOP/s and decode
 * bytes/s of generation with the cost model's prediction beside what was measured.
 * VERISIM_CALIBRATE_MS shortens the measurement (tests, quick looks).
 */
export async function calibrateCommand(args: CliArgs, env = process.env): Promise<void> {
  const out = args.out ?? 'calibration.json'
  const budgetMs = budgetFrom(env.VERISIM_CALIBRATE_MS)
  prepareOutputFile(out, '--out')
  if (!args.quiet)
    process.stderr.write('calibrate: timing real onnxruntime inference and generation on one thread...\n')
  const { families, generation } = await calibrate({ out, budgetMs })
  if (!args.quiet) process.stdout.write(formatCalibration(families, generation, out))
}

/** The lines `verisim calibrate` prints; its help names them. */
function formatCalibration(
  families: CalibrationFile['families'],
  generation: GenerationCalibration,
  out: string,
): string {
  const giga = (perSecond: number) => (perSecond / 1e9).toFixed(2)
  const ms = (seconds: number) => (seconds * 1000).toPrecision(3)
  const ratio = (predicted: number, measured: number) => (predicted / measured).toFixed(2)
  const { check } = generation
  return [
    `calibration: mlp ${giga(families.mlp.flopsPerSecond)} GFLOP/s, transformer ${giga(families.transformer.flopsPerSecond)} GFLOP/s per core`,
    `generation: prefill ${giga(generation.flopsPerSecond)} GFLOP/s, decode ${giga(generation.bytesPerSecond)} GB/s per core; ${generation.model}: ${Math.round(generation.prefillTokensPerSecond)} prefill tokens/s, ${ms(generation.decodeSecondsPerToken)} ms per decoded token`,
    `roofline check (${generation.model}): prefill predicted ${ms(check.predictedPrefillSeconds)} ms, measured ${ms(check.measuredPrefillSeconds)} ms (predicted/measured ${ratio(check.predictedPrefillSeconds, check.measuredPrefillSeconds)}); decode step predicted ${ms(check.predictedDecodeSeconds)} ms, measured ${ms(check.measuredDecodeSeconds)} ms (predicted/measured ${ratio(check.predictedDecodeSeconds, check.measuredDecodeSeconds)})`,
    `written to ${out}`,
    '',
  ].join('\n')
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
