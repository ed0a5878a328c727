import { describe, expect, it } from 'vitest'
import type { SweepCounts, SweepEvent } from '../lab/index.ts'
import { createSweepProgress } from './createSweepProgress.ts'

/** A stream that records what is written; `isTTY` decides which kind of progress it gets. */
const sink = (isTTY: boolean) => {
  const writes: string[] = []
  return { isTTY, writes, write: (text: string) => writes.push(text) }
}

/** Counts of a sweep of 3 points × 2 replicates: points, runs and fresh runs done, and the last run. */
const counts = (points: number, runs: number, fresh: number, last?: string): SweepCounts => ({
  points: { done: points, total: 3 },
  runs: { done: runs, total: 6 },
  fresh,
  ...(last ? { last } : {}),
})
const started = (c: SweepCounts): SweepEvent => ({
  state: 'started',
  out: 'runs/x',
  shard: { index: 1, count: 1 },
  points: c.points.total,
  counts: c,
})
const ran = (c: SweepCounts): SweepEvent => ({ state: 'ran', id: c.last ?? '', counts: c })

describe('createSweepProgress', () => {
  it('prints what a resumed sweep finds done, then a plain line at most every 10 s in CI, and the last', () => {
    let t = 0
    const out = sink(false)
    const progress = createSweepProgress(out, { quiet: false, ci: true, now: () => t })
    progress.update(started(counts(0, 1, 0)))
    expect(out.writes).toEqual(['sweep: 1/6 runs already done (0/3 points)\n'])
    t = 11_000
    progress.update(ran(counts(1, 2, 1, '0-1')))
    t = 12_000
    progress.update(ran(counts(1, 3, 2, '1-0')))
    t = 30_000
    progress.update(ran(counts(1, 4, 3, '2-0')))
    expect(out.writes.slice(1)).toEqual([
      'sweep: 1/3 points, 2/6 runs (last 0-1), 5.45 runs/min, 44s left\n',
      'sweep: 1/3 points, 4/6 runs (last 2-0), 6.00 runs/min, 20s left\n',
    ])
    progress.update(ran(counts(2, 5, 4, '1-1')))
    progress.update(ran(counts(3, 6, 5, '2-1')))
    expect(out.writes.at(-1)).toBe('sweep: 3/3 points, 6/6 runs (last 2-1), 10.00 runs/min, done\n')
  })

  it('redraws a bar in place on a terminal, and clears it when finished', () => {
    let t = 0
    const out = sink(true)
    const progress = createSweepProgress(out, { quiet: false, ci: false, now: () => t })
    progress.update(started(counts(0, 0, 0)))
    t = 2000
    progress.update(ran(counts(0, 1, 1, '0-0')))
    progress.update(ran(counts(1, 2, 2, '0-1')))
    progress.finish()
    progress.finish()
    expect(out.writes[0]).toBe(`\r\x1b[2K[${'.'.repeat(30)}] 0/3 points  0/6 runs  0.00 runs/s  estimating`)
    expect(out.writes[2]).toBe(
      `\r\x1b[2K[${'#'.repeat(10)}${'.'.repeat(20)}] 1/3 points  2/6 runs  1.00 runs/s  4s left`,
    )
    expect(out.writes.at(-1)).toBe('\r\x1b[2K')
    expect(out.writes.filter((w) => w === '\r\x1b[2K')).toHaveLength(1)
  })

  it('prints plain lines on a terminal in CI, and nothing with --quiet', () => {
    const ci = sink(true)
    const plain = createSweepProgress(ci, { quiet: false, ci: true })
    plain.update(started(counts(0, 0, 0)))
    plain.finish()
    expect(ci.writes).toEqual(['sweep: 0/6 runs already done (0/3 points)\n'])
    const quiet = sink(true)
    const progress = createSweepProgress(quiet, { quiet: true, ci: false })
    progress.update(started(counts(0, 0, 0)))
    progress.update(ran(counts(0, 1, 1, '0-0')))
    progress.finish()
    expect(quiet.writes).toEqual([])
  })

  it('says a shard with no points gets none, and draws no bar for it', () => {
    const out = sink(true)
    const progress = createSweepProgress(out, { quiet: false, ci: false })
    progress.update({
      state: 'started',
      out: 'runs/x',
      shard: { index: 6, count: 6 },
      points: 4,
      counts: { points: { done: 0, total: 0 }, runs: { done: 0, total: 0 }, fresh: 0 },
    })
    progress.finish()
    expect(out.writes).toEqual([
      'sweep: shard 6/6 gets none of the 4 points; writing an empty shard folder\n',
    ])
  })
})
