import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Move a finished temporary file to its name: its bytes are made durable first (fsync), then
 * the rename, then the folder entry (fsync of the folder, where the platform allows it), so
 * after a crash the name holds the whole file or the former one, never a torn one. On failure
 * the temporary file is removed and the error rethrown.
 */
export function commitFile(tmp: string, path: string): void {
  try {
    const fd = openSync(tmp, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
  } catch (error) {
    rmSync(tmp, { force: true })
    throw error
  }
  syncFolder(dirname(path))
}

function syncFolder(dir: string): void {
  // Windows cannot open a folder for fsync, and some file systems refuse it (EINVAL): the rename
  // is then as durable as the platform makes it.
  if (process.platform === 'win32') return
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Best effort, as above.
  }
}
