import { constants } from 'node:os'

let signalled: NodeJS.Signals | undefined
const cleanups = new Set<() => Promise<void>>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** The signal that interrupted this process, if any: errors after it are consequences, not news. */
export function interruption(): NodeJS.Signals | undefined {
  return signalled
}

/**
 * On Ctrl-C (SIGINT), SIGTERM (a scheduler's stop, `kill`) or SIGHUP (a closed terminal or SSH
 * session): run every registered cleanup, newest first (stop the chain and the pool, delete the
 * staging folder, release the lock), then exit 128 + the signal's number (130, 143, 129) as a
 * shell does, instead of leaving anvil running and half an output folder behind. The handlers
 * are installed at the first call and stay (main calls this once at start, so a signal during
 * set-up is handled the same way), so other layers' signal handlers (contracts/ kills anvil on
 * signals) see that someone handles the signal and do not re-raise it. Returns the function that
 * unregisters `cleanup`.
 */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  if (!installed) install()
  cleanups.add(cleanup)
  return () => {
    cleanups.delete(cleanup)
  }
}

let installed = false

function install(): void {
  installed = true
  for (const signal of SIGNALS) process.on(signal, handle)
}

function handle(signal: NodeJS.Signals): void {
  if (signalled) return
  signalled = signal
  process.stderr.write(`\nverisim: interrupted (${signal}); stopping the chain and removing partial output\n`)
  const steps = [...cleanups].reverse()
  cleanups.clear()
  const run = async () => {
    for (const step of steps) {
      try {
        await step()
      } catch {
        // The other steps still run: a failed chain stop must not keep the lock.
      }
    }
  }
  run().finally(() => process.exit(exitCodeOf(signal)))
}

/** 128 + the signal's number, as a shell reports a process ended by that signal. */
export function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 2)
}
