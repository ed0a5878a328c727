import { availableParallelism } from 'node:os'
import { InputError } from '../errors/index.ts'
import {
  createRunner,
  formatAdoptionTable,
  formatDetectionTable,
  resolveShard,
  runSweep,
  tabulateAdoption,
  tabulateDetection,
} from '../lab/index.ts'
import { createSweepProgress } from './createSweepProgress.ts'
import { ledgerChoice } from './ledgerChoice.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'
import { wantsPlainOutput } from './wantsPlainOutput.ts'

/**
 * `verisim sweep FILE`: every point × replicate of the scenario's sweep, several at once, each
 * on its own chain. Each finished run is written atomically as it finishes, so running the same
 * command again after an interruption runs only what is missing.
 */
export async function sweepCommand(args: CliArgs): Promise<void> {
  const file = args.positionals[0]
  if (!file || args.positionals.length > 1)
    throw new InputError('`verisim sweep` takes exactly one scenario file')
  const shard = resolveShard({ shard: args.shard, shards: args.shards }, process.env)
  const ledger = ledgerChoice(args)
  const overrides = resolveSetFlags(file, args.set, 'sweep')
  const cores = availableParallelism()
  const runner = createRunner({ workers: args.workers ?? cores, parallel: args.parallel ?? cores, ledger })
  const progress = createSweepProgress(process.stderr, {
    quiet: args.quiet,
    ci: wantsPlainOutput(process.env),
  })

  // Everything started below is stopped on every path out: success, error and Ctrl-C.
  const cleanups: (() => Promise<void> | void)[] = []
  const cleanup = async () => {
    // Every step runs whatever the others do: a chain that failed to stop must not keep the lock.
    for (const step of [() => runner.close(), ...cleanups.splice(0).reverse()]) {
      try {
        await step()
      } catch {
        // The sweep's own error, already on its way to the user, says what went wrong.
      }
    }
  }
  const removeInterrupt = onInterrupt(cleanup)
  try {
    const swept = await runSweep(runner, file, {
      overrides,
      shard,
      ...(args.out === undefined ? {} : { out: args.out }),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      onProgress: progress.update,
      onResource: (stop) => cleanups.push(stop),
    })
    progress.finish()
    if (!args.quiet) {
      const points = new Set(swept.runs.map((r) => r.point)).size
      const part = shard.count > 1 ? ` (shard ${shard.index}/${shard.count}: ${points} of them)` : ''
      process.stdout.write(
        `sweep: ${swept.runs.length} runs of ${swept.points} points${part} x ${swept.replicates} replicates in ${swept.out}\n`,
      )
      // A detection sweep's answer is per cheat: how many tokens it takes, and what honest hosts pay.
      if (swept.scenario.protocol.detection)
        process.stdout.write(`\n${formatDetectionTable(tabulateDetection(swept))}`)
      // A demand sweep's answer is per point: the share of production demand the network kept.
      if (swept.scenario.demand) process.stdout.write(`\n${formatAdoptionTable(tabulateAdoption(swept))}`)
    }
  } finally {
    progress.finish()
    await cleanup()
    removeInterrupt()
  }
}
