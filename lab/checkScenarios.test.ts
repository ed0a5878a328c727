import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError } from '../errors/index.ts'
import { fraudScenario } from '../scenarios/fixtures/tinyScenarios.ts'
import { checkScenarios } from './checkScenarios.ts'
import { createRunner } from './createRunner.ts'

// No verification: every cheat reaches finality, so the invariant fails at any size.
const scenario = (invariant: string) =>
  fraudScenario({ replicates: 2, invariants: [`no_fraud: ${invariant}`] })

describe('checkScenarios', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-check-lab-'))
  const runner = createRunner({ workers: 1, parallel: 2, ledger: { kind: 'memory' } })
  afterAll(async () => {
    await runner.close()
    rmSync(tmp, { recursive: true, force: true })
  })
  const file = join(tmp, 'fraud.yaml')
  const out = join(tmp, 'out')
  const failures = join(tmp, 'store')

  it('returns verdicts as data, shrinks a violation into `out`, and saves it in the `failures` folder it is given', async () => {
    writeFileSync(file, scenario('mean(undetected_fraud_rate) <= 0'))
    const events: string[] = []
    const result = await checkScenarios(runner, [tmp], {
      out,
      failures,
      ready: () => events.push('ready'),
      onVerdict: (v) => events.push(`verdict ${v.name} ${v.holds}`),
      onJudged: (all) => events.push(`judged ${all.length}`),
      onMinimal: (m) => events.push(`minimal ${m.invariant}`),
    })
    // Planned before anything runs; every verdict before the slower shrinking.
    expect(events).toEqual(['ready', 'verdict no_fraud false', 'judged 1', 'minimal no_fraud'])
    const [verdict] = result.verdicts
    expect(verdict).toMatchObject({ file, suite: file, name: 'no_fraud', holds: false })
    expect(verdict?.seeds).toHaveLength(2)
    expect(verdict?.metrics.undetected_fraud_rate?.mean).toBeGreaterThan(0)
    const [minimal] = result.minimal
    expect(minimal?.path).toBe(join(out, 'fraud.no_fraud.min.yaml'))
    expect(minimal?.evaluations).toBeGreaterThan(0)
    expect(minimal?.shrinkError).toBeUndefined()
    const text = readFileSync(minimal?.path as string, 'utf8')
    expect(Number(/count: (\d+)/.exec(text)?.[1])).toBeLessThan(4)
    const saved = readdirSync(failures)
    expect(saved).toHaveLength(1)
    expect(readFileSync(join(failures, saved[0] as string), 'utf8')).toBe(text)
  }, 120_000)

  it('runs a saved failure first and removes it once it holds', async () => {
    const saved = join(failures, readdirSync(failures)[0] as string)
    // Fixed as a developer would: in the saved copy and in the scenario.
    const fixed = (path: string) => writeFileSync(path, readFileSync(path, 'utf8').replace('<= 0', '>= 0'))
    fixed(saved)
    fixed(file)
    const result = await checkScenarios(runner, [file], { out, failures })
    expect(result.verdicts.map((v) => [v.suite, v.holds])).toEqual([
      [expect.stringMatching(/^saved failure of .*fraud\.yaml$/), true],
      [file, true],
    ])
    expect(result.verdicts[0]?.file).toBe(saved)
    expect(result.fixed).toEqual([{ path: saved, source: expect.stringMatching(/fraud\.yaml$/) }])
    expect(existsSync(saved)).toBe(false)
    expect(result.minimal).toEqual([])
  }, 120_000)

  it('refuses a scenario without invariants before anything runs', async () => {
    const bare = join(tmp, 'bare', 'bare.yaml')
    mkdirSync(join(tmp, 'bare'))
    writeFileSync(bare, scenario('x').replace(/invariants:[\s\S]*$/, ''))
    let ready = false
    const check = checkScenarios(runner, [file, bare], { out, failures, ready: () => (ready = true) })
    await expect(check).rejects.toThrow(InputError)
    await expect(check).rejects.toThrow(/bare\.yaml: has no invariants: block to check/)
    expect(ready).toBe(false)
  })
})
