import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ScenarioFieldError } from '../errors/index.ts'
import { fraudScenario } from '../scenarios/fixtures/tinyScenarios.ts'
import { createRunner } from './createRunner.ts'
import { tuneScenario } from './tuneScenario.ts'
import { writeTuneFolder } from './writeTuneFolder.ts'

// No verification: every cheat reaches finality, whatever the number of hosts.
const scenario = (invariant: string) =>
  fraudScenario({
    replicates: 2,
    invariants: [`no_fraud: ${invariant}`],
    tail: 'tune:\n  params:\n    hosts.count: { min: 2, max: 4, steps: 3, monotone: increasing }\n',
  })

describe('tuneScenario', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verisim-tune-lab-'))
  const runner = createRunner({ workers: 1, parallel: 2, ledger: { kind: 'memory' } })
  afterAll(async () => {
    await runner.close()
    rmSync(tmp, { recursive: true, force: true })
  })
  const file = join(tmp, 'fraud.yaml')

  it('returns no safe setting as data (best: null), with every setting it ran, and tells progress through callbacks', async () => {
    writeFileSync(file, scenario('mean(undetected_fraud_rate) <= 0'))
    const events: string[] = []
    const result = await tuneScenario(runner, file, {
      ready: () => events.push('ready'),
      onIntegerGrid: (path, grid) => events.push(`grid ${path} ${grid.join(',')}`),
      onEvaluation: (e, objective) => events.push(`${JSON.stringify(e.params)} ${e.safe} ${objective}`),
    })
    expect(events).toEqual([
      'grid hosts.count 2,3,4',
      'ready',
      '{"hosts.count":4} false cost_per_verified_inference',
    ])
    // Bisection starts at the safest end: unsafe there, unsafe everywhere.
    expect(result).toMatchObject({ method: 'bisection', best: null, runs: 2, replicates: 2 })
    expect(result.evaluated).toHaveLength(1)
    expect(result.evaluated[0]?.margin).toBeLessThan(0)
    expect(result.seeds).toEqual([4])
  }, 120_000)

  it('finds the cheapest safe setting when one exists', async () => {
    writeFileSync(file, scenario('mean(undetected_fraud_rate) >= 0'))
    const result = await tuneScenario(runner, file)
    expect(result.best?.params).toEqual({ 'hosts.count': 2 })
    expect(result.best?.safe).toBe(true)
    expect(result.evaluated.map((e) => e.params['hosts.count'])).toEqual([4, 2])
    expect(result.stepOf).toEqual({ 'hosts.count': 1 })
    // The folder `verisim tune` writes, from code: the result as JSON and the Pareto report.
    const out = join(tmp, 'tuned')
    writeTuneFolder(out, 'fraud', {}, result)
    expect(JSON.parse(readFileSync(join(out, 'tune.json'), 'utf8')).best.params).toEqual({ 'hosts.count': 2 })
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/Pareto front/)
  }, 120_000)

  it('refuses a bad tune entry or invariant with an error whose fields name file, line and field', async () => {
    const bad = join(tmp, 'bad.yaml')
    writeFileSync(bad, scenario('mean(undetected_fraud_rate) <= 0').replace('hosts.count:', 'hosts.cuont:'))
    const entry = await tuneScenario(runner, bad, {}).catch((error: unknown) => error)
    expect(entry).toBeInstanceOf(ScenarioFieldError)
    expect(entry).toMatchObject({ file: bad, line: 15, fieldPath: 'tune.params.hosts.cuont' })
    writeFileSync(bad, scenario('mean(no_such_metric) <= 0'))
    const invariant = await tuneScenario(runner, bad, {}).catch((error: unknown) => error)
    expect(invariant).toBeInstanceOf(ScenarioFieldError)
    expect(invariant).toMatchObject({ file: bad, line: 12, fieldPath: 'invariants.no_fraud' })
    expect((invariant as ScenarioFieldError).column).toBeGreaterThan(12)
    // A market objective in a scenario without demand: would leave every setting without a value.
    const text = scenario('mean(undetected_fraud_rate) <= 0').replace(
      'tune:\n',
      'tune:\n  objective: production_share\n  maximize: true\n',
    )
    writeFileSync(bad, text)
    const objective = await tuneScenario(runner, bad, {}).catch((error: unknown) => error)
    expect(objective).toBeInstanceOf(ScenarioFieldError)
    expect(objective).toMatchObject({
      file: bad,
      line: text.split('\n').indexOf('  objective: production_share') + 1,
      fieldPath: 'tune.objective',
    })
    expect((objective as ScenarioFieldError).message).toMatch(
      /metric 'production_share' is not produced by this run: the scenario has no demand: section/,
    )
  })
})
