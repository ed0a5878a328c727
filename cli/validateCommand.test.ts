import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { planScenario } from '../lab/index.ts'

// The real command in a child process, as a user (or a CI gate) runs it.
const bin = join(import.meta.dirname, 'bin.js')
const tmp = mkdtempSync(join(tmpdir(), 'verisim-validate-'))
const validate = (name: string, text: string) => {
  const path = join(tmp, name)
  writeFileSync(path, text)
  return spawnSync(process.execPath, ['--max-old-space-size=1024', bin, 'validate', path], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 200_000,
  })
}

describe('verisim validate', () => {
  it('refuses inputs that used to crash or exhaust the machine with exit 2 and one located line', () => {
    const cases: [string, string, RegExp][] = [
      // Used to exit 0 after setting Object.prototype.toString, or crash with exit 1.
      [
        'proto.yaml',
        'hosts: { count: 3 }\nsweep:\n  grid:\n    __proto__.toString: [1]\n',
        /:4:5: sweep\.grid: /,
      ],
      // Grew past 22 GiB building the model.
      [
        'huge-model.yaml',
        'model: { builtin: mlp, width: 16384, depth: 256 }\n',
        /:1:1: model: this model needs/,
      ],
    ]
    for (const [name, text, expected] of cases) {
      const result = validate(name, text)
      expect(result.status, `${name}: ${result.stderr}`).toBe(2)
      expect(result.stderr.trim().split('\n'), name).toHaveLength(1)
      expect(result.stderr, name).toMatch(
        new RegExp(`^verisim: .*${name.replace('.', '\\.')}${expected.source}`),
      )
    }
  }, 240_000)

  it('checks every sweep point and says how many runs the file plans', () => {
    const values = Array.from({ length: 100 }, (_, i) => i / 1000).join(', ')
    const ok = validate(
      'grid.yaml',
      `sweep:\n  grid:\n    protocol.p: [${values}]\n    hosts.cheatRate: [${values}]\n`,
    )
    expect(ok.stderr).toBe('')
    expect(ok.status).toBe(0)
    expect(ok.stdout).toMatch(/^# .*grid\.yaml: valid \(10,000 points × 1 replicate = 10,000 runs\)\n/)
  }, 240_000)

  it('measures tolerance: auto and prints the figure a run would use, with its spread and margin', async () => {
    const text = `model: { builtin: mlp, width: 16, depth: 2, inputSize: 8, outputSize: 4 }
hosts: { hardware: [{ share: 0.5, fp16Weights: true }, { share: 0.5 }] }
tolerance: auto
toleranceMargin: 3
`
    const ok = validate('auto.yaml', text)
    expect(ok.stderr).toBe('')
    expect(ok.status).toBe(0)
    // What a run measures, in this process: the same figure, printed in full.
    const [run] = (await planScenario(join(tmp, 'auto.yaml'))).runs
    const measured = run?.spec.toleranceAuto?.measured
    if (!run || !measured) throw new Error('planScenario did not measure the tolerance')
    expect(ok.stdout).toContain(
      [
        "# tolerance: auto, measured on this machine's CPU:",
        `#   honest spread ${measured.spread} × toleranceMargin 3`,
      ].join('\n'),
    )
    expect(ok.stdout).toMatch(new RegExp(`\\ntolerance: ${run.spec.tolerance}\\ntoleranceMargin: 3\\n`))
  }, 240_000)
})
