/**
 * On Ctrl-C or SIGTERM: run the cleanup (stop the chain, delete the staging folder), then exit
 * 130 like a shell does, instead of leaving anvil running and half an output folder behind.
 */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  const handler = (signal: NodeJS.Signals) => {
    process.stderr.write(
      `\nverisim: interrupted (${signal}); stopping the chain and removing partial output\n`,
    )
    cleanup().finally(() => process.exit(130))
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
