import {
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../errors/index.ts'

export type LockHolder = { pid: number; host: string }

/** How often a holder touches its lock, and how old a lock of another host must be to be stale. */
const HEARTBEAT_MS = 10_000
const STALE_MS = 60_000

/**
 * Take the exclusive lock of an output folder: a `.lock` file created with O_EXCL that holds
 * this process's pid and host, and that the holder touches every 10 s. A lock whose process
 * is gone (kill -9, a crash) is stale and taken over: on this host when its pid is dead, or is
 * this process's own pid (a restarted container); from another host, whose pids cannot be
 * probed, when it has not been touched for a minute (a pod rescheduled on another node, a
 * requeued Slurm task). A live lock is an error naming the folder and its holder. Returns the
 * release, which is idempotent and removes the lock only while it is still this process's.
 */
export function lockFolder(
  dir: string,
  self: LockHolder = { pid: process.pid, host: hostname() },
  now: () => number = Date.now,
): () => void {
  const path = join(dir, '.lock')
  const text = `${JSON.stringify(self)}\n`
  // Two processes may take over the same stale lock at once; a few attempts settle who wins.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeExclusive(path, text)
      return hold(path, text)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const seen = readLock(path)
    if (seen === undefined) continue
    const holder = parseHolder(seen.text)
    const age = now() - seen.mtime
    // An unreadable lock is one being written, unless it has stayed so for a while.
    if (holder ? isAlive(holder, self, age) : age < 5_000) throw inUse(dir, holder, self)
    // Stale. Move it aside, then check that what moved is the lock judged stale: if another
    // process took it over in between, the moved lock is live and goes back.
    const aside = `${path}.stale-${self.pid}`
    try {
      renameSync(path, aside)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    const moved = readLock(aside)
    rmSync(aside, { force: true })
    if (moved && moved.text !== seen.text) {
      try {
        writeExclusive(path, moved.text)
      } catch {
        // Locked again meanwhile: that lock stands, and this process gives way all the same.
      }
      throw inUse(dir, parseHolder(moved.text), self)
    }
  }
  throw new InputError(`cannot lock output folder ${dir}: other processes keep taking its lock`, {
    hint: 'run one verisim at a time on a folder',
  })
}

function writeExclusive(path: string, text: string): void {
  const fd = openSync(path, 'wx')
  try {
    writeSync(fd, text)
  } catch (error) {
    // A full disk: an empty lock would read as "a process that is starting" to the next sweep.
    closeSync(fd)
    rmSync(path, { force: true })
    throw error
  }
  closeSync(fd)
}

/** Keep the lock fresh while held; the release stops that and removes the lock if still ours. */
function hold(path: string, text: string): () => void {
  const heartbeat = setInterval(() => {
    try {
      const t = new Date()
      utimesSync(path, t, t)
    } catch {
      // Gone: the release is under way.
    }
  }, HEARTBEAT_MS)
  heartbeat.unref()
  let released = false
  return () => {
    if (released) return
    released = true
    clearInterval(heartbeat)
    try {
      if (readFileSync(path, 'utf8') === text) rmSync(path, { force: true })
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function readLock(path: string): { text: string; mtime: number } | undefined {
  try {
    return { text: readFileSync(path, 'utf8'), mtime: statSync(path).mtimeMs }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Undefined when unreadable: a lock being written, or left half-written by a killed process. */
function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>
    return Number.isInteger(value.pid) && typeof value.host === 'string'
      ? { pid: value.pid as number, host: value.host }
      : undefined
  } catch {
    return undefined
  }
}

function isAlive(holder: LockHolder, self: LockHolder, age: number): boolean {
  if (holder.host !== self.host) return age < STALE_MS
  // This very pid cannot hold a lock it has not taken yet: the lock is from a former life of the
  // pid (a container restarted with the same pid and host name).
  if (holder.pid === self.pid) return false
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function inUse(dir: string, holder: LockHolder | undefined, self?: LockHolder): InputError {
  const who = holder ? `pid ${holder.pid} on ${holder.host}` : 'a verisim that is starting'
  const remote =
    holder && self && holder.host !== self.host
      ? `; a lock of another host is taken over once it has gone ${STALE_MS / 1000} s without a refresh`
      : ''
  return new InputError(`output folder ${dir} is locked by ${who}, another verisim using it`, {
    hint: `wait for it to finish or stop it${remote}; if no verisim uses the folder, delete ${join(dir, '.lock')}`,
  })
}
