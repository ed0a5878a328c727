import { mergeShards } from '../lab/index.ts'
import type { CliArgs } from './parseCliArgs.ts'

/**
 * `verisim merge DIR... --out OUT`: join shard folders of one sweep into the folder a single
 * machine would have written (see mergeShards).
 */
export async function mergeCommand(args: CliArgs): Promise<void> {
  const merged = await mergeShards(args.positionals, args.out === undefined ? {} : { out: args.out })
  if (!args.quiet)
    process.stdout.write(`merge: ${merged.runs} runs from ${merged.folders} folders in ${merged.out}\n`)
}
