import { InputError } from '../errors/index.ts'
import { planScenario } from '../lab/index.ts'
import { formatResolvedScenario, recordTolerance } from '../reports/index.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { resolveSetFlags } from './resolveSetFlags.ts'

/**
 * `verisim validate FILE`: the scenario with every default filled in, or the first problem.
 * Every sweep point is checked as a sweep would check it (and each distinct model built once),
 * so a file that validates also plans. A `tolerance: auto` is measured as a run would measure it
 * (it takes seconds on a built-in model) and printed as the figure a run would use, with the
 * spread and margin it came from, as scenario.resolved.yaml writes it.
 */
export async function validateCommand(args: CliArgs): Promise<void> {
  const file = args.positionals[0]
  if (!file || args.positionals.length > 1) {
    throw new InputError('`verisim validate` takes exactly one scenario file')
  }
  const plan = await planScenario(file, { overrides: resolveSetFlags(file, args.set, 'sweep') })
  const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`
  const size = `${plural(plan.points, 'point')} × ${plural(plan.replicates, 'replicate')} = ${plural(plan.runs.length, 'run')}`
  const runs = plan.runs.map((run) => ({ point: run.point, ...recordTolerance(run.spec) }))
  if (!args.quiet)
    process.stdout.write(`# ${file}: valid (${size})\n${formatResolvedScenario(plan.scenario, runs)}`)
}
