import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../errors/index.ts'
import { createRunner, runScenario } from '../lab/index.ts'
import { formatHumanSummary } from '../reports/index.ts'
import { createProgress } from './createProgress.ts'
import { defaultOutDir } from './defaultOutDir.ts'
import { ledgerChoice } from './ledgerChoice.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'
import { wantsPlainOutput } from './wantsPlainOutput.ts'

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
  const workers = args.workers ?? availableParallelism()
  const runner = createRunner({ workers, parallel: 1, ledger })
  const progress = createProgress(process.stderr, { quiet: args.quiet, ci: wantsPlainOutput(process.env) })

  // Everything started below is stopped on every path out: success, error and Ctrl-C.
  const cleanups: (() => Promise<void> | void)[] = []
  const cleanup = async () => {
    // Every step runs whatever the others do: a chain that failed to stop must not keep the
    // staging folder on disk.
    for (const step of [() => runner.close(), ...cleanups.splice(0).reverse()]) {
      try {
        await step()
      } catch {
        // The run's own error, already on its way to the user, says what went wrong.
      }
    }
  }
  const removeInterrupt = onInterrupt(cleanup)
  try {
    const { result, out, spec } = await runScenario(runner, file, {
      out: args.out ?? ((spec) => defaultOutDir(spec.name)),
      overrides,
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      progress: progress.update,
      onResource: (stop) => cleanups.push(stop),
    })
    progress.done()
    if (!args.quiet) process.stdout.write(`${formatHumanSummary(result, join(out), spec)}\n`)
  } finally {
    progress.done()
    await cleanup()
    removeInterrupt()
  }
}
