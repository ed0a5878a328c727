import { stringify } from 'yaml'
import { loadScenario, resolveRunSpec } from '../scenarios/index.ts'
import { InputError } from '../sim/errors.ts'
import { checkModel } from './checkModel.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'

/** `verisim validate FILE`: the scenario with every default filled in, or the first problem. */
export async function validateCommand(args: CliArgs): Promise<void> {
  const file = args.positionals[0]
  if (!file || args.positionals.length > 1) {
    throw new InputError('`verisim validate` takes exactly one scenario file')
  }
  const { scenario } = loadScenario(file, resolveSetFlags(file, args.set))
  await checkModel(file, resolveRunSpec(scenario, file).model)
  if (!args.quiet) process.stdout.write(`# ${file}: valid\n${stringify(scenario)}`)
}
