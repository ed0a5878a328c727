import { InputError } from '../errors/index.ts'
import type { CliArgs } from './parseCliArgs.ts'
import { COMMANDS } from './usage.ts'

/**
 * A flag the command does not use is refused, not ignored: `check --shard 1/2` or `merge --set
 * …` would otherwise exit 0 having done something other than what was typed.
 */
export function refuseUnusedFlags(args: Pick<CliArgs, 'command' | 'given'>): void {
  const command = args.command
  const help = command === undefined ? undefined : COMMANDS[command]
  if (!help) return
  const allowed = new Set<string>([...help.flags, 'help'])
  const unused = args.given.find((flag) => !allowed.has(flag))
  if (unused === undefined) return
  throw new InputError(`--${unused} is not a flag of \`verisim ${command}\``, {
    hint:
      help.flags.length > 0
        ? `it takes ${help.flags.map((f) => `--${f}`).join(', ')}; see \`verisim ${command} --help\``
        : `it takes no flags; see \`verisim ${command} --help\``,
  })
}
