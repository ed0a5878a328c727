import { describe, expect, it } from 'vitest'
import { buildManifest, measuredAt } from './buildManifest.ts'

const input = (scenario: string) => ({
  scenario,
  scenarioSha256: 'ab'.repeat(32),
  seeds: [{ seed: 1, replicate: 0 }],
  calibration: { cost_per_flop: 1e-9, source: 'scenario' as const },
  modeled: [],
  cachedInferences: 0,
  traceSha256: 'cd'.repeat(32),
  ledgers: ['anvil (embedded)' as const],
  overrides: {},
})

describe('buildManifest', () => {
  it('records the scenario by base name and digest, however its path was typed', () => {
    const text = (path: string) => JSON.stringify(buildManifest(input(path)))
    expect(text('zip.yaml')).toBe(text('/abs/dir/zip.yaml'))
    expect(text('./zip.yaml')).toBe(text('../other/zip.yaml'))
    expect(buildManifest(input('/abs/dir/zip.yaml'))).toMatchObject({
      scenario: 'zip.yaml',
      scenario_sha256: 'ab'.repeat(32),
    })
  })
  it('records each measured auto tolerance once with its points, in point order, and no numeric one', () => {
    const auto = (point: number, margin: number) => ({
      point,
      spec: {
        tolerance: 1e-3 * margin,
        toleranceAuto: { margin, measured: { spread: 1e-3, floored: false } },
      },
    })
    // Shards merged in any order list their runs in any order.
    const manifest = buildManifest({
      ...input('zip.yaml'),
      tolerance: measuredAt([
        auto(3, 2),
        auto(1, 8),
        auto(2, 2),
        auto(1, 8),
        { point: 0, spec: { tolerance: 5e-3 } },
      ]),
    })
    expect(manifest.tolerance?.map((t) => [t.margin, t.points, t.used])).toEqual([
      [8, [1], 8e-3],
      [2, [2, 3], 2e-3],
    ])
    const numeric = measuredAt([{ point: 0, spec: { tolerance: 5e-3 } }])
    expect(buildManifest({ ...input('zip.yaml'), tolerance: numeric })).not.toHaveProperty('tolerance')
  })
  it('names a calibration file by its base name, wherever the checkout is', () => {
    const calibrated = (file: string) =>
      buildManifest({
        ...input('zip.yaml'),
        calibration: { cost_per_flop: 2e-9, source: { file, family: 'mlp', secondsPerFlop: 1e-10 } },
      })
    expect(JSON.stringify(calibrated('/home/a/verisim/calibration.json'))).toBe(
      JSON.stringify(calibrated('/srv/ci/verisim/calibration.json')),
    )
    expect(calibrated('/home/a/verisim/calibration.json').calibration.source).toEqual({
      file: 'calibration.json',
      family: 'mlp',
      secondsPerFlop: 1e-10,
    })
  })
  it('says which ledger settled the runs, and the --set values they used', () => {
    expect(buildManifest({ ...input('a.yaml'), ledgers: ['memory'] })).toMatchObject({
      ledger: 'memory',
      executed: ['inference (onnxruntime-node)', expect.stringMatching(/^settlement \(in-process model/)],
    })
    expect(buildManifest({ ...input('a.yaml'), ledgers: ['rpc'] }).ledger).toBe('rpc')
    expect(buildManifest(input('a.yaml')).ledger).toBe('anvil (embedded)')
    const set = { 'protocol.p': 0.2 }
    expect(buildManifest({ ...input('a.yaml'), overrides: set }).overrides).toEqual(set)
  })

  it('states a demand run’s super-individual weight and period, and nothing without demand', () => {
    expect('demand' in buildManifest(input('zip.yaml'))).toBe(false)
    expect('demand' in buildManifest({ ...input('zip.yaml'), demand: [] })).toBe(false)
    const manifest = buildManifest({ ...input('zip.yaml'), demand: [{ weight: 100, period: 86_400 }] })
    expect(manifest.demand?.super_individuals).toEqual([{ weight: 100, period: 86_400 }])
    expect(manifest.demand?.rule).toMatch(/stands for weight real requesters/)
  })
})
