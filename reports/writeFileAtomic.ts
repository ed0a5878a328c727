import { rmSync, writeFileSync } from 'node:fs'
import { commitFile } from './commitFile.ts'

/**
 * Write through a temporary file and rename (commitFile: fsync before the rename), so a reader
 * never sees half a file and a crash leaves the old file or the new one. A failure (a full disk,
 * a read-only folder) removes the temporary file before it is reported: no `*.tmp-PID` stays.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`
  try {
    writeFileSync(tmp, data)
  } catch (error) {
    rmSync(tmp, { force: true })
    throw error
  }
  commitFile(tmp, path)
}
