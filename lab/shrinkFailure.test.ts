import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fraudScenario } from '../scenarios/fixtures/tinyScenarios.ts'
import { createRunner } from './createRunner.ts'
import { shrinkFailure } from './shrinkFailure.ts'

// No verification: every cheat reaches finality, so both invariants fail at any size.
const tmp = mkdtempSync(join(tmpdir(), 'verisim-shrink-'))
const file = join(tmp, 'fraud.yaml')
writeFileSync(
  file,
  fraudScenario({
    replicates: 4,
    invariants: ['interval: upper95(undetected_fraud_rate) <= 0', 'point: mean(undetected_fraud_rate) <= 0'],
  }),
)

describe('shrinkFailure', () => {
  const runner = createRunner({ workers: 1, parallel: 2, ledger: { kind: 'memory' } })
  const start = { sweep: { replicates: 4 } }
  afterAll(async () => {
    await runner.close()
    // Shrinking tries other replicate counts: none may be written into the caller's overrides.
    expect(start).toEqual({ sweep: { replicates: 4 } })
  })

  it('keeps the replicates an invariant over 95% intervals failed with', async () => {
    const shrunk = await shrinkFailure(runner, file, start, 'interval', false)
    expect(shrunk.overrides['hosts.count']).toBe(2)
    expect(shrunk.overrides['sweep.replicates']).toBeUndefined()
    expect(shrunk.overrides.sweep).toEqual({ replicates: 4 })
  }, 120_000)

  it('cuts replicates for an invariant over means', async () => {
    const shrunk = await shrinkFailure(runner, file, start, 'point', false)
    expect(shrunk.overrides['sweep.replicates']).toBe(1)
  }, 120_000)
})
