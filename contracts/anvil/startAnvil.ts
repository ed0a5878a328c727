import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants as fsConstants } from 'node:fs'
import { constants } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { ChainError } from '../../errors/index.ts'
import { findFreePort } from './findFreePort.ts'
import { killOnExit } from './killOnExit.ts'
import { resolveAnvilBinary } from './resolveAnvilBinary.ts'

export type AnvilOptions = {
  /** Timestamp of the genesis block, in seconds: the sim's virtual time zero. */
  timestamp?: number
  /** Another anvil executable than the one in node_modules. */
  binaryPath?: string
  /** How long to wait for the node to answer, in milliseconds. */
  startTimeoutMs?: number
}

export type AnvilHandle = {
  rpcUrl: string
  /** Stop the node and wait for it to exit. Safe to call twice. */
  stop(): Promise<void>
  /**
   * Why the node died, when it ended without stop() (killed, out of memory), waiting up to
   * `waitMs` for its exit to be seen; undefined while it runs.
   */
  death(waitMs: number): Promise<string | undefined>
}

/**
 * The hardfork is pinned so gas numbers do not move when anvil's default does (Prague, for
 * instance, changed the price of calldata-heavy transactions).
 */
export const anvilHardfork = 'prague'

// Another process may grab the port between findFreePort and anvil's bind: retry a few times.
const portAttempts = 3

/**
 * Start a private anvil on a free loopback port, tuned for the simulator: blocks only when the sim
 * mines them (at the virtual timestamp it chooses), FIFO ordering, gas price and base fee 0 so
 * balances move only by protocol rules, no block gas limit.
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<AnvilHandle> {
  const binary = options.binaryPath ?? resolveAnvilBinary()
  let lastError: Error | undefined
  for (let attempt = 0; attempt < portAttempts; attempt++) {
    const port = await findFreePort()
    try {
      return await launch(binary, port, options)
    } catch (error) {
      if (!(error instanceof PortTaken)) throw error
      lastError = error
    }
  }
  throw new ChainError(`the chain could not start: ${lastError?.message ?? 'no free port'}`, { binary })
}

class PortTaken extends Error {}

async function launch(binary: string, port: number, options: AnvilOptions): Promise<AnvilHandle> {
  try {
    accessSync(binary, fsConstants.X_OK)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'not executable'
    throw new ChainError(`the chain could not start: cannot run ${binary}: ${reason}`, {
      binary,
      hint: 'set VERISIM_ANVIL to an anvil executable, or unset it to use the one installed from npm',
    })
  }
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--no-mining',
    '--order',
    'fifo',
    '--silent',
    '--gas-price',
    '0',
    '--base-fee',
    '0',
    '--disable-block-gas-limit',
    '--hardfork',
    anvilHardfork,
    // The sim reads only the latest blocks and states (a revert reason is traced on the state
    // before the latest block); keeping them all grew anvil past 1 GiB within 20,000 transactions.
    '--prune-history',
    '8',
    '--transaction-block-keeper',
    '8',
  ]
  if (options.timestamp !== undefined) args.push('--timestamp', String(options.timestamp))

  const child = spawnGuarded(binary, args)
  const untrack = killOnExit(child)
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    // Keep only the tail: the reason anvil gives for dying is at the end.
    stderr = (stderr + chunk).slice(-2000)
  })
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`cannot run ${binary}: ${error.message}`))
    child.once('exit', (code, signal) => {
      resolve(stderr.trim() || `anvil exited with ${signal ?? `code ${code}`}`)
    })
  })
  child.once('exit', untrack)

  const rpcUrl = `http://127.0.0.1:${port}`
  let stopping = false
  const stop = () => {
    stopping = true
    return stopChild(child, untrack)
  }
  const death = async (waitMs: number) => {
    if (stopping) return undefined
    const waited = new AbortController()
    const reason = await Promise.race([
      exited,
      sleep(waitMs, undefined, { signal: waited.signal }).catch(() => undefined),
    ])
    waited.abort()
    if (reason === undefined) return undefined
    // The guard shell reports a killed anvil as 128 + the signal's number (and prints only
    // "Killed"): name the signal, which says more than the shell's word.
    const code = child.exitCode ?? 0
    const name = Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0]
    return code > 128 && name ? `anvil was killed by ${name}` : reason
  }
  const timeoutMs = options.startTimeoutMs ?? 15_000
  const polling = new AbortController()
  const outcome = await Promise.race([
    waitUntilAnswering(rpcUrl, timeoutMs, polling.signal).then((ready) => ({ ready })),
    exited.then((reason) => ({ ready: false, reason })),
  ])
  // A node that died must not leave the readiness loop running until its timeout.
  polling.abort()
  if (outcome.ready) return { rpcUrl, stop, death }

  await stop()
  const reason = 'reason' in outcome ? outcome.reason : `no answer on ${rpcUrl} within ${timeoutMs / 1000} s`
  if (/address already in use|Address in use/i.test(reason)) throw new PortTaken(reason)
  throw new ChainError(`the chain could not start: ${reason}`, { binary })
}

// Polling is fine here: it runs once per node, for well under a second.
async function waitUntilAnswering(rpcUrl: string, timeoutMs: number, cancel: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && !cancel.aborted) {
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        signal: AbortSignal.timeout(1000),
      })
      if (response.ok) return true
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

async function stopChild(child: ChildProcess, untrack: () => void): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    signalGroup(child, 'SIGTERM')
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
  untrack()
}

/**
 * anvil under a small sh guard, in a process group of its own: Ctrl-C in a terminal reaches
 * only verisim, which stops the chain itself after its own cleanup (anvil dying first turned every
 * interrupt into a 'chain not reachable' error), and the guard kills anvil when verisim's end of
 * its stdin closes, which happens however verisim ends, kill -9 included. Its exit status is
 * anvil's, and anvil's stderr is its stderr.
 */
function spawnGuarded(binary: string, args: string[]): ChildProcess {
  if (process.platform === 'win32') return spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  const guard = [
    // Background lists read /dev/null: the watcher gets the pipe as fd 3, kept from the start.
    'exec 3<&0',
    '"$0" "$@" </dev/null >/dev/null 3<&- & a=$!',
    "trap 'kill $a 2>/dev/null' TERM INT HUP",
    '(read _ <&3; kill $a 2>/dev/null) & w=$!',
    'wait $a; s=$?; wait $a 2>/dev/null',
    'kill $w 2>/dev/null; exit $s',
  ].join('\n')
  return spawn('/bin/sh', ['-c', guard, binary, ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: true,
  })
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, signal)
    else child.kill(signal)
  } catch {
    // Already gone.
  }
}
