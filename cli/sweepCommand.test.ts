import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { snapshotFolder } from '../lab/fixtures/snapshotFolder.ts'
import { TINY_SWEEP } from '../scenarios/fixtures/tinyScenarios.ts'
import { METRIC_NAMES } from '../sim/index.ts'

const bin = join(import.meta.dirname, 'bin.js')
const verisim = (args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
    timeout: 240_000,
    ...(cwd ? { cwd } : {}),
  })

const tmp = mkdtempSync(join(tmpdir(), 'verisim-sweep-'))
const scenario = join(tmp, 'tiny.yaml')
writeFileSync(scenario, TINY_SWEEP)

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
    expect(csv[0]).toMatch(
      /^point,protocol\.p,hosts\.count,replicate,seed,mode,model_flops,model_parameters,tolerance_used,verification_overhead/,
    )
    expect(csv).toHaveLength(1 + 8)
    const long = readFileSync(join(whole, 'summary.csv'), 'utf8').trimEnd().split('\n')
    expect(long[0]).toBe('point,protocol.p,hosts.count,metric,n,mean,lower,upper')
    expect(long).toHaveLength(1 + 4 * METRIC_NAMES.length)
    const { mean, ci95 } = summary.points[0].metrics.undetected_fraud_rate
    expect(long).toContain(`0,0.1,4,undetected_fraud_rate,2,${mean},${ci95[0]},${ci95[1]}`)
    expect(ci95[0]).toBeGreaterThanOrEqual(0)
    expect(readFileSync(join(whole, 'scenario.resolved.yaml'), 'utf8')).toMatch(/challengeBond/)
    expect(summary.design).toBe('grid')
    expect(JSON.parse(readFileSync(join(whole, 'manifest.json'), 'utf8')).scenario).toBe('tiny.yaml')
    expect(run.stderr).toMatch(/^sweep: 4\/4 points, 8\/8 runs \(last \d-\d\), [\d.]+ runs\/(s|min), done$/m)
    expect(existsSync(join(whole, '.lock'))).toBe(false)
  })

  it('gives the same bytes whatever the parallelism, and locks its folder against a second sweep', async () => {
    const serial = join(tmp, 'serial')
    const first = spawn(
      process.execPath,
      [bin, 'sweep', scenario, '--out', serial, '--parallel', '1', '--workers', '2', '--quiet'],
      { env: { ...process.env, CI: 'true' }, stdio: 'ignore' },
    )
    const exited = new Promise<number | null>((resolve) => first.on('exit', resolve))
    // The lock file exists before its pid is written in it; stopped in between, the first sweep
    // would hold an empty lock that a second started more than 5 s later rightly takes as stale.
    const lockedByFirst = () => {
      try {
        return JSON.parse(readFileSync(join(serial, '.lock'), 'utf8')).pid === first.pid
      } catch {
        return false
      }
    }
    for (let i = 0; i < 600 && !lockedByFirst(); i++) await sleep(20)
    // Held still while the second sweep tries, so the race cannot be lost to a fast first sweep.
    first.kill('SIGSTOP')
    try {
      const second = verisim(['sweep', scenario, '--out', serial, '--quiet'])
      expect(second.status).toBe(2)
      expect(second.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(
            `^verisim: output folder ${serial} is locked by pid ${first.pid} on .*, another verisim using it`,
          ),
        ),
      ])
    } finally {
      first.kill('SIGCONT')
    }
    expect(await exited).toBe(0)
    expect(existsSync(join(serial, '.lock'))).toBe(false)
    expect(snapshotFolder(serial)).toEqual(snapshotFolder(whole))
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
    // kill -9 leaves the lock of a dead process behind: the resumed sweep takes it over.
    expect(JSON.parse(readFileSync(join(resumed, '.lock'), 'utf8')).pid).toBe(child.pid)
    const before = readdirSync(runs).filter((f) => f.endsWith('.json')).length
    expect(before).toBeGreaterThanOrEqual(2)
    expect(before).toBeLessThan(8)
    const again = verisim(['sweep', scenario, '--out', resumed])
    expect(again.status).toBe(0)
    expect(again.stderr).toMatch(new RegExp(`${before}/8 runs already done`))
    expect(existsSync(join(resumed, '.lock'))).toBe(false)
    expect(snapshotFolder(resumed)).toEqual(snapshotFolder(whole))
  }, 240_000)

  const a = join(tmp, 'shard0')
  const b = join(tmp, 'shard1')
  const none = join(tmp, 'shard5')

  it('splits into shards that merge into the same bytes, spare empty shards included', () => {
    // The scenario path typed three ways (relative, ./relative, absolute) gives the same bytes.
    expect(verisim(['sweep', './tiny.yaml', '--out', a, '--shard', '1/2', '--quiet'], {}, tmp).status).toBe(0)
    expect(verisim(['sweep', scenario, '--out', b, '--quiet'], { JOB_COMPLETION_INDEX: '1' }).status).toBe(2)
    expect(
      verisim(['sweep', scenario, '--out', b, '--shards', '2', '--quiet'], { JOB_COMPLETION_INDEX: '1' })
        .status,
    ).toBe(0)
    // An Indexed Job with more completions than points: index 5 is shard 6 of 6, which gets none
    // of the 4 points (shard i takes the points whose index is i - 1 modulo N).
    const empty = verisim(
      ['sweep', 'tiny.yaml', '--out', none, '--shards', '6'],
      { JOB_COMPLETION_INDEX: '5' },
      tmp,
    )
    expect(empty.stderr).toMatch(/shard 6\/6 gets none of the 4 points/)
    expect(empty.status).toBe(0)
    expect(readdirSync(join(none, 'runs'))).toEqual([])
    expect(readdirSync(join(none, 'traces'))).toEqual([])
    expect(existsSync(join(none, '.lock'))).toBe(false)
    const summary = JSON.parse(readFileSync(join(none, 'summary.json'), 'utf8'))
    expect(summary).toMatchObject({ runs: 0, points: [] })
    expect(readFileSync(join(none, 'runs.csv'), 'utf8')).toMatch(
      /^point,protocol\.p,hosts\.count,replicate,seed,/,
    )
    expect(readFileSync(join(none, 'report.html'), 'utf8')).toMatch(/holds no runs/)
    expect(verisim(['report', none]).status).toBe(0)

    const merged = join(tmp, 'merged')
    const partial = verisim(['merge', a, none, '--out', join(tmp, 'partial')])
    expect(partial.status).toBe(2)
    expect(partial.stderr).toMatch(/lack 4 of the sweep's runs/)
    expect(existsSync(join(tmp, 'partial'))).toBe(false)
    const merge = verisim(['merge', none, a, b, '--out', merged, '--quiet'])
    expect(merge.status).toBe(0)
    expect(merge.stderr).toBe('')
    expect(snapshotFolder(merged)).toEqual(snapshotFolder(whole))
  }, 240_000)

  it('refuses to merge a shard that lacks a trace, naming the folder and the file', () => {
    const broken = join(tmp, 'shard1-broken')
    cpSync(b, broken, { recursive: true })
    rmSync(join(broken, 'traces', '1-0.ndjson'))
    const out = join(tmp, 'merged-broken')
    const r = verisim(['merge', a, broken, '--out', out])
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^verisim: ${broken} lacks traces/1-0\\.ndjson, the trace of its run 1-0 `),
      ),
    ])
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([])
  })

  it('refuses to merge shards made with different verisim versions', () => {
    const other = join(tmp, 'shard1-other-version')
    cpSync(b, other, { recursive: true })
    const identity = JSON.parse(readFileSync(join(other, 'sweep.json'), 'utf8'))
    identity.versions.verisim = '0.0.0-other'
    writeFileSync(join(other, 'sweep.json'), `${JSON.stringify(identity, null, 2)}\n`)
    const out = join(tmp, 'merged-versions')
    const r = verisim(['merge', a, other, '--out', out])
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^verisim: ${other} was made with verisim 0\\.0\\.0-other and ${a} with verisim `),
      ),
    ])
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([])
  })

  it('refuses to merge a shard settled on the memory ledger with shards settled on anvil', () => {
    const memory = join(tmp, 'shard2-memory')
    const made = verisim([
      'sweep',
      scenario,
      '--out',
      memory,
      '--shard',
      '2/2',
      '--ledger',
      'memory',
      '--quiet',
    ])
    expect(made.status).toBe(0)
    expect(JSON.parse(readFileSync(join(memory, 'manifest.json'), 'utf8')).ledger).toBe('memory')
    expect(JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8')).ledger).toBe('anvil (embedded)')
    const out = join(tmp, 'merged-ledgers')
    const r = verisim(['merge', a, memory, '--out', out])
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^verisim: ${a} settled on the anvil ledger and ${memory} on the memory ledger`),
      ),
    ])
    expect(existsSync(out)).toBe(false)
  }, 240_000)

  it('names a zip crossed with a grid truthfully in summary.json', () => {
    const zipped = join(tmp, 'zipped.yaml')
    writeFileSync(
      zipped,
      readFileSync(scenario, 'utf8').replace(
        /grid:\n.*\n.*\n/,
        'zip:\n    protocol.p: [0.1, 0.5]\n    verifiers.count: [2, 3]\n  grid:\n    hosts.count: [4]\n',
      ),
    )
    // A spare shard: no run happens, and the folder still says what the sweep is.
    const out = join(tmp, 'zipped-shard')
    expect(verisim(['sweep', zipped, '--out', out, '--shard', '4/4', '--quiet']).status).toBe(0)
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).design).toBe('zip×grid')
    expect(readFileSync(join(out, 'runs.csv'), 'utf8')).toMatch(
      /^point,protocol\.p,verifiers\.count,hosts\.count,/,
    )
  })

  it('refuses a path that names no field, an empty list and a bad shard index', () => {
    const bad = join(tmp, 'bad.yaml')
    writeFileSync(bad, 'sweep:\n  grid:\n    protocol.q: [1]\n')
    const r1 = verisim(['sweep', bad, '--out', join(tmp, 'bad1')])
    expect(r1.status).toBe(2)
    expect(r1.stderr.trim()).toMatch(/^verisim: .*bad\.yaml:3:5: sweep\.grid: "protocol\.q" names no field/)
    writeFileSync(bad, 'sweep:\n  grid:\n    protocol.p: []\n')
    const r2 = verisim(['sweep', bad, '--out', join(tmp, 'bad2')])
    expect(r2.status).toBe(2)
    expect(r2.stderr).toMatch(/at least one value/)
    const r3 = verisim(['sweep', scenario, '--out', join(tmp, 'bad3'), '--shard', '3/2'])
    expect(r3.status).toBe(2)
    expect(r3.stderr).toMatch(
      /^verisim: --shard 3\/2: shard 3 is out of range for 2 shards \(shards are counted from 1: 1 to 2\)$/m,
    )
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
