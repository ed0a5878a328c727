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
      ['tune:\n  params:\n    protocol.p: { min: 0.01 }\n', /t\.yaml:\d+: tune\.params\.protocol\.p\.max: /],
      ['tune:\n  params:\n    protocol.q: { min: 0.01, max: 0.2 }\n', /unknown field protocol\.q/],
      [
        'tune:\n  params:\n    protocol.p: { min: 0.2, max: 0.2 }\n',
        /tune\.params\.protocol\.p: max \(0\.2\) must be above min/,
      ],
      ['tune:\n  params: {}\n', /tune\.params: name at least one parameter/],
    ]
    for (const [block, pattern] of cases) {
      const r = tune(block)
      expect(r.status, block).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(pattern)
    }
  }, 60_000)
})
