import { InputError } from './InputError.ts'

export type ChainErrorOptions = {
  /** The JSON-RPC endpoint, when the chain was reached (or meant to be) over one. */
  rpcUrl?: string | undefined
  /** The anvil executable, when verisim started the chain itself. */
  binary?: string | undefined
  hint?: string | undefined
  cause?: unknown
}

/**
 * The EVM chain the ledger settles on cannot start, cannot be reached, is not anvil, or died:
 * bad input the user can fix (another binary or URL, `--ledger memory`). A chain that answers
 * what it never should is a BaseError of kind 'internal'.
 */
export class ChainError extends InputError {
  override name = 'ChainError'
  readonly rpcUrl: string | undefined
  readonly binary: string | undefined

  constructor(reason: string, options: ChainErrorOptions = {}) {
    const { rpcUrl, binary, hint, cause } = options
    super(reason, { hint, cause })
    this.rpcUrl = rpcUrl
    this.binary = binary
  }
}
