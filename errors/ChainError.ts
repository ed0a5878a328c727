import { BaseError, type ErrorKind } from './BaseError.ts'

export type ChainErrorOptions = {
  /** The JSON-RPC endpoint, when the chain was reached (or meant to be) over one. */
  rpcUrl?: string | undefined
  /** The anvil executable, when verisim started the chain itself. */
  binary?: string | undefined
  /**
   * 'input' (the default) when the user can fix it: a chain that cannot start, cannot be
   * reached, is not anvil or died; 'internal' when the chain answered what it never should.
   */
  kind?: ErrorKind
  hint?: string | undefined
  cause?: unknown
}

/** The EVM chain the ledger settles on failed: start, reach, speak JSON-RPC, or stay alive. */
export class ChainError extends BaseError {
  override name = 'ChainError'
  readonly rpcUrl: string | undefined
  readonly binary: string | undefined

  constructor(reason: string, options: ChainErrorOptions = {}) {
    const { rpcUrl, binary, kind = 'input', hint, cause } = options
    super(reason, { kind, hint, cause })
    this.rpcUrl = rpcUrl
    this.binary = binary
  }
}
