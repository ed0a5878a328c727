import { InputError } from '../errors/index.ts'
import { writeReport } from '../reports/index.ts'
import type { CliArgs } from './parseCliArgs.ts'

/** `verisim report DIR`: rebuild report.html from an output folder. */
export function reportCommand(args: CliArgs): void {
  const dir = args.positionals[0]
  if (!dir || args.positionals.length > 1)
    throw new InputError('`verisim report` takes exactly one output folder')
  const path = writeReport(dir)
  if (!args.quiet) process.stdout.write(`report: ${path}\n`)
}
