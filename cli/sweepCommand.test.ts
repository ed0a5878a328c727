import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { METRIC_NAMES } from '../sim/computeMetrics.ts'

const bin = join(import.meta.dirname, 'bin.js')
const verisim = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
    timeout: 240_000,
  })

const tmp = mkdtempSync(join(tmpdir(), 'verisim-sweep-'))
const scenario = join(tmp, 'tiny.yaml')
writeFileSync(
  scenario,
  `name: tiny
seed: 5
duration: 60
blockTime: 12
model: { builtin: mlp, width: 16, depth: 3, inputSize: 8, outputSize: 4, seed: 1 }
hosts: { count: 4, stake: 100, behaviours: { honest: 0.5, lazy: 0.5 }, variant: skip, cheatRate: 0.5 }
verifiers: { count: 2 }
requesters: { count: 1, jobRate: 1, fee: 0.01 }
protocol: { mode: sampling, p: 0.2, challengeWindow: 24, slashFraction: 0.01 }
sweep:
  replicates: 2
  grid:
    protocol.p: [0.1, 0.5]
    hosts.count: [4, 5]
`,
)

/** Every file of a folder except timing.json (wall time is not deterministic by nature). */
function snapshot(dir: string, sub = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const rel = join(sub, entry.name)
    if (entry.isDirectory()) Object.assign(out, snapshot(dir, rel))
    else if (entry.name !== 'timing.json') out[rel] = readFileSync(join(dir, rel), 'utf8')
  }
  return out
}

describe('verisim sweep', () => {
  const whole = join(tmp, 'whole')
  let run: ReturnType<typeof verisim>

  beforeAll(() => {
    run = verisim(['sweep', scenario, '--out', whole, '--parallel', '2', '--workers', '1'])
  }, 240_000)

  it('runs every point and replicate and reports mean and 95% CI per metric', () => {
    expect(run.stderr).not.toMatch(/\n\s+at /)
    expect(run.status).toBe(0)
    const summary = JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8'))
    expect(summary.points).toHaveLength(4)
    expect(summary.points[0].params).toEqual({ 'protocol.p': 0.1, 'hosts.count': 4 })
    for (const point of summary.points) {
      expect(point.replicates).toBe(2)
      for (const name of METRIC_NAMES) expect(point.metrics[name]).toHaveProperty('mean')
      const { mean, ci95 } = point.metrics.gas_per_job
      expect(ci95[0]).toBeLessThanOrEqual(mean)
      expect(ci95[1]).toBeGreaterThanOrEqual(mean)
    }
    const csv = readFileSync(join(whole, 'runs.csv'), 'utf8').trimEnd().split('\n')
    expect(csv[0]).toMatch(/^point,protocol\.p,hosts\.count,replicate,seed,verification_overhead/)
    expect(csv).toHaveLength(1 + 8)
    expect(readFileSync(join(whole, 'scenario.resolved.yaml'), 'utf8')).toMatch(/challengeBond/)
    expect(run.stderr).toMatch(/8\/8 runs/)
  })

  it('gives the same bytes whatever the parallelism', () => {
    const serial = join(tmp, 'serial')
    expect(
      verisim(['sweep', scenario, '--out', serial, '--parallel', '1', '--workers', '2', '--quiet']).status,
    ).toBe(0)
    expect(snapshot(serial)).toEqual(snapshot(whole))
  }, 240_000)

  it('resumes after kill -9 and ends byte-identical to an uninterrupted sweep', async () => {
    const resumed = join(tmp, 'resumed')
    const child = spawn(process.execPath, [bin, 'sweep', scenario, '--out', resumed, '--parallel', '1'], {
      env: { ...process.env, CI: 'true' },
      stdio: 'ignore',
    })
    const runs = join(resumed, 'runs')
    for (let i = 0; i < 600; i++) {
      if (existsSync(runs) && readdirSync(runs).filter((f) => f.endsWith('.json')).length >= 2) break
      await sleep(50)
    }
    child.kill('SIGKILL')
    await new Promise((resolve) => child.on('exit', resolve))
    const before = readdirSync(runs).filter((f) => f.endsWith('.json')).length
    expect(before).toBeGreaterThanOrEqual(2)
    expect(before).toBeLessThan(8)
    const again = verisim(['sweep', scenario, '--out', resumed])
    expect(again.status).toBe(0)
    expect(again.stderr).toMatch(new RegExp(`${before}/8 runs already done`))
    expect(snapshot(resumed)).toEqual(snapshot(whole))
  }, 240_000)

  it('splits into shards that merge into the same bytes', () => {
    const a = join(tmp, 'shard0')
    const b = join(tmp, 'shard1')
    expect(verisim(['sweep', scenario, '--out', a, '--shard', '0/2', '--quiet']).status).toBe(0)
    expect(verisim(['sweep', scenario, '--out', b, '--quiet'], { JOB_COMPLETION_INDEX: '1' }).status).toBe(2)
    expect(
      verisim(['sweep', scenario, '--out', b, '--shards', '2', '--quiet'], { JOB_COMPLETION_INDEX: '1' })
        .status,
    ).toBe(0)
    const merged = join(tmp, 'merged')
    const partial = verisim(['merge', a, '--out', join(tmp, 'partial')])
    expect(partial.status).toBe(2)
    expect(partial.stderr).toMatch(/lack 4 of the sweep's runs/)
    expect(existsSync(join(tmp, 'partial'))).toBe(false)
    expect(verisim(['merge', a, b, '--out', merged]).status).toBe(0)
    expect(snapshot(merged)).toEqual(snapshot(whole))
  }, 240_000)

  it('refuses a path that names no field, an empty list and a bad shard index', () => {
    const bad = join(tmp, 'bad.yaml')
    writeFileSync(bad, 'sweep:\n  grid:\n    protocol.q: [1]\n')
    const r1 = verisim(['sweep', bad, '--out', join(tmp, 'bad1')])
    expect(r1.status).toBe(2)
    expect(r1.stderr.trim()).toMatch(/^verisim: .*bad\.yaml: sweep\.grid\.protocol\.q: names no field/)
    writeFileSync(bad, 'sweep:\n  grid:\n    protocol.p: []\n')
    const r2 = verisim(['sweep', bad, '--out', join(tmp, 'bad2')])
    expect(r2.status).toBe(2)
    expect(r2.stderr).toMatch(/at least one value/)
    const r3 = verisim(['sweep', scenario, '--out', join(tmp, 'bad3'), '--shard', '3/2'])
    expect(r3.status).toBe(2)
    expect(r3.stderr).toMatch(/shard index 3 is out of range/)
    for (const d of ['bad1', 'bad2', 'bad3']) expect(existsSync(join(tmp, d))).toBe(false)
  })

  it('refuses to merge sweeps of different scenarios', () => {
    const other = join(tmp, 'other.yaml')
    writeFileSync(
      other,
      readFileSync(scenario, 'utf8').replace('seed: 5', 'seed: 6').replace('[4, 5]', '[4]'),
    )
    const o = join(tmp, 'other-out')
    expect(verisim(['sweep', other, '--out', o, '--quiet']).status).toBe(0)
    const r = verisim(['merge', whole, o, '--out', join(tmp, 'mixed')])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/another scenario/)
    expect(existsSync(join(tmp, 'mixed'))).toBe(false)
  }, 240_000)
})
