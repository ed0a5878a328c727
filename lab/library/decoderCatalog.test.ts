import { afterAll, describe, expect, it } from 'vitest'
import { createInferencePool, type InferencePool } from '../../engine/index.ts'
import { loadScenario, resolveRunSpec } from '../../scenarios/index.ts'
import type { TraceEvent } from '../../sim/index.ts'
import { resolveAutoTolerance } from '../resolveAutoTolerance.ts'
import { runOnAdapters } from '../runOnAdapters.ts'

const file = 'scenarios/library/decoder-catalog.yaml'
let pool: InferencePool | undefined
afterAll(() => pool?.close())

describe('library: a catalog of decoders', () => {
  it('serves, checks and catches the cheats of every decoder, each on its own tolerance and null', async () => {
    // Real onnxruntime (tolerance, nulls, generations, checks), in-process ledger.
    const spec = await resolveAutoTolerance(resolveRunSpec(loadScenario(file).scenario, file))
    const catalog = spec.catalog
    if (!catalog) throw new Error('the scenario has a catalog')
    // tolerance: auto measured each decoder on its own graphs; the first's is the run's.
    const tolerances = catalog.models.map((m) => m.generationTolerance?.maxValueDistance ?? Number.NaN)
    for (const t of tolerances) expect(t).toBeGreaterThan(0)
    expect(tolerances[0]).toBe(spec.generationTolerance?.maxValueDistance)
    expect(new Set(tolerances).size).toBeGreaterThan(1)

    pool = createInferencePool({
      workers: 1,
      tolerance: spec.tolerance,
      ...(spec.generationTolerance ? { generationTolerance: spec.generationTolerance } : {}),
    })
    const trace: TraceEvent[] = []
    const result = await runOnAdapters(spec, {
      workers: 1,
      inference: pool,
      ledger: { kind: 'memory' },
      trace: (e) => trace.push(e),
    })
    const modelOf = new Map<number, number>()
    for (const e of trace) if (e.type === 'job') modelOf.set(e.job, e.model ?? 0)
    const of = (m: number) => (e: { job: number }) => modelOf.get(e.job) === m
    for (const [m, entry] of catalog.models.entries()) {
      const name = entry.name
      expect([...modelOf.values()].filter((model) => model === m).length, name).toBeGreaterThan(0)
      // Checked by one prefill, each chunk scored by the sequential test against this model's null.
      const tested = trace.filter(
        (e): e is Extract<TraceEvent, { type: 'chunks_checked' }> => e.type === 'chunks_checked',
      )
      expect(tested.filter(of(m)).length, name).toBeGreaterThan(0)
      expect(
        tested.filter(of(m)).every((e) => e.verdict !== null),
        name,
      ).toBe(true)
      // A cheat of this model was caught and slashed.
      const slashes = trace.filter((e): e is Extract<TraceEvent, { type: 'slash' }> => e.type === 'slash')
      expect(
        slashes.filter(of(m)).some((s) => !s.honest),
        name,
      ).toBe(true)
    }
    expect(result.counts.false_slashes).toBe(0)
    // Hosting works on the decoders' own bytes: hosts cannot hold all three, so some load.
    expect(result.metrics.cold_starts).toBeGreaterThan(0)
    expect(result.metrics.overhead_holding).toBeGreaterThan(0)
    expect(result.modeled.some((note) => note.startsWith('catalog:'))).toBe(true)
  }, 60_000)
})
