import { readFileSync } from 'node:fs'
import { type ErrorPlace, ScenarioFieldError } from '../errors/index.ts'

export type CalibrationFile = {
  machine?: string
  measured_at?: string
  families: Record<'mlp' | 'transformer', { secondsPerFlop: number; flopsPerSecond: number }>
  /**
   * Prefill and decode measured on a real decoder here (issue 15): what
   * `economics.generationCost.hardware: this-machine` prices with. Files written before it lack it.
   */
  generation?: {
    flopsPerSecond: number
    bytesPerSecond: number
    prefillTokensPerSecond: number
    decodeSecondsPerToken: number
    /** The decoder shape measured, e.g. "decoder w256 b4 ctx256". */
    model: string
  }
}

/**
 * The calibration `verisim calibrate` wrote; every failure names the file and what to run, at
 * `where` (the scenario field that asks for it), with `instead` as the alternative to offer.
 */
export function readCalibration(
  path: string,
  where: ErrorPlace,
  instead = 'give the value as a number',
): CalibrationFile {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new ScenarioFieldError(
      `${missing ? 'no calibration file at' : 'cannot read calibration file'} ${path}`,
      {
        ...where,
        hint: `run \`verisim calibrate\` first, or ${instead}`,
      },
    )
  }
  const families = (data as CalibrationFile | null)?.families
  const ok = (f: unknown) =>
    typeof f === 'object' && f !== null && Number.isFinite((f as { secondsPerFlop: number }).secondsPerFlop)
  if (!families || !ok(families.mlp) || !ok(families.transformer)) {
    throw new ScenarioFieldError(`${path} is not a verisim calibration file`, {
      ...where,
      hint: 'run `verisim calibrate` again',
    })
  }
  return data as CalibrationFile
}
