import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { METRIC_NAMES } from '../sim/index.ts'
import { type SweepRecord, writeSweepOutputs } from './writeSweepOutputs.ts'

const record = (point: number, replicate: number): SweepRecord => ({
  point,
  replicate,
  seed: 7,
  params: { 'protocol.p': point / 10 },
  metrics: Object.fromEntries(METRIC_NAMES.map((m) => [m, point + replicate])) as SweepRecord['metrics'],
  counts: { jobs: 3 },
  mode: 'sampling',
  cost_per_flop: 1e-9,
  model: { hash: 'h', layers: 2, flops: { honest: 100 } },
  gas_by_call: {},
  adoption: [],
  finality_latency: { edges: [0, 1], counts: [0, 0] },
  trace_sha256: '',
  elapsed: 60,
  modeled: [],
})

describe('writeSweepOutputs', () => {
  const warnings: Error[] = []
  const onWarning = (w: Error) => warnings.push(w)
  afterEach(() => {
    process.off('warning', onWarning)
  })

  it('joins long traces without stacking listeners (no MaxListenersExceededWarning)', async () => {
    process.on('warning', onWarning)
    const dir = mkdtempSync(join(tmpdir(), 'verisim-outputs-'))
    const records = [0, 1, 2].flatMap((p) => [0, 1].map((r) => record(p, r)))
    // About 1 MB per run: the target stream fills and drains hundreds of times.
    const events = Array.from(
      { length: 8000 },
      (_, i) => `{"t":${i},"kind":"block","pad":"${'x'.repeat(120)}"}`,
    )
    for (const r of records)
      writeFileSync(join(dir, `${r.point}-${r.replicate}.ndjson`), `${events.join('\n')}\n`)
    const { traceSha256 } = await writeSweepOutputs({
      name: 'long',
      design: 'grid',
      replicates: 2,
      paths: ['protocol.p'],
      records: [...records].reverse(),
      traceFile: (r) => join(dir, `${r.point}-${r.replicate}.ndjson`),
      file: (name) => join(dir, name),
    })
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings.map((w) => w.name)).toEqual([])

    const trace = readFileSync(join(dir, 'trace.ndjson'), 'utf8')
    expect(createHash('sha256').update(trace).digest('hex')).toBe(traceSha256)
    const lines = trace.trimEnd().split('\n')
    expect(lines).toHaveLength(6 * 8000)
    expect(JSON.parse(lines[0] as string)).toMatchObject({ point: 0, replicate: 0, t: 0, kind: 'block' })
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ point: 2, replicate: 1, t: 7999 })
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))
    expect(summary).toMatchObject({ design: 'grid', runs: 6, trace_sha256: traceSha256 })
    expect(summary.points).toHaveLength(3)
  })

  it('fails on a missing trace and leaves no half-written trace.ndjson behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-outputs-'))
    await expect(
      writeSweepOutputs({
        name: 'x',
        design: 'grid',
        replicates: 1,
        paths: [],
        records: [record(0, 0)],
        traceFile: () => join(dir, 'absent.ndjson'),
        file: (name) => join(dir, name),
      }),
    ).rejects.toThrow(/ENOENT/)
    expect(readdirSync(dir)).toEqual([])
  })
})
