import { describe, expect, it } from 'vitest'
import { createSweepProgress } from './createSweepProgress.ts'

const runs = [0, 1, 2].flatMap((point) => [0, 1].map((r) => ({ id: `${point}-${r}`, point })))

/** A stream that records what is written; `isTTY` decides which kind of progress it gets. */
const sink = (isTTY: boolean) => {
  const writes: string[] = []
  return { isTTY, writes, write: (text: string) => writes.push(text) }
}

describe('createSweepProgress', () => {
  it('counts a point done when all its replicates are, on plain lines in CI', () => {
    let t = 0
    const out = sink(false)
    const progress = createSweepProgress(out, {
      runs,
      already: new Set(['0-0']),
      quiet: false,
      ci: true,
      now: () => t,
    })
    expect(out.writes).toEqual(['sweep: 1/6 runs already done (0/3 points)\n'])
    t = 11_000
    progress.done({ id: '0-1', point: 0 })
    t = 12_000
    progress.done({ id: '1-0', point: 1 })
    t = 30_000
    progress.done({ id: '2-0', point: 2 })
    expect(out.writes.slice(1)).toEqual([
      'sweep: 1/3 points, 2/6 runs (last 0-1), 5.45 runs/min, 44s left\n',
      'sweep: 1/3 points, 4/6 runs (last 2-0), 6.00 runs/min, 20s left\n',
    ])
    progress.done({ id: '1-1', point: 1 })
    progress.done({ id: '2-1', point: 2 })
    expect(out.writes.at(-1)).toBe('sweep: 3/3 points, 6/6 runs (last 2-1), 10.00 runs/min, done\n')
  })

  it('redraws a bar in place on a terminal, and clears it when finished', () => {
    let t = 0
    const out = sink(true)
    const progress = createSweepProgress(out, {
      runs,
      already: new Set(),
      quiet: false,
      ci: false,
      now: () => t,
    })
    t = 2000
    progress.done({ id: '0-0', point: 0 })
    progress.done({ id: '0-1', point: 0 })
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
    createSweepProgress(ci, { runs, already: new Set(), quiet: false, ci: true }).finish()
    expect(ci.writes).toEqual(['sweep: 0/6 runs already done (0/3 points)\n'])
    const quiet = sink(true)
    const progress = createSweepProgress(quiet, { runs, already: new Set(), quiet: true, ci: false })
    progress.done({ id: '0-0', point: 0 })
    progress.finish()
    expect(quiet.writes).toEqual([])
  })
})
