import { readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * Remove what killed verisim processes (kill -9, a power cut) left where `out` goes: staging
 * folders `.NAME.partial-PID` beside it (of any run or merge: a run's default folder name changes
 * every time) whose process is gone from this host, and, when `inside` is set (the
 * caller holds the folder's lock, so nobody else writes there), every `*.tmp-PID` file and
 * `*.partial` trace in `out` and its subfolders. None of them is output: no command counts them,
 * and a resumed sweep then ends with exactly the files of an uninterrupted one.
 */
export function removeLeftovers(out: string, options: { inside?: boolean } = {}): void {
  const parent = dirname(out)
  for (const name of list(parent)) {
    const pid = /^\..+\.partial-(\d+)$/.exec(name)?.[1]
    if (pid !== undefined && !isRunning(Number(pid)))
      rmSync(join(parent, name), { recursive: true, force: true })
  }
  if (options.inside) removeTemporaries(out, 2)
}

function removeTemporaries(dir: string, depth: number): void {
  for (const entry of listEntries(dir)) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (depth > 0) removeTemporaries(path, depth - 1)
    } else if (/\.tmp-\d+$/.test(entry.name) || /\.ndjson\.partial$/.test(entry.name)) {
      rmSync(path, { force: true })
    }
  }
}

/** Whether a process of this host still has that pid; this very process counts as gone. */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

function listEntries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
}
