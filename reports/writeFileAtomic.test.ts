import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from './writeFileAtomic.ts'

const tmp = mkdtempSync(join(tmpdir(), 'verisim-atomic-'))

/** strace from Debian, installed with apt-get when missing (tests run as root), as for Chromium. */
function strace(): string {
  const found = ['/usr/bin/strace', '/bin/strace'].find((p) => existsSync(p))
  if (found) return found
  execFileSync('apt-get', ['install', '-y', '-q', 'strace'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 300_000,
  })
  return '/usr/bin/strace'
}

describe('writeFileAtomic', () => {
  it('makes the bytes durable before the rename, and the folder entry after it', () => {
    const target = join(tmp, 'durable.json')
    const script = `import { writeFileAtomic } from ${JSON.stringify(join(import.meta.dirname, 'writeFileAtomic.ts'))}
writeFileAtomic(${JSON.stringify(target)}, '{"ok":true}\\n')`
    const log = join(tmp, 'strace.log')
    const traced = spawnSync(
      strace(),
      [
        '-f',
        '-e',
        'trace=openat,fsync,fdatasync,rename,renameat,renameat2',
        '-o',
        log,
        process.execPath,
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    )
    expect(traced.status, traced.stderr).toBe(0)
    expect(readFileSync(target, 'utf8')).toBe('{"ok":true}\n')
    // The system calls on the temporary file, the rename and the folder, in order.
    const calls = readFileSync(log, 'utf8')
      .split('\n')
      .map((line) => line.replace(/^\d+\s+/, ''))
    const fds = new Map<string, string>()
    const steps: string[] = []
    for (const call of calls) {
      const open = /^openat\(AT_FDCWD, "([^"]+)", [^)]*\) = (\d+)$/.exec(call)
      const opened =
        open?.[1] === tmp ? 'folder' : /durable\.json\.tmp-\d+$/.test(open?.[1] ?? '') ? 'file' : undefined
      // A descriptor number is reused once closed: the latest open names it.
      if (open) {
        if (opened) fds.set(open[2] as string, opened)
        else fds.delete(open[2] as string)
        continue
      }
      const sync = /^f(?:data)?sync\((\d+)\)/.exec(call)
      if (sync && fds.has(sync[1] as string)) steps.push(`fsync ${fds.get(sync[1] as string)}`)
      if (/^rename(at2?)?\(.*durable\.json\.tmp-\d+/.test(call)) steps.push('rename')
    }
    expect(steps).toEqual(['fsync file', 'rename', 'fsync folder'])
  }, 120_000)

  it('removes its temporary file when the write fails, and leaves what stood at the name untouched', () => {
    // A folder where the file should go: the rename fails after the data is written.
    const target = join(tmp, 'blocked')
    mkdirSync(join(target, 'inside'), { recursive: true })
    expect(() => writeFileAtomic(target, 'new')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/)
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([])
    expect(readdirSync(target)).toEqual(['inside'])
  })
})
