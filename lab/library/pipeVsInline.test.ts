import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { SweepRecord } from '../../reports/index.ts'
import { createRunner, runSweep } from '../index.ts'

const file = 'scenarios/library/pipe-vs-inline.yaml'
const tmp = mkdtempSync(join(tmpdir(), 'verisim-pipe-vs-inline-'))
const runner = createRunner({ workers: 1, parallel: 2, ledger: { kind: 'memory' } })
afterAll(async () => {
  await runner.close()
  rmSync(tmp, { recursive: true, force: true })
})

const RATES = [0.25, 2]

describe('library: pre-executed (PIPE) vs in-line inference, per-request vs batched settlement', () => {
  it('in line a block waits for the sum of its inferences, pre-executed for the slowest; per-request roots cost more gas per job', async () => {
    const swept = await runSweep(runner, file, { out: join(tmp, 'sweep') })
    expect(swept.records).toHaveLength(3 * RATES.length * 2)
    const at = (execution: string, rate: number, commit: string) => {
      const found = swept.records.filter(
        (r) =>
          r.params['settlement.execution'] === execution &&
          r.params['requesters.jobRate'] === rate &&
          r.params['settlement.commit'] === commit,
      )
      expect(found, `${execution} ${rate} ${commit}`).toHaveLength(1)
      return found[0] as SweepRecord
    }
    const p50 = (r: SweepRecord) => r.metrics.block_latency_p50 as number
    // Honest hosts only, one model: every inference takes the same FLOPs / speed seconds.
    const spec = swept.scenario
    const first = swept.records[0] as SweepRecord
    const inferenceSeconds = (first.model.flops.honest as number) / (spec.hosts.speed as number)
    for (const rate of RATES) {
      for (const commit of ['batched', 'perRequest']) {
        const async = at('async', rate, commit)
        expect(async.metrics.block_latency_p50, `async ${rate} ${commit}`).toBeNull()
        expect(async.metrics.block_latency_p95).toBeNull()
        const pre = at('preExecuted', rate, commit)
        // The slowest of equal inferences, however many the block holds.
        expect(p50(pre)).toBeCloseTo(inferenceSeconds, 9)
        expect(pre.metrics.block_latency_p95 as number).toBeCloseTo(inferenceSeconds, 9)
        const inline = at('inline', rate, commit)
        expect(p50(inline), `inline ${rate} ${commit}`).toBeGreaterThanOrEqual(p50(pre))
        // Each job's finality latency gains its block's wait; the rest of the run is async's.
        expect(inline.metrics.finality_latency_p50 as number).toBeGreaterThan(
          async.metrics.finality_latency_p50 as number,
        )
        expect(inline.counts.jobs).toBe(async.counts.jobs)
      }
      for (const execution of ['async', 'inline', 'preExecuted']) {
        const batched = at(execution, rate, 'batched')
        const perRequest = at(execution, rate, 'perRequest')
        expect(perRequest.metrics.gas_per_job as number, `${execution} ${rate}`).toBeGreaterThan(
          batched.metrics.gas_per_job as number,
        )
      }
    }
    // Eight times the jobs per block: an in-line block waits several times longer, a
    // pre-executed one no longer.
    const slow = p50(at('inline', 0.25, 'batched'))
    const busy = p50(at('inline', 2, 'batched'))
    expect(busy).toBeGreaterThan(4 * slow)
    expect(p50(at('preExecuted', 2, 'batched'))).toBeCloseTo(p50(at('preExecuted', 0.25, 'batched')), 9)
    // Batched roots spread a commitment's gas over more jobs as the rate grows; per-request ones cannot.
    expect(at('async', 2, 'batched').metrics.gas_per_job as number).toBeLessThan(
      at('async', 0.25, 'batched').metrics.gas_per_job as number,
    )
  }, 60_000)
})
