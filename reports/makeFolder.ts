import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * `mkdir -p` that fails instead of looping: Node 20's recursive mkdirSync spins at full CPU
 * forever where the parent exists but refuses new entries with ENOENT (`/proc/x`). Errors are
 * the OS's (with `code` and `path`), for the caller to name its folder in.
 */
export function makeFolder(path: string): void {
  if (isFolder(path)) return
  const parent = dirname(path)
  if (parent !== path) makeFolder(parent)
  try {
    mkdirSync(path)
  } catch (error) {
    // Made meanwhile by another process (two shards creating one parent): that is success.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(path)) return
    throw error
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
