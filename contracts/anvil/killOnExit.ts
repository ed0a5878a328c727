import type { ChildProcess } from 'node:child_process'

const children = new Set<ChildProcess>()
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function killAll(): void {
  for (const child of children) {
    try {
      // A detached child leads its own process group (startAnvil's guard and anvil). SIGTERM lets
      // the guard stop anvil and reap it; SIGKILL would orphan anvil as a zombie where init
      // does not reap.
      if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM')
      else child.kill('SIGKILL')
    } catch {
      // Already gone.
    }
  }
  children.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  killAll()
  removeHandlers()
  // Listening for a signal cancels Node's default of exiting on it. If nobody else handles it,
  // raise it again so Ctrl-C still ends the process as the user expects.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function installHandlers(): void {
  process.on('exit', killAll)
  for (const signal of signals) process.on(signal, onSignal)
}

function removeHandlers(): void {
  process.off('exit', killAll)
  for (const signal of signals) process.off(signal, onSignal)
}

/**
 * Kill `child` if this Node process exits or is interrupted, so Ctrl-C never leaves a node
 * behind. The process-wide handlers exist only while some child is tracked. Returns the function
 * that stops tracking it (call it once the child is stopped).
 */
export function killOnExit(child: ChildProcess): () => void {
  if (children.size === 0) installHandlers()
  children.add(child)
  return () => {
    if (!children.delete(child)) return
    if (children.size === 0) removeHandlers()
  }
}
