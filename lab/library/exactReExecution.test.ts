import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Overrides } from '../../scenarios/index.ts'
import { createRunner, runSweep } from '../index.ts'

// Real onnxruntime: honest hosts on three hardware classes (fp32 on one thread, as the verifiers;
// two threads without graph optimization; fp16 weights), whose floats differ across classes.
const file = 'scenarios/library/heterogeneous-hardware.yaml'
const tmp = mkdtempSync(join(tmpdir(), 'verisim-exact-'))
const runner = createRunner({ workers: 1, parallel: 2, ledger: { kind: 'memory' } })
afterAll(async () => {
  await runner.close()
  rmSync(tmp, { recursive: true, force: true })
})

let runs = 0
const runOf = async (overrides: Overrides) => {
  const swept = await runSweep(runner, file, {
    out: join(tmp, `run-${runs++}`),
    overrides: { duration: 120, ...overrides },
  })
  const [record] = swept.records
  if (!record) throw new Error('no run')
  return record
}
const EXACT = { overheadFactor: 1.25 }

describe('library: exact re-execution with deterministic kernels', () => {
  it('compares the same hardware class bit for bit and other classes within tolerance: no honest host slashed, every cheat caught', async () => {
    const tolerant = await runOf({})
    const exact = await runOf({ 'protocol.exact': EXACT })
    const hashed = await runOf({ comparison: 'exact' })
    // Raw bits everywhere slash honest hosts of the other classes; per-class exactness does not.
    expect(hashed.metrics.false_slash_rate as number).toBeGreaterThan(0)
    expect(exact.metrics.false_slash_rate).toBe(0)
    expect(exact.counts.bad_results as number).toBeGreaterThan(0)
    expect(exact.metrics.detection_rate).toBe(1)
    // The same jobs and checks, each costing its modeled overhead: 1.25× on checks and hosts.
    expect(exact.counts.checks).toBe(tolerant.counts.checks)
    expect(exact.metrics.verification_overhead as number).toBeGreaterThan(
      tolerant.metrics.verification_overhead as number,
    )
    expect(exact.modeled.join(' ')).toMatch(
      /exact re-execution: deterministic kernels' 1\.25× compute .* modeled/,
    )
    expect(tolerant.modeled.join(' ')).not.toMatch(/exact re-execution/)
  }, 60_000)

  it('really compares the same class exactly: at a tolerance every cheat passes, exactness still catches them', async () => {
    // Every host on the verifiers' class, and noise cheats that move values by far less than a
    // tolerance of 10 × (1 + |b|): only a bit-for-bit comparison can see them.
    const loose = {
      tolerance: 10,
      'hosts.variant': 'noise',
      'hosts.hardware': [{ share: 1, threads: 1, optimization: 'all', fp16Weights: false }],
    }
    // Sampling checks on the verifiers' hardware; replication compares the k replicas off chain.
    for (const mode of ['sampling', 'replication']) {
      const tolerant = await runOf({ ...loose, 'protocol.mode': mode })
      const exact = await runOf({ ...loose, 'protocol.mode': mode, 'protocol.exact': EXACT })
      expect(tolerant.counts.bad_results as number, mode).toBeGreaterThan(0)
      expect(tolerant.metrics.detection_rate, mode).toBe(0)
      // Slashes move stakes, and so the stake-weighted draws after them: not the same jobs.
      expect(exact.counts.bad_results as number, mode).toBeGreaterThan(0)
      expect(exact.metrics.detection_rate as number, mode).toBeGreaterThan(0)
      expect(exact.metrics.false_slash_rate, mode).toBe(0)
    }
  }, 60_000)
})
