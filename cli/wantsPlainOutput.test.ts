import { describe, expect, it } from 'vitest'
import { createProgress } from './createProgress.ts'
import { wantsPlainOutput } from './wantsPlainOutput.ts'

describe('wantsPlainOutput', () => {
  it('is plain in CI, under NO_COLOR and on a dumb terminal', () => {
    expect(wantsPlainOutput({ CI: 'true' })).toBe(true)
    expect(wantsPlainOutput({ NO_COLOR: '1' })).toBe(true)
    expect(wantsPlainOutput({ TERM: 'dumb' })).toBe(true)
  })
  it('redraws on an ordinary terminal, and an empty NO_COLOR does not count (no-color.org)', () => {
    expect(wantsPlainOutput({})).toBe(false)
    expect(wantsPlainOutput({ NO_COLOR: '', TERM: 'xterm-256color' })).toBe(false)
  })
  it('keeps control sequences off a terminal under NO_COLOR', () => {
    const writes: string[] = []
    const progress = createProgress(
      { isTTY: true, write: (text: string) => writes.push(text) },
      { quiet: false, ci: wantsPlainOutput({ NO_COLOR: '1' }) },
    )
    for (let t = 0; t <= 100; t += 10) progress.update({ time: t, duration: 100, jobs: t, blocks: t / 10 })
    progress.done()
    expect(writes.length).toBeGreaterThan(0)
    expect(writes.join('')).not.toContain('\x1b')
  })
})
