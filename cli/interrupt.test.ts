import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'

const childPids = (parent: number) => {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(parent)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm]) => comm === 'anvil')
      .map(([pid]) => Number(pid))
  } catch {
    return []
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('Ctrl-C during verisim run', () => {
  it('stops anvil, removes the partial output and exits 130', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'verisim-int-'))
    const scenario = join(tmp, 'long.yaml')
    // The quickstart stretched to a long day, so the run is surely still going when interrupted.
    writeFileSync(
      scenario,
      readFileSync('scenarios/quickstart.yaml', 'utf8').replace('duration: 1200', 'duration: 86400'),
    )
    const out = join(tmp, 'out')
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, 'bin.js'), 'run', scenario, '--out', out],
      {
        env: { ...process.env, CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))

    let anvils: number[] = []
    for (let i = 0; i < 100 && anvils.length === 0; i++) {
      await sleep(100)
      anvils = childPids(child.pid as number)
    }
    expect(anvils).toHaveLength(1)
    await sleep(1500)
    expect(readdirSync(tmp).some((f) => f.includes('.partial-'))).toBe(true)
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toMatch(/interrupted/)
    await sleep(200)
    expect(alive(anvils[0] as number)).toBe(false)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([])
  }, 60_000)
})
