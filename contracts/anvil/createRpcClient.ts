import { BaseError, ChainError } from '../../errors/index.ts'

export type RpcRequest = { method: string; params?: readonly unknown[] }

export type RpcFailure = { code: number; message: string; data?: unknown }

/** What the node answered to one request of a batch. */
export type RpcOutcome = { ok: true; result: unknown } | { ok: false; error: RpcFailure }

export type RpcClient = {
  readonly url: string
  /** One request; a JSON-RPC error becomes a BaseError carrying the node's message. */
  request(method: string, params?: readonly unknown[]): Promise<unknown>
  /**
   * Many requests as HTTP batches of `chunkSize` (default 500), one HTTP call after the other,
   * so the node receives them in order. Returns one outcome per request, in request order;
   * per-request errors are outcomes, not exceptions.
   */
  batch(requests: readonly RpcRequest[], options?: { chunkSize?: number }): Promise<RpcOutcome[]>
}

export type RpcClientOptions = {
  /** Per HTTP call; large batches on a busy node can take seconds. */
  timeoutMs?: number
  /**
   * The error for a node that cannot be reached, given the fetch failure (ECONNREFUSED...). The
   * default speaks of a node the user pointed at; the embedded anvil's owner says it died.
   */
  unreachable?: (reason: string) => Promise<BaseError>
}

type Envelope = { id?: unknown; result?: unknown; error?: RpcFailure }

/**
 * A minimal JSON-RPC client over fetch. Batching is the point: one HTTP round trip per request
 * is what makes naive chain clients slow.
 */
export function createRpcClient(url: string, options: RpcClientOptions = {}): RpcClient {
  if (!URL.canParse(url)) throw new ChainError(`the RPC URL "${url}" is not a valid URL`, { rpcUrl: url })
  const timeoutMs = options.timeoutMs ?? 120_000
  let nextId = 1

  async function post(body: unknown): Promise<unknown> {
    let response: Response
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      if (options.unreachable) throw await options.unreachable(describeFetchError(error))
      throw new ChainError(`the chain at ${url} is not reachable: ${describeFetchError(error)}`, {
        rpcUrl: url,
        hint: 'start an EVM node there, or leave out --rpc-url to use the embedded anvil',
        cause: error,
      })
    }
    const text = await response.text()
    if (!response.ok) {
      throw new BaseError(`the chain at ${url} answered HTTP ${response.status}: ${text.slice(0, 200)}`)
    }
    try {
      return JSON.parse(text)
    } catch (error) {
      throw new BaseError(`the chain at ${url} did not answer JSON: ${text.slice(0, 200)}`, { cause: error })
    }
  }

  async function batchChunk(requests: readonly RpcRequest[]): Promise<RpcOutcome[]> {
    const firstId = nextId
    nextId += requests.length
    const body = requests.map((r, i) => ({
      jsonrpc: '2.0',
      id: firstId + i,
      method: r.method,
      params: r.params ?? [],
    }))
    const answer = await post(body)
    if (!Array.isArray(answer)) {
      // Nodes answer a malformed batch with one error object instead of an array.
      throw new BaseError(`the chain at ${url} rejected a batch: ${JSON.stringify(answer).slice(0, 200)}`)
    }
    // The JSON-RPC spec lets a node answer a batch in any order: match by id.
    const byId = new Map<unknown, Envelope>()
    for (const envelope of answer as Envelope[]) byId.set(envelope.id, envelope)
    return requests.map((r, i) => {
      const envelope = byId.get(firstId + i)
      if (!envelope) return { ok: false, error: { code: -32603, message: `no answer to ${r.method}` } }
      if (envelope.error) return { ok: false, error: envelope.error }
      return { ok: true, result: envelope.result }
    })
  }

  return {
    url,
    async request(method, params = []) {
      const [outcome] = await batchChunk([{ method, params }])
      if (!outcome) throw new BaseError(`no answer to ${method}`)
      if (!outcome.ok)
        throw new BaseError(`${method} failed: ${outcome.error.message}`, { cause: outcome.error })
      return outcome.result
    },
    async batch(requests, batchOptions = {}) {
      const chunkSize = batchOptions.chunkSize ?? 500
      const outcomes: RpcOutcome[] = []
      for (let start = 0; start < requests.length; start += chunkSize) {
        outcomes.push(...(await batchChunk(requests.slice(start, start + chunkSize))))
      }
      return outcomes
    },
  }
}

// fetch hides the useful part (ECONNREFUSED, ENOTFOUND...) in `cause`.
function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause: unknown = error.cause
    if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string')
      return cause.code
    if (cause instanceof Error) return cause.message
    if (error.name === 'TimeoutError') return 'no answer in time'
    return error.message
  }
  return String(error)
}
