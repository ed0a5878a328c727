import { BaseError, formatError } from '../errors/index.ts'
import { versions } from '../lab/index.ts'
import { calibrateCommand } from './calibrateCommand.ts'
import { checkCommand } from './checkCommand.ts'
import { mergeCommand } from './mergeCommand.ts'
import { exitCodeOf, interruption, onInterrupt } from './onInterrupt.ts'
import { parseCliArgs } from './parseCliArgs.ts'
import { refuseUnusedFlags } from './refuseUnusedFlags.ts'
import { reportCommand } from './reportCommand.ts'
import { runCommand } from './runCommand.ts'
import { schemaCommand } from './schemaCommand.ts'
import { sweepCommand } from './sweepCommand.ts'
import { tuneCommand } from './tuneCommand.ts'
import { commandUsage, USAGE } from './usage.ts'
import { validateCommand } from './validateCommand.ts'

/**
 * Exit codes: 0 success, 1 internal error (or a violated invariant, or no safe setting), 2 bad
 * input (the user can fix it), 130 SIGINT and 143 SIGTERM (onInterrupt).
 */
async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv)
  if (args.version && args.command === undefined) {
    process.stdout.write(`${versions().verisim}\n`)
    return 0
  }
  if (args.command === 'help' || (args.help && args.command !== undefined)) {
    // `verisim help run` and `verisim run --help`: that command's usage; unknown names fall through.
    const name = args.command === 'help' ? args.positionals[0] : args.command
    const text = name === undefined ? USAGE : commandUsage(name)
    if (text === undefined)
      throw new BaseError(`unknown command '${name}'`, { kind: 'input', hint: 'see `verisim help`' })
    process.stdout.write(`${text}\n`)
    return 0
  }
  if (args.help || args.command === undefined) {
    process.stdout.write(`${USAGE}\n`)
    return args.help ? 0 : 2
  }
  if (args.version)
    throw new BaseError(`--version takes no command, got '${args.command}'`, {
      kind: 'input',
      hint: 'verisim --version',
    })
  refuseUnusedFlags(args)
  switch (args.command) {
    case 'run':
      await runCommand(args)
      return 0
    case 'sweep':
      await sweepCommand(args)
      return 0
    case 'merge':
      await mergeCommand(args)
      return 0
    case 'report':
      reportCommand(args)
      return 0
    case 'check':
      return await checkCommand(args)
    case 'tune':
      return await tuneCommand(args)
    case 'calibrate':
      await calibrateCommand(args)
      return 0
    case 'validate':
      await validateCommand(args)
      return 0
    case 'schema':
      schemaCommand()
      return 0
    default:
      throw new BaseError(`unknown command '${args.command}'`, { kind: 'input', hint: 'see `verisim help`' })
  }
}

function report(error: unknown): number {
  // One line, no stack: the message names the file, field or resource at fault. VERISIM_DEBUG=1
  // shows the stack for bug reports.
  if (process.env.VERISIM_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`)
  process.stderr.write(`verisim: ${formatError(error)}\n`)
  return error instanceof BaseError && error.kind === 'input' ? 2 : 1
}

// From the first instant, SIGINT, SIGTERM and SIGHUP end verisim with the interrupted line and
// 128 + the signal's number; commands register what must be stopped or removed.
onInterrupt(async () => {})

main(process.argv.slice(2)).then(
  (code) => {
    const signal = interruption()
    process.exitCode = signal ? exitCodeOf(signal) : code
  },
  (error) => {
    // The run failed because the interrupt handler is tearing it down (a closed pool, a stopped
    // chain): that handler has said what happened and exits 128 + n once cleanup is done.
    const signal = interruption()
    if (signal) {
      process.exitCode = exitCodeOf(signal)
      return
    }
    process.exitCode = report(error)
  },
)
