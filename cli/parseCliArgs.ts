import { parseArgs } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { InputError } from '../errors/index.ts'

export type CliArgs = {
  command: string | undefined
  positionals: string[]
  out: string | undefined
  seed: number | undefined
  workers: number | undefined
  /** Sweep runs at once (each with its own chain). */
  parallel: number | undefined
  shard: string | undefined
  shards: string | undefined
  /** `--rpc-url`: settle on this node instead of an embedded anvil. */
  rpcUrl: string | undefined
  /** `--ledger anvil|memory`. */
  ledger: string | undefined
  junit: string | undefined
  /** `--set path=value`: scenario fields overridden for this run (values read as YAML scalars). */
  set: Record<string, unknown>
  quiet: boolean
  help: boolean
  version: boolean
  /** The flags given, by long name without dashes (`set`, `rpc-url`), so a command can refuse the ones it does not use. */
  given: string[]
}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    throw new InputError((error as Error).message.split('\n')[0] ?? 'bad arguments', {
      hint: 'see `verisim help`',
    })
  }
  const { values, positionals } = parsed
  const [command, ...rest] = positionals
  return {
    command,
    positionals: rest,
    out: values.out,
    seed: values.seed === undefined ? undefined : integerFlag('--seed', values.seed, 0),
    workers: values.workers === undefined ? undefined : integerFlag('--workers', values.workers, 1),
    parallel: values.parallel === undefined ? undefined : integerFlag('--parallel', values.parallel, 1),
    shard: values.shard,
    shards: values.shards,
    rpcUrl: values['rpc-url'],
    ledger: values.ledger,
    junit: values.junit,
    set: Object.fromEntries((values.set ?? []).map(parseAssignment)),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
    given: Object.keys(values).filter((name) => (values as Record<string, unknown>)[name] !== undefined),
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      parallel: { type: 'string' },
      shard: { type: 'string' },
      shards: { type: 'string' },
      'rpc-url': { type: 'string' },
      ledger: { type: 'string' },
      junit: { type: 'string' },
      set: { type: 'string', multiple: true },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  })
}

function parseAssignment(text: string): [string, unknown] {
  const eq = text.indexOf('=')
  if (eq <= 0)
    throw new InputError(`--set needs path=value, got '${text}'`, { hint: 'e.g. --set protocol.p=0.2' })
  const raw = text.slice(eq + 1)
  try {
    return [text.slice(0, eq), parseYaml(raw)]
  } catch (error) {
    throw new InputError(
      `--set ${text}: '${raw}' is not a YAML value: ${(error as Error).message.split('\n')[0]}`,
      {
        hint: 'quote strings that YAML reads otherwise, e.g. --set name="\'a: b\'"',
      },
    )
  }
}

function integerFlag(flag: string, text: string, min: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > 2 ** 31 - 1) {
    throw new InputError(`${flag} must be an integer >= ${min}, got '${text}'`)
  }
  return value
}
