import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunProgress } from '../sim/index.ts'
import { createRunner } from './createRunner.ts'
import { runScenario } from './runScenario.ts'

// A small scenario run for real (onnxruntime, the in-process ledger), from code as a script would.
const tmp = mkdtempSync(join(tmpdir(), 'verisim-runScenario-'))
const file = join(tmp, 'small.yaml')
writeFileSync(
  file,
  `name: small
seed: 5
duration: 60
blockTime: 6
model: { builtin: mlp, width: 16, depth: 4, inputSize: 8, outputSize: 4, seed: 2, cheats: { skipLayers: 1 } }
hosts: { count: 4, stake: 100, behaviours: { honest: 0.5, lazy: 0.5 }, variant: noise, cheatRate: 1 }
verifiers: { count: 2 }
requesters: { count: 1, jobRate: 0.5, fee: 0.01 }
protocol: { mode: sampling, p: 0.5, k: 2, challengeWindow: 30, slashFraction: 0.01, moveTimeout: 20 }
`,
)
const runner = createRunner({ workers: 1, parallel: 1, ledger: { kind: 'memory' } })
afterAll(() => runner.close())
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8')
// Everything but timing (wall clock) and report.html (which plots it) is deterministic.
const DETERMINISTIC = [
  'manifest.json',
  'runs.csv',
  'runs/0-0.json',
  'scenario.resolved.yaml',
  'summary.csv',
  'summary.json',
  'trace.ndjson',
]

describe('runScenario', () => {
  it('writes the same folder as `verisim run`, byte for byte, and returns its record', async () => {
    const seen: RunProgress[] = []
    const fromCode = await runScenario(runner, file, {
      out: (spec) => join(tmp, `${spec.name}-code`),
      overrides: { 'hosts.count': 6 },
      progress: (p) => seen.push(p),
    })
    expect(fromCode.out).toBe(join(tmp, 'small-code'))
    expect(seen.length).toBeGreaterThan(0)
    expect(fromCode.spec.hosts.count).toBe(6)
    expect(fromCode.result.counts.bad_results).toBeGreaterThan(0)
    // No demand: section, no market: no periods.ndjson and no market fields anywhere.
    expect(fromCode.periodsSha256).toBeNull()
    expect(existsSync(join(fromCode.out, 'periods.ndjson'))).toBe(false)
    expect('market' in fromCode.record || 'demand' in JSON.parse(read(fromCode.out, 'summary.json'))).toBe(
      false,
    )
    expect(JSON.parse(read(fromCode.out, 'runs/0-0.json'))).toEqual(
      JSON.parse(JSON.stringify(fromCode.record)),
    )

    const cliOut = join(tmp, 'cli')
    const cli = spawnSync(
      process.execPath,
      [
        join(import.meta.dirname, '../cli/bin.js'),
        'run',
        file,
        '--ledger',
        'memory',
        '--set',
        'hosts.count=6',
        '--workers',
        '1',
        '--out',
        cliOut,
        '--quiet',
      ],
      { encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 120_000 },
    )
    expect(cli.stderr).toBe('')
    expect(cli.status).toBe(0)
    expect(readdirSync(fromCode.out).sort()).toEqual(readdirSync(cliOut).sort())
    for (const name of DETERMINISTIC) expect(read(fromCode.out, name), name).toBe(read(cliOut, name))
  }, 180_000)

  it('refuses a folder that is not empty and leaves it as it was', async () => {
    const taken = join(tmp, 'taken')
    mkdirSync(taken)
    writeFileSync(join(taken, 'notes.txt'), 'mine\n')
    await expect(runScenario(runner, file, { out: taken })).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringMatching(/taken already exists and is not empty/),
    })
    expect(readdirSync(taken)).toEqual(['notes.txt'])
  })

  it('hands an interrupt the steps that remove its partial output before the run itself ends', async () => {
    const parent = join(tmp, 'interrupted')
    mkdirSync(parent)
    const own = createRunner({ workers: 1, parallel: 1, ledger: { kind: 'memory' } })
    const steps: (() => Promise<void> | void)[] = []
    let leftAfterSteps: string[] | undefined
    let stopped: Promise<void> | undefined
    const run = runScenario(own, file, {
      out: join(parent, 'out'),
      onResource: (stop) => steps.push(stop),
      progress: () => {
        if (leftAfterSteps) return
        // The CLI's interrupt handler runs these and exits: the run's own finally never runs.
        for (const step of [...steps].reverse()) void step()
        leftAfterSteps = readdirSync(parent)
        stopped = own.close()
      },
    })
    await expect(run).rejects.toThrow()
    await stopped
    expect(leftAfterSteps).toEqual([])
    expect(readdirSync(parent)).toEqual([])
    expect(existsSync(join(parent, 'out'))).toBe(false)
  }, 120_000)
})
