import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../errors/index.ts'
import {
  createRunner,
  formatNumber,
  formatTuneTable,
  type TuneResult,
  tuneScenario,
  writeTuneFolder,
} from '../lab/index.ts'
import { prepareOutputFile } from '../reports/index.ts'
import { loadScenario } from '../scenarios/index.ts'
import { ledgerChoice } from './ledgerChoice.ts'
import { onInterrupt } from './onInterrupt.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'

/**
 * `verisim tune FILE`: the cheapest setting of the scenario's tunable parameters (by its
 * objective) at which every invariant holds under the scenario's adversary. Writes tune.json
 * and a report with the Pareto front of cost against safety margin. Exit 1 when no setting in
 * the ranges is safe.
 */
export async function tuneCommand(args: CliArgs): Promise<number> {
  const file = args.positionals[0]
  if (!file || args.positionals.length > 1)
    throw new InputError('`verisim tune` takes exactly one scenario file')
  const overrides = resolveSetFlags(file, args.set, 'tune')
  const { scenario } = loadScenario(file, overrides)
  const out = args.out ?? join('runs', `${scenario.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-tune`)
  const log = (line: string) => {
    if (!args.quiet) process.stderr.write(`${line}\n`)
  }
  const ledger = ledgerChoice(args)
  const workers = args.workers ?? availableParallelism()
  const runner = createRunner({ workers, parallel: args.parallel ?? availableParallelism(), ledger })
  const removeInterrupt = onInterrupt(() => runner.close())
  let result: TuneResult
  try {
    result = await tuneScenario(runner, file, {
      overrides,
      // Made once the scenario is known to be good and before the search, so a path that cannot be
      // written fails in a second, not after the search.
      ready: () => prepareOutputFile(join(out, 'tune.json'), '--out'),
      onIntegerGrid: (path, grid) => log(`tune: ${path} takes whole numbers; searching ${grid.join(', ')}`),
      onEvaluation: (e, objective) =>
        log(
          `tune: ${JSON.stringify(e.params)} ${e.safe ? 'safe' : 'unsafe'}, ${objective} ${formatNumber(e.objective)}`,
        ),
    })
  } finally {
    removeInterrupt()
    await runner.close()
  }
  writeTuneFolder(out, scenario.name, overrides, result)
  if (!args.quiet) process.stdout.write(`${formatTuneTable(result)}\nresults: ${out}\n`)
  return result.best ? 0 : 1
}
