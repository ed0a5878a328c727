import { parseArgs } from 'node:util'
import { InputError } from '../sim/errors.ts'

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
  rpcUrl: string | undefined
  junit: string | undefined
  quiet: boolean
  help: boolean
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
    junit: values.junit,
    quiet: values.quiet ?? false,
    help: values.help ?? false,
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
      junit: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

function integerFlag(flag: string, text: string, min: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > 2 ** 31 - 1) {
    throw new InputError(`${flag} must be an integer >= ${min}, got '${text}'`)
  }
  return value
}
