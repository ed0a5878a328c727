import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildMlp, encodeModel } from '../engine/index.ts'

/**
 * Faults a user meets: a chain that dies, a full, read-only or impossible --out, a broken model
 * file, a locked folder, signals and kill -9. Each gives one line naming the cause (no stack, no
 * internal path), the right exit code, no half-written output and no process left behind.
 */

const bin = join(import.meta.dirname, 'bin.js')
const tmp = mkdtempSync(join(tmpdir(), 'verisim-faults-'))

type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }
type Started = { child: ChildProcess; exited: Promise<Exit>; stderr: () => string }

/** The real CLI, in a process group of its own (signals go to the group, as a terminal sends). */
function start(args: string[]): Started {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let stderr = ''
  let stdout = ''
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  child.stdout?.on('data', (chunk) => {
    stdout += chunk
  })
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr, stdout })),
  )
  return { child, exited, stderr: () => stderr }
}

/** Run to the end; a command that hangs (the /proc spin) fails the test at the deadline. */
async function verisim(args: string[], deadlineMs = 120_000): Promise<Exit> {
  const run = start(args)
  const timer = setTimeout(() => run.child.kill('SIGKILL'), deadlineMs)
  const exit = await run.exited
  clearTimeout(timer)
  return exit
}

/** Poll until `check` holds, failing with `what` at the deadline. */
async function until(what: string, check: () => boolean, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(25)
  }
}

/** Pids of the processes below `root` (anvil's guard shell and anvil), with their names. */
function descendants(root: number): { pid: number; comm: string }[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
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
    .filter(([pid]) => Number(pid) !== root && below.has(Number(pid)))
    .map(([pid, , comm]) => ({ pid: Number(pid), comm: comm as string }))
}

/** Running, not a zombie (a zombie reparented to an init that does not reap stays listed). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return false
  }
}

/** Every file below `dir`, relative, sorted. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = join(sub, entry.name)
      if (entry.isDirectory()) walk(rel)
      else out.push(rel)
    }
  }
  walk('')
  return out.sort()
}

/** Digests of a folder's files but the wall-time ones, which differ between identical runs. */
function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const rel of files(dir)) {
    out[rel] = /^timing(\.json|\.js|\/)/.test(rel)
      ? '(wall time)'
      : createHash('sha256')
          .update(readFileSync(join(dir, rel)))
          .digest('hex')
  }
  return out
}

/** Leftovers no fault may leave: temporary files and staging folders, anywhere below `dir`. */
function junk(dir: string): string[] {
  const out: string[] = []
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = join(sub, entry.name)
      if (/\.tmp-\d+$|\.partial(-\d+)?$|^\.lock$/.test(entry.name)) out.push(rel)
      if (entry.isDirectory()) walk(rel)
    }
  }
  if (existsSync(dir)) walk('')
  return out
}

/** One line on stderr, naming the cause, with no stack and no internal path. */
function expectOneLine(exit: Exit, pattern: RegExp): void {
  const lines = exit.stderr.trimEnd().split('\n')
  expect(lines, exit.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
  expect(exit.stderr).not.toMatch(/\n\s+at |internal error|\.partial-|\.tmp-|node_modules/)
}

const base = `seed: 3
duration: 60
blockTime: 12
model: { builtin: mlp, width: 8, depth: 2, inputSize: 4, outputSize: 2, seed: 1 }
hosts: { count: 3, stake: 1000, behaviours: { honest: 0.6, lazy: 0.4 }, variant: skip, cheatRate: 0.3 }
verifiers: { count: 1 }
requesters: { count: 1, jobRate: 0.5, fee: 0.002 }
protocol: { mode: sampling, p: 0.2, minStake: 100, slashFraction: 0.05, challengeWindow: 24 }
`
const tinyRun = join(tmp, 'tiny-run.yaml')
writeFileSync(tinyRun, `name: tiny-run\n${base}`)
const tinySweep = join(tmp, 'tiny-sweep.yaml')
writeFileSync(
  tinySweep,
  `name: tiny-sweep\n${base}sweep:\n  replicates: 2\n  grid:\n    protocol.p: [0.1, 0.3]\n    hosts.count: [3, 4]\n`,
)
// Long enough in virtual time that the run is surely still going when the fault strikes.
const longRun = join(tmp, 'long-run.yaml')
writeFileSync(longRun, `name: long-run\n${base.replace('duration: 60', 'duration: 200000')}`)
const memory = ['--ledger', 'memory', '--workers', '1', '--quiet']
// One run at a time, so an interrupt lands at a known moment of a known run.
const oneRunAtATime = ['--ledger', 'memory', '--workers', '1', '--parallel', '1']

describe('fault: the embedded chain dies mid-run', () => {
  it('says the embedded chain died (not to leave out an --rpc-url never given), exit 2, nothing left', async () => {
    const out = join(tmp, 'chain-died')
    const run = start(['run', longRun, '--out', out, '--workers', '1'])
    const pid = run.child.pid as number
    let anvil: number | undefined
    await until('anvil to start', () => {
      anvil = descendants(pid).find((p) => p.comm === 'anvil')?.pid
      return anvil !== undefined
    })
    // Mid-run: blocks are being settled and the trace is growing in the staging folder.
    const staging = () => readdirSync(tmp).find((f) => f.startsWith('.chain-died.partial-'))
    await until('the run to write its trace', () => {
      const dir = staging()
      return dir !== undefined && existsSync(join(tmp, dir, 'trace.ndjson'))
        ? statSync(join(tmp, dir, 'trace.ndjson')).size > 10_000
        : false
    })
    const below = descendants(pid)
    process.kill(anvil as number, 'SIGKILL')
    const exit = await run.exited
    expect(exit.code).toBe(2)
    expectOneLine(exit, /^verisim: the embedded chain \(anvil\) died during the run: /)
    expect(exit.stderr).not.toMatch(/rpc-url|RPC URL/i)
    expect(existsSync(out)).toBe(false)
    expect(junk(tmp)).toEqual([])
    for (const p of below) await until(`${p.comm} ${p.pid} to stop`, () => !alive(p.pid), 5_000)
  }, 120_000)
})

describe('fault: an --out that cannot be written', () => {
  const full = join(tmp, 'full')
  const readOnly = join(tmp, 'read-only')
  const shard = join(tmp, 'shard')

  beforeAll(async () => {
    // A 64 KiB disk: the runs fit, report.html (plotly inlined, megabytes) does not.
    mkdirSync(full)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full])
    // Root writes through chmod 555: a read-only bind mount is what refuses root too.
    mkdirSync(readOnly)
    execFileSync('mount', ['--bind', readOnly, readOnly])
    execFileSync('mount', ['-o', 'remount,bind,ro', readOnly])
    // A finished sweep for merge to write.
    expect((await verisim(['sweep', tinySweep, '--out', shard, ...memory])).code).toBe(0)
  }, 120_000)
  afterAll(() => {
    for (const dir of [full, readOnly]) execFileSync('umount', ['-l', dir])
  })

  const commands = (out: string): [string, string[]][] => [
    ['run', ['run', tinyRun, '--out', out, ...memory]],
    ['sweep', ['sweep', tinySweep, '--out', out, ...memory]],
    ['merge', ['merge', shard, '--out', out, '--quiet']],
  ]

  it.each(commands(join(full, 'out')))(
    'a full disk: %s names the folder and ENOSPC, exit 2, no temp file or staging folder left',
    async (command, args) => {
      const exit = await verisim(args)
      expect(exit.code).toBe(2)
      expectOneLine(exit, new RegExp(`^verisim: cannot write output folder ${full}/out: ENOSPC, `))
      expect(junk(full)).toEqual([])
      if (command === 'sweep') {
        // A sweep keeps what finished (the next sweep resumes from it): whole runs and traces only.
        for (const rel of files(join(full, 'out'))) {
          expect(rel).toMatch(
            /^(sweep\.json|runs\/\d+-\d+\.json|traces\/\d+-\d+\.ndjson|timing\/\d+-\d+\.json)$/,
          )
          if (rel.endsWith('.json')) JSON.parse(readFileSync(join(full, 'out', rel), 'utf8'))
        }
      } else {
        expect(existsSync(join(full, 'out'))).toBe(false)
      }
      rmSync(join(full, 'out'), { recursive: true, force: true })
    },
    120_000,
  )

  it.each(commands(join(readOnly, 'out')))(
    'a read-only --out: %s names the folder and EROFS, exit 2, nothing created',
    async (_, args) => {
      const exit = await verisim(args)
      expect(exit.code).toBe(2)
      expectOneLine(exit, new RegExp(`^verisim: cannot write output folder ${readOnly}/out: EROFS, `))
      expect(readdirSync(readOnly)).toEqual([])
    },
    120_000,
  )

  it.each(commands('/proc/verisim-out'))(
    '--out under /proc: %s fails at once (it used to spin forever) naming the folder, exit 2',
    async (_, args) => {
      const exit = await verisim(args, 60_000)
      expect(exit.code).toBe(2)
      expectOneLine(exit, /^verisim: cannot write output folder \/proc\/verisim-out: ENOENT, /)
    },
    120_000,
  )
})

describe('fault: a file flag under /proc', () => {
  it.each([
    [
      'check --junit',
      [
        'check',
        join(import.meta.dirname, '..', 'scenarios', 'library', 'safety'),
        '--junit',
        '/proc/verisim-out/j.xml',
        '--ledger',
        'memory',
        '--quiet',
      ],
    ],
    ['calibrate --out', ['calibrate', '--out', '/proc/verisim-out/c.json']],
  ])(
    '%s fails at once (it used to spin forever) naming the folder, exit 2',
    async (_, args) => {
      const exit = await verisim(args, 60_000)
      expect(exit.code).toBe(2)
      expectOneLine(exit, /: cannot create the folder \/proc\/verisim-out \(ENOENT\)/)
    },
    120_000,
  )
})

describe('fault: check saves a minimal failing scenario under /proc', () => {
  it('fails naming the folder, exit 2, instead of spinning', async () => {
    const failing = join(tmp, 'failing.yaml')
    writeFileSync(
      failing,
      `name: failing\n${base.replace('mode: sampling', 'mode: none')}invariants:\n  no_fraud: undetected_fraud_rate == 0\n`,
    )
    const exit = await verisim(['check', failing, '--out', '/proc/verisim-out', ...memory], 90_000)
    expect(exit.code).toBe(2)
    expectOneLine(exit, /^verisim: cannot write output folder \/proc\/verisim-out: ENOENT, /)
  }, 120_000)
})

describe('fault: a broken model file', () => {
  const model = encodeModel(
    buildMlp(
      {
        kind: 'mlp',
        width: 8,
        depth: 2,
        inputSize: 4,
        outputSize: 2,
        seed: 1,
        cheats: { skipLayers: 1, noiseScale: 1, substituteWidth: 4 },
      },
      'honest',
    ).model,
  )
  const withModel = (name: string, bytes: Uint8Array | string) => {
    const file = join(tmp, `${name}.onnx`)
    writeFileSync(file, bytes)
    const scenario = join(tmp, `${name}.yaml`)
    writeFileSync(
      scenario,
      `name: ${name}\n${base.replace(/^model: .*$/m, `model: { file: ${file} }`).replace('variant: skip', 'variant: noise')}`,
    )
    return { file, scenario }
  }

  it.each([
    ['truncated', model.subarray(0, Math.floor(model.length / 2)), 'is cut short: it ends at byte'],
    ['not-onnx', 'name: this is YAML, not ONNX\n', 'is not an ONNX model'],
  ] as const)(
    '%s: one line naming model.file and the problem, exit 2, no output',
    async (name, bytes, problem) => {
      const { file, scenario } = withModel(name, bytes)
      for (const command of ['run', 'sweep']) {
        const out = join(tmp, `model-${name}-${command}`)
        const exit = await verisim([command, scenario, '--out', out, ...memory])
        expect(exit.code).toBe(2)
        expectOneLine(exit, new RegExp(`^verisim: .*model\\.file: ${file} ${problem}`))
        expect(existsSync(out)).toBe(false)
      }
      expect(junk(tmp)).toEqual([])
    },
    120_000,
  )
})

describe('fault: two sweeps on one folder', () => {
  it('a live lock is refused with "locked by pid N", exit 2; a dead holder’s lock is taken over', async () => {
    const out = join(tmp, 'locked')
    mkdirSync(out)
    // This test's own process is alive on this host: its lock stands.
    writeFileSync(join(out, '.lock'), `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`)
    const refused = await verisim(['sweep', tinySweep, '--out', out, ...memory])
    expect(refused.code).toBe(2)
    expectOneLine(refused, new RegExp(`^verisim: output folder ${out} is locked by pid ${process.pid} on `))
    expect(readdirSync(out)).toEqual(['.lock'])
    // A holder killed with -9 leaves its lock: the next sweep takes it over and finishes.
    const dead = start(['sweep', tinySweep, '--out', out, ...memory])
    dead.child.kill('SIGKILL')
    await dead.exited
    writeFileSync(join(out, '.lock'), `${JSON.stringify({ pid: dead.child.pid, host: hostname() })}\n`)
    const taken = await verisim(['sweep', tinySweep, '--out', out, ...memory])
    expect(taken.code).toBe(0)
    expect(taken.stderr).toBe('')
    expect(junk(out)).toEqual([])
  }, 120_000)
})

describe('fault: signals and kill -9', () => {
  const whole = join(tmp, 'whole')
  beforeAll(async () => {
    expect((await verisim(['sweep', tinySweep, '--out', whole, ...memory])).code).toBe(0)
  }, 120_000)

  const interrupted = (signal: string) =>
    new RegExp(`^verisim: interrupted \\(${signal}\\); stopping the chain and removing partial output$`)

  it.each([
    ['SIGTERM', 143, 'set-up'],
    ['SIGHUP', 129, 'mid-run'],
    ['SIGINT', 130, 'set-up'],
  ] as const)(
    'run: %s exits %i at %s: one line, chain stopped, no partial output',
    async (signal, code, moment) => {
      const out = join(tmp, `run-${signal}`)
      const run = start(['run', longRun, '--out', out, '--workers', '1'])
      const pid = run.child.pid as number
      await until('anvil to start', () => descendants(pid).some((p) => p.comm === 'anvil'))
      if (moment === 'mid-run') {
        const trace = () => readdirSync(tmp).find((f) => f.startsWith(`.run-${signal}.partial-`))
        await until('the trace to grow', () => {
          const dir = trace()
          const file = dir && join(tmp, dir, 'trace.ndjson')
          return file !== undefined && existsSync(file) && statSync(file).size > 10_000
        })
      }
      const below = descendants(pid)
      process.kill(-pid, signal)
      const exit = await run.exited
      expect(exit.code).toBe(code)
      expect(exit.stderr.trim()).toMatch(interrupted(signal))
      expect(existsSync(out)).toBe(false)
      expect(junk(tmp)).toEqual([])
      for (const p of below) await until(`${p.comm} ${p.pid} to stop`, () => !alive(p.pid), 5_000)
    },
    120_000,
  )

  it.each([
    ['SIGTERM', 143, 'mid-run'],
    ['SIGHUP', 129, 'while writing'],
    ['SIGINT', 130, 'mid-run'],
  ] as const)(
    'sweep: %s exits %i %s, releases the lock, and the resume gives the uninterrupted bytes',
    async (signal, code, moment) => {
      const out = join(tmp, `sweep-${signal}`)
      const sweep = start(['sweep', tinySweep, '--out', out, ...oneRunAtATime])
      const runs = () => (existsSync(join(out, 'runs')) ? readdirSync(join(out, 'runs')) : [])
      // Mid-run: the first run's trace is being written; while writing: runs are finishing.
      if (moment === 'mid-run') await until('a run to start', () => existsSync(join(out, 'traces')))
      else await until('a run to finish', () => runs().some((f) => f.endsWith('.json')))
      process.kill(-(sweep.child.pid as number), signal)
      const exit = await sweep.exited
      expect(exit.code).toBe(code)
      expect(exit.stderr.trim().split('\n').at(-1)).toMatch(interrupted(signal))
      expect(junk(out)).toEqual([])
      const resumed = await verisim(['sweep', tinySweep, '--out', out, ...memory])
      expect(resumed.code).toBe(0)
      expect(digests(out)).toEqual(digests(whole))
    },
    120_000,
  )

  it('kill -9 of a sweep, then the same command: the bytes of an uninterrupted sweep, no extra files', async () => {
    const out = join(tmp, 'sweep-kill9')
    const sweep = start(['sweep', tinySweep, '--out', out, ...oneRunAtATime])
    await until('a run to finish', () =>
      existsSync(join(out, 'runs')) ? readdirSync(join(out, 'runs')).length > 0 : false,
    )
    sweep.child.kill('SIGKILL')
    await sweep.exited
    // What a kill during the final writes leaves (the window is too short to hit on purpose).
    const pid = sweep.child.pid as number
    writeFileSync(join(out, `trace.ndjson.tmp-${pid}`), '{"point":0')
    writeFileSync(join(out, 'runs', `1-1.json.tmp-${pid}`), '{')
    writeFileSync(join(out, 'traces', '1-1.ndjson.partial'), '{"t":0')
    const resumed = await verisim(['sweep', tinySweep, '--out', out, ...memory])
    expect(resumed.code).toBe(0)
    expect(digests(out)).toEqual(digests(whole))
  }, 120_000)

  it('kill -9 of a run and of a merge, then the same command: staging folders go, exit 0', async () => {
    const runOut = join(tmp, 'run-kill9')
    const run = start(['run', longRun, '--out', runOut, ...memory])
    await until('the run to stage', () => readdirSync(tmp).some((f) => f.startsWith('.run-kill9.partial-')))
    run.child.kill('SIGKILL')
    await run.exited
    expect(readdirSync(tmp).filter((f) => f.startsWith('.run-kill9.partial-'))).toHaveLength(1)
    // The run is long: the same command with a short scenario stands for "again, to the end".
    const again = await verisim(['run', tinyRun, '--out', runOut, ...memory])
    expect(again.code).toBe(0)
    expect(readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([])

    const mergeOut = join(tmp, 'merged')
    const merge = start(['merge', whole, '--out', mergeOut, '--quiet'])
    // merge is fast: killed as soon as it stages, or (if it wins the race) its staging is rebuilt.
    await until('the merge to stage or finish', () =>
      readdirSync(tmp).some((f) => f.startsWith('.merged.partial-') || f === 'merged'),
    )
    merge.child.kill('SIGKILL')
    await merge.exited
    rmSync(mergeOut, { recursive: true, force: true })
    const leftover = join(tmp, `.merged.partial-${merge.child.pid}`)
    if (!existsSync(leftover)) cpSync(whole, leftover, { recursive: true })
    const merged = await verisim(['merge', whole, '--out', mergeOut, '--quiet'])
    expect(merged.code).toBe(0)
    expect(readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([])
    expect(files(mergeOut)).toEqual(files(whole))
  }, 120_000)
})
