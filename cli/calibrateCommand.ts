import { cpus } from 'node:os'
import { calibrate } from '../engine/index.ts'
import { writeFileAtomic } from '../reports/index.ts'
import type { CliArgs } from './parseCliArgs.ts'

/**
 * `verisim calibrate [--out FILE]`: measure seconds per FLOP of real inference for each built-in
 * model family on this machine and write it (default calibration.json) for scenarios that set
 * `costPerFlop: calibrated` or `speed: calibrated`.
 */
export async function calibrateCommand(args: CliArgs): Promise<void> {
  const out = args.out ?? 'calibration.json'
  if (!args.quiet) process.stderr.write('calibrate: timing real onnxruntime inference on one thread...\n')
  const result = await calibrate({ now: () => performance.now() }, { budgetMs: 500 })
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
