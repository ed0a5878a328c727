import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseScenario } from '../scenarios/index.ts'
import { METRIC_NAMES } from '../sim/index.ts'
import { type RunFolderInput, type SweepRecord, writeRunFolder } from './writeRunFolder.ts'

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

/** A sweep folder's inputs beside its runs' traces in traces/. */
const sweepInput = (
  dir: string,
  records: SweepRecord[],
): RunFolderInput & { summary: { kind: 'sweep' } } => ({
  dir,
  scenario: parseScenario('name: long\n', 'long.yaml'),
  records,
  paths: ['protocol.p'],
  summary: { kind: 'sweep', design: 'grid', replicates: 2 },
  manifest: (traceSha256) => ({ versions: {}, modeled: [], seeds: [{ seed: 7 }], trace_sha256: traceSha256 }),
  timing: { workers: 1 },
})

describe('writeRunFolder', () => {
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
    mkdirSync(join(dir, 'traces'))
    for (const r of records)
      writeFileSync(join(dir, 'traces', `${r.point}-${r.replicate}.ndjson`), `${events.join('\n')}\n`)
    const { traceSha256, summary: returned } = await writeRunFolder(sweepInput(dir, [...records].reverse()))
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
    expect(returned).toEqual(summary)
    // The runs not yet in runs/ are written there; the manifest records the joined trace's digest.
    expect(readdirSync(join(dir, 'runs'))).toHaveLength(6)
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).trace_sha256).toBe(traceSha256)
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/<html/)
  })

  it('fails on a missing trace and leaves no half-written trace.ndjson behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-outputs-'))
    await expect(writeRunFolder({ ...sweepInput(dir, [record(0, 0)]), paths: [] })).rejects.toThrow(/ENOENT/)
    expect(readdirSync(dir)).toEqual([])
  })
})
