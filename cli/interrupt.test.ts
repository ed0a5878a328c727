import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'

/** Pids of the anvil processes anywhere below `root`. */
const anvilsBelow = (root: number): number[] => {
  let rows: string[][]
  try {
    rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
  } catch {
    return []
  }
  const below = new Set([root])
  for (let grew = true; grew; ) {
    grew = false
    for (const [pid, ppid] of rows) {
      if (below.has(Number(ppid)) && !below.has(Number(pid))) {
        below.add(Number(pid))
        grew = true
      }
    }
  }
  return rows
    .filter(([pid, , comm]) => comm === 'anvil' && below.has(Number(pid)))
    .map(([pid]) => Number(pid))
}

/** Running, not a zombie (a zombie reparented to an init that does not reap stays listed). */
const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

describe('Ctrl-C during verisim run', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-int-'))
  const scenario = join(tmp, 'long.yaml')
  // The quickstart stretched to a long day, so the run is surely still going when interrupted.
  writeFileSync(
    scenario,
    readFileSync('scenarios/quickstart.yaml', 'utf8').replace('duration: 1200', 'duration: 86400'),
  )

  // Early (set-up), mid-run and later: a terminal's Ctrl-C reaches the whole foreground group.
  it.each([300, 1500, 3000])(
    'after %i ms: one line, exit 130, anvil stopped, no partial output',
    async (delay) => {
      const out = join(tmp, `out-${delay}`)
      const child = spawn(
        process.execPath,
        [join(import.meta.dirname, 'bin.js'), 'run', scenario, '--out', out],
        {
          env: { ...process.env, CI: 'true' },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        },
      )
      let stderr = ''
      child.stderr.on('data', (chunk) => {
        stderr += chunk
      })
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      let anvils: number[] = []
      for (let i = 0; i < 100 && anvils.length === 0; i++) {
        await sleep(50)
        anvils = anvilsBelow(child.pid as number)
      }
      expect(anvils).toHaveLength(1)
      await sleep(delay)
      process.kill(-(child.pid as number), 'SIGINT')
      expect(await exited).toBe(130)
      // Nothing but the interrupt notice: no second error from the torn-down run.
      expect(stderr.trim()).toMatch(
        /^verisim: interrupted \(SIGINT\); stopping the chain and removing partial output$/,
      )
      await sleep(200)
      expect(alive(anvils[0] as number)).toBe(false)
      expect(existsSync(out)).toBe(false)
      expect(readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([])
    },
    60_000,
  )
})
