import type { LedgerChoice } from '../contracts/index.ts'
import { InputError } from '../errors/index.ts'
import type { CliArgs } from './parseCliArgs.ts'

/** The ledger a command's runs settle on, from `--ledger`, `--rpc-url` and VERISIM_ANVIL. */
export function ledgerChoice(args: Pick<CliArgs, 'ledger' | 'rpcUrl'>, env = process.env): LedgerChoice {
  const kind = args.ledger ?? 'anvil'
  if (kind === 'memory') {
    if (args.rpcUrl) {
      throw new InputError('--rpc-url needs --ledger anvil: the memory ledger runs no chain', {
        hint: 'leave out one of the two',
      })
    }
    return { kind: 'memory' }
  }
  if (kind !== 'anvil') {
    throw new InputError(`--ledger must be anvil or memory, got '${kind}'`, {
      hint: 'anvil settles on a real chain (the default); memory runs the in-process model of the contracts',
    })
  }
  if (args.rpcUrl !== undefined && !URL.canParse(args.rpcUrl)) {
    throw new InputError(`--rpc-url '${args.rpcUrl}' is not a URL`, {
      hint: 'e.g. --rpc-url http://127.0.0.1:8545',
    })
  }
  return {
    kind: 'anvil',
    ...(args.rpcUrl ? { rpcUrl: args.rpcUrl } : {}),
    ...(env.VERISIM_ANVIL ? { anvilBinary: env.VERISIM_ANVIL } : {}),
  }
}
