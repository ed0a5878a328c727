import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { lockFolder } from './lockFolder.ts'

const host = hostname()
const folder = () => mkdtempSync(join(tmpdir(), 'verisim-lock-'))
/** The pid of a process that has exited: a holder that died without releasing its lock. */
const deadPid = () =>
  spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()

describe('lockFolder', () => {
  it('takes the lock, refuses a second holder while it lives, and releases it', () => {
    const dir = folder()
    const release = lockFolder(dir)
    expect(JSON.parse(readFileSync(join(dir, '.lock'), 'utf8'))).toEqual({ pid: process.pid, host })
    expect(() => lockFolder(dir, { pid: 1_234_567, host })).toThrow(
      `output folder ${dir} is locked by pid ${process.pid} on ${host}, another verisim using it`,
    )
    release()
    expect(existsSync(join(dir, '.lock'))).toBe(false)
    release()
    lockFolder(dir, { pid: 1_234_567, host })()
  })

  it('takes over the lock of a process that died', () => {
    const dir = folder()
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: Number(deadPid()), host }))
    const release = lockFolder(dir)
    expect(JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')).pid).toBe(process.pid)
    release()
  })

  it('takes over a lock holding its own pid (a restarted container), never a live one', () => {
    const dir = folder()
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: process.pid, host }))
    lockFolder(dir)()
    expect(existsSync(join(dir, '.lock'))).toBe(false)
  })

  it('respects a lock of another host while it is refreshed, and takes it a minute after', () => {
    const dir = folder()
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: Number(deadPid()), host: `${host}-other` }))
    expect(() => lockFolder(dir)).toThrow(/is locked by pid \d+ on .*-other, another verisim using it/)
    const later = () => Date.now() + 61_000
    lockFolder(dir, { pid: process.pid, host }, later)()
    expect(existsSync(join(dir, '.lock'))).toBe(false)
  })

  it('keeps its lock fresh while it holds it', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const dir = folder()
      const release = lockFolder(dir)
      const lock = join(dir, '.lock')
      const old = new Date(Date.now() - 120_000)
      utimesSync(lock, old, old)
      vi.advanceTimersByTime(10_000)
      expect(Date.now() - statSync(lock).mtimeMs).toBeLessThan(5_000)
      release()
    } finally {
      vi.useRealTimers()
    }
  })

  it('waits a moment before taking an unreadable (half-written) lock', () => {
    const dir = folder()
    writeFileSync(join(dir, '.lock'), '')
    expect(() => lockFolder(dir)).toThrow(/is locked by a verisim that is starting, another verisim using it/)
    const later = () => Date.now() + 60_000
    lockFolder(dir, { pid: process.pid, host }, later)()
    expect(existsSync(join(dir, '.lock'))).toBe(false)
  })

  it('releases only its own lock', () => {
    const dir = folder()
    const release = lockFolder(dir)
    const other = JSON.stringify({ pid: 1, host })
    writeFileSync(join(dir, '.lock'), other)
    release()
    expect(readFileSync(join(dir, '.lock'), 'utf8')).toBe(other)
  })
})
