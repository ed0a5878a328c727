import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const bin = join(import.meta.dirname, 'bin.js')
const base = readFileSync(resolve('scenarios/library/pos-threshold.yaml'), 'utf8').replace(
  /# `verisim tune`[\s\S]*$/,
  '',
)

describe('verisim tune: bad input', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'verisim-tune-'))
  const tune = (block: string) => {
    writeFileSync(join(cwd, 't.yaml'), `${base}${block}`)
    return spawnSync(process.execPath, [bin, 'tune', 't.yaml'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    })
  }

  it('a tunable with no range, a path that names no field, and an empty range exit 2 with one line', () => {
    const cases: [string, RegExp][] = [
      [
        'tune:\n  params:\n    protocol.p: { min: 0.01 }\n',
        /t\.yaml:\d+:\d+: tune\.params\.protocol\.p\.max: /,
      ],
      ['tune:\n  params:\n    protocol.q: { min: 0.01, max: 0.2 }\n', /unknown field protocol\.q/],
      [
        'tune:\n  params:\n    protocol.p: { min: 0.2, max: 0.2 }\n',
        /tune\.params\.protocol\.p: max \(0\.2\) must be above min/,
      ],
      ['tune:\n  params: {}\n', /tune\.params: name at least one parameter/],
      // A whole-number field whose range holds no whole number, and a field that is no number.
      [
        'tune:\n  params:\n    hosts.count: { min: 2.2, max: 2.8 }\n',
        /t\.yaml:\d+: tune\.params\.hosts\.count: hosts\.count takes whole numbers and none lies between 2\.2 and 2\.8/,
      ],
      [
        'tune:\n  params:\n    protocol.mode: { min: 0, max: 1 }\n',
        /tune\.params\.protocol\.mode: .*is not a number/,
      ],
      // The ends of the range are checked as settings before the search, and named.
      [
        'tune:\n  params:\n    protocol.p: { min: 0.01, max: 1.5 }\n',
        /tune\.params\.protocol\.p: protocol\.p = 1\.5 is not a valid setting: protocol\.p: /,
      ],
    ]
    for (const [block, pattern] of cases) {
      const r = tune(block)
      expect(r.status, block).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(pattern)
    }
  }, 120_000)
})

describe('verisim tune', () => {
  it('searches whole numbers for integer fields, rounds the others to their step, and reports what it ran', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'verisim-tune-'))
    // tee is modeled, not executed: the report must say so. hosts.count takes whole numbers
    // although the tune block does not say integer: true.
    writeFileSync(
      join(cwd, 'tee.yaml'),
      [
        'name: tee-tune',
        'seed: 5',
        'duration: 24',
        'blockTime: 12',
        'model: { builtin: mlp, width: 16, depth: 2, inputSize: 8, outputSize: 4 }',
        'hosts: { count: 3, stake: 100 }',
        'verifiers: { count: 1 }',
        'requesters: { count: 1, jobRate: 0.5, fee: 0.01 }',
        'protocol: { mode: tee, challengeWindow: 24 }',
        'invariants:',
        '  no_false_slashes: false_slash_rate == 0',
        'tune:',
        '  budget: 3',
        '  params:',
        '    hosts.count: { min: 2, max: 4, steps: 5 }',
        '    protocol.tee.overheadFactor: { min: 1, max: 1.5, steps: 11 }',
        '',
      ].join('\n'),
    )
    const r = spawnSync(process.execPath, [bin, 'tune', 'tee.yaml', '--out', join('out', 'tune')], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      timeout: 120_000,
    })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/^tune: hosts\.count takes whole numbers; searching 2, 3, 4$/m)
    const tuned = JSON.parse(readFileSync(join(cwd, 'out', 'tune', 'tune.json'), 'utf8'))
    const settings = tuned.evaluated.map((e: { params: Record<string, number> }) => e.params)
    expect(settings).toHaveLength(3)
    for (const params of settings) {
      expect([2, 3, 4]).toContain(params['hosts.count'])
      // 0.05 steps: at most two decimals, never 1.1500000000000001.
      expect(String(params['protocol.tee.overheadFactor'])).toMatch(/^1(\.\d{1,2})?$|^1\.5$/)
    }
    expect(tuned).toMatchObject({ runs: 3, replicates: 1, seeds: [5] })
    expect(tuned.modeled).toEqual([expect.stringMatching(/^tee: /)])
    expect(r.stdout).toMatch(/^3 settings evaluated by random, 3 runs \(1 per setting\)$/m)
    const html = readFileSync(join(cwd, 'out', 'tune', 'report.html'), 'utf8')
    expect(html).toContain('<strong>Modeled, not executed:</strong> tee: ')
    expect(html).not.toContain('Everything in this report was executed')
    expect(html).toContain('seeds 5 (1 replicate per setting)')
    expect(html).toMatch(/3 settings evaluated by random/)
    expect(html).toMatch(
      /<section data-table="pareto"><h2>Pareto front[\s\S]*<th>hosts\.count<\/th><th>protocol\.tee\.overheadFactor<\/th>/,
    )
  }, 120_000)
})
