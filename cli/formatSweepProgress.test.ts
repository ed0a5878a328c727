import { describe, expect, it } from 'vitest'
import { formatSweepProgress, type SweepStatus } from './formatSweepProgress.ts'

const status = (over: Partial<SweepStatus> = {}): SweepStatus => ({
  points: { done: 3, total: 10 },
  runs: { done: 7, total: 20 },
  fresh: 5,
  elapsed: 20,
  last: '3-1',
  ...over,
})

describe('formatSweepProgress', () => {
  it('draws a bar with points done, runs, rate and time left', () => {
    // 5 runs in 20 s: 0.25 runs/s, so 13 runs left take 52 s.
    expect(formatSweepProgress(status(), 'bar', 20)).toBe(
      '[#######.............] 3/10 points  7/20 runs  15.00 runs/min  52s left',
    )
  })
  it('writes a plain line for logs', () => {
    expect(formatSweepProgress(status(), 'line')).toBe(
      'sweep: 3/10 points, 7/20 runs (last 3-1), 15.00 runs/min, 52s left',
    )
  })
  it('counts the rate from the runs this process ran, not the resumed ones', () => {
    // 10 resumed + 2 fresh in 4 s: 0.5 runs/s, 8 left take 16 s.
    const line = formatSweepProgress(status({ runs: { done: 12, total: 20 }, fresh: 2, elapsed: 4 }), 'line')
    expect(line).toMatch(/30\.00 runs\/min, 16s left$/)
  })
  it('says estimating before the first run and done at the end', () => {
    expect(formatSweepProgress(status({ fresh: 0, elapsed: 0 }), 'bar')).toMatch(
      /0\.00 runs\/s {2}estimating$/,
    )
    const end = status({ points: { done: 10, total: 10 }, runs: { done: 20, total: 20 } })
    expect(formatSweepProgress(end, 'bar', 10)).toBe(
      '[##########] 10/10 points  20/20 runs  15.00 runs/min  done',
    )
  })
  it('picks a rate unit that keeps digits: per second, minute or hour', () => {
    expect(formatSweepProgress(status({ fresh: 30, elapsed: 10 }), 'line')).toMatch(/3\.00 runs\/s/)
    expect(formatSweepProgress(status({ fresh: 1, elapsed: 600 }), 'line')).toMatch(/6\.00 runs\/h/)
  })
  it('formats long estimates without a 60 in the smaller unit', () => {
    // 1 run per 119.5 s, one run left.
    const s = status({ runs: { done: 19, total: 20 }, fresh: 1, elapsed: 119.5 })
    expect(formatSweepProgress(s, 'line')).toMatch(/2m00s left$/)
  })
})
