let signalled: NodeJS.Signals | undefined

/** The signal that interrupted this process, if any: errors after it are consequences, not news. */
export function interruption(): NodeJS.Signals | undefined {
  return signalled
}

/**
 * On Ctrl-C or SIGTERM: run the cleanup (stop the chain, delete the staging folder), then exit
 * 130 like a shell does, instead of leaving anvil running and half an output folder behind.
 * The handler stays registered until removed (not `once`), so other layers' signal handlers
 * (contracts/ kills anvil on signals) see that someone handles the signal and do not re-raise it.
 */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (signalled) return
    signalled = signal
    process.stderr.write(
      `\nverisim: interrupted (${signal}); stopping the chain and removing partial output\n`,
    )
    cleanup().finally(() => process.exit(130))
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
