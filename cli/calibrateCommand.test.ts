import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const bin = join(import.meta.dirname, 'bin.js')
const verisim = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
    timeout: 120_000,
  })

type CalibrationFile = {
  families: Record<'mlp' | 'transformer', { secondsPerFlop: number; flopsPerSecond: number }>
  generation: { flopsPerSecond: number; bytesPerSecond: number; model: string; check: Record<string, number> }
}

describe('verisim calibrate', () => {
  it('writes a calibration file, creating its folder, that a scenario with calibrated values runs on', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'verisim-calibrate-'))
    // A short measurement: the file's shape and its use matter here, not its precision.
    const r = verisim(cwd, ['calibrate', '--out', join('machine', 'here', 'cal.json')], {
      VERISIM_CALIBRATE_MS: '20',
    })
    expect(r.stderr).toMatch(/^calibrate: timing real onnxruntime inference and generation/)
    expect(r.status).toBe(0)
    const number = String.raw`\d+(?:\.\d+)?(?:e[+-]\d+)?`
    const lines = [
      `calibration: mlp ${number} GFLOP/s, transformer ${number} GFLOP/s per core`,
      String.raw`generation: prefill ${number} GFLOP/s, decode ${number} GB/s per core; decoder w256 b4 ctx256: \d+ prefill tokens/s, ${number} ms per decoded token`,
      String.raw`roofline check \(decoder w256 b4 ctx256\): prefill predicted ${number} ms, measured ${number} ms \(predicted/measured ${number}\); decode step predicted ${number} ms, measured ${number} ms \(predicted/measured ${number}\)`,
      String.raw`written to machine/here/cal\.json`,
    ]
    expect(r.stdout).toMatch(new RegExp(`^${lines.join('\n')}\n$`))
    const calibration = JSON.parse(
      readFileSync(join(cwd, 'machine', 'here', 'cal.json'), 'utf8'),
    ) as CalibrationFile
    for (const family of ['mlp', 'transformer'] as const) {
      const { secondsPerFlop, flopsPerSecond } = calibration.families[family]
      expect(secondsPerFlop).toBeGreaterThan(0)
      expect(secondsPerFlop * flopsPerSecond).toBeCloseTo(1, 9)
    }
    expect(calibration.generation.model).toBe('decoder w256 b4 ctx256')
    expect(Object.keys(calibration.generation.check).sort()).toEqual([
      'measuredDecodeSeconds',
      'measuredPrefillSeconds',
      'predictedDecodeSeconds',
      'predictedPrefillSeconds',
    ])

    // The calibration path is relative to the scenario file, which lives in its own folder.
    mkdirSync(join(cwd, 'scenarios'))
    writeFileSync(
      join(cwd, 'scenarios', 'calibrated.yaml'),
      [
        'name: calibrated',
        'seed: 3',
        'duration: 24',
        'blockTime: 12',
        'calibration: ../machine/here/cal.json',
        'model: { builtin: mlp, width: 16, depth: 2, inputSize: 8, outputSize: 4 }',
        'hosts: { count: 2, stake: 100, speed: calibrated }',
        'verifiers: { count: 1, speed: calibrated }',
        'requesters: { count: 1, jobRate: 0.5, fee: 0.01 }',
        'protocol: { mode: sampling, p: 0.5, challengeWindow: 24 }',
        'economics: { costPerFlop: calibrated, pricePerCoreHour: 0.36 }',
        '',
      ].join('\n'),
    )
    const run = verisim(cwd, [
      'run',
      join('scenarios', 'calibrated.yaml'),
      '--out',
      'out',
      '--workers',
      '1',
      '--quiet',
    ])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const manifest = JSON.parse(readFileSync(join(cwd, 'out', 'manifest.json'), 'utf8')) as {
      calibration: { cost_per_flop: number; source: { file: string; family: string; secondsPerFlop: number } }
    }
    const mlp = calibration.families.mlp.secondsPerFlop
    expect(manifest.calibration.source).toMatchObject({ family: 'mlp', secondsPerFlop: mlp })
    expect(manifest.calibration.source.file).toMatch(/cal\.json$/)
    // A core-hour at 0.36 tokens is 1e-4 tokens per second of compute.
    expect(manifest.calibration.cost_per_flop).toBeCloseTo(mlp * 1e-4, 20)
  }, 120_000)

  it('refuses an output path that is a folder, and a bad measurement budget, before measuring', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'verisim-calibrate-'))
    mkdirSync(join(cwd, 'dir'))
    const folder = verisim(cwd, ['calibrate', '--out', 'dir'])
    expect(folder.status).toBe(2)
    expect(folder.stderr).toMatch(
      /^verisim: --out dir is a folder, not a file \(name a file, e\.g\. --out dir\/out\.json\)\n$/,
    )
    const budget = verisim(cwd, ['calibrate'], { VERISIM_CALIBRATE_MS: 'soon' })
    expect(budget.status).toBe(2)
    expect(budget.stderr).toMatch(/^verisim: VERISIM_CALIBRATE_MS must be a whole number of milliseconds/)
    expect(budget.stderr.trim().split('\n')).toHaveLength(1)
  }, 60_000)
})
