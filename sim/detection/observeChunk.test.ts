import fc from 'fast-check'
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { observeChunk } from './observeChunk.ts'
import { startSequentialTest } from './startSequentialTest.ts'
import type { HonestNull, SequentialState, SequentialTestOptions } from './types.ts'

// Figures of the order measured for fp16-weight hosts on the width-64 test decoder.
const honest: HonestNull = { mean: 2.25e-4, sd: 2.5e-5, chunks: 48, worstProfile: 'fp16' }
const CHUNK = 16

/** A standard normal draw by Box–Muller from a seeded uniform source. */
function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
}

/** One host whose chunk scores are N(shift, 1) in honest sd, watched until decided or `horizon` chunks. */
function watch(
  options: SequentialTestOptions,
  shift: number,
  rng: () => number,
  horizon = 2000,
): SequentialState {
  let state = startSequentialTest(options)
  for (let c = 0; c < horizon && state.verdict === 'continue'; c++) {
    const distance = honest.mean + honest.sd * (shift + normal(rng))
    state = observeChunk(state, { count: CHUNK, meanValueDistance: distance, wellFormed: true }, honest)
  }
  return state
}

const options = fc.record({
  alpha: fc.constantFrom(0.001, 0.01, 0.05),
  beta: fc.constantFrom(0.01, 0.05, 0.1),
  delta: fc.double({ min: 0.25, max: 3, noNaN: true }),
})

describe('observeChunk', () => {
  it('convicts honest hosts (at or below the null) at a rate no higher than α, over many simulated hosts', () => {
    fc.assert(
      fc.property(options, fc.double({ min: -2, max: 0, noNaN: true }), fc.nat(), (opts, shift, seed) => {
        const rng = seedrandom(`null/${seed}`)
        const hosts = 2000
        let convicted = 0
        for (let h = 0; h < hosts; h++) if (watch(opts, shift, rng).verdict === 'convict') convicted++
        // Three binomial standard deviations of margin above α.
        const margin = 3 * Math.sqrt((opts.alpha * (1 - opts.alpha)) / hosts)
        expect(convicted / hosts).toBeLessThanOrEqual(opts.alpha + margin)
      }),
      { numRuns: 12, seed: 15 },
    )
  })

  it('is not vacuous: at the null itself it does convict some honest hosts, near α', () => {
    const rng = seedrandom('null/rate')
    const hosts = 4000
    const opts = { alpha: 0.05, beta: 0.05, delta: 1 }
    let convicted = 0
    for (let h = 0; h < hosts; h++) if (watch(opts, 0, rng).verdict === 'convict') convicted++
    expect(convicted / hosts).toBeGreaterThan(opts.alpha / 5)
    expect(convicted / hosts).toBeLessThanOrEqual(opts.alpha)
  })

  it("convicts a shifted host within Wald's expected number of chunks, and with power 1 − β", () => {
    fc.assert(
      fc.property(options, fc.double({ min: 0, max: 3, noNaN: true }), fc.nat(), (opts, extra, seed) => {
        const shift = opts.delta + extra
        const rng = seedrandom(`shift/${seed}`)
        const hosts = 300
        let convicted = 0
        let chunks = 0
        for (let h = 0; h < hosts; h++) {
          const state = watch(opts, shift, rng)
          if (state.verdict === 'convict') convicted++
          chunks += state.chunks
        }
        const perChunk = opts.delta * shift - (opts.delta * opts.delta) / 2
        const wald = Math.log(1 / opts.alpha) / perChunk
        // Wald's approximation plus one chunk of overshoot, with 25% room for sampling noise.
        expect(chunks / hosts).toBeLessThanOrEqual(1.25 * (wald + 1))
        expect(convicted / hosts).toBeGreaterThanOrEqual(1 - opts.beta - 3 * Math.sqrt(opts.beta / hosts))
      }),
      { numRuns: 25, seed: 15 },
    )
  })

  it('convicts on the first chunk a cheat far outside the honest spread, or a malformed commitment', () => {
    const opts = { alpha: 0.001, beta: 0.01, delta: 1 }
    // 4-bit weights on the test decoder: mean |Δ| about 6e-2, thousands of honest sds away.
    const int4 = observeChunk(
      startSequentialTest(opts),
      { count: CHUNK, meanValueDistance: 6e-2, wellFormed: true },
      honest,
    )
    expect(int4).toMatchObject({ verdict: 'convict', chunks: 1, decidedAtTokens: CHUNK })
    const forged = observeChunk(
      startSequentialTest(opts),
      { count: CHUNK, meanValueDistance: 0, wellFormed: false },
      honest,
    )
    expect(forged.verdict).toBe('convict')
    const missing = observeChunk(
      startSequentialTest(opts),
      { count: CHUNK, meanValueDistance: Number.NaN, wellFormed: true },
      honest,
    )
    expect(missing.verdict).toBe('convict')
  })

  it('convicts on a token the verifier does not re-derive, even with honest hidden states', () => {
    const opts = { alpha: 0.001, beta: 0.01, delta: 1 }
    // A reseeded or biased draw: the prefill over its tokens is the honest model's.
    const chunk = { count: CHUNK, meanValueDistance: honest.mean, wellFormed: true }
    const reseeded = observeChunk(startSequentialTest(opts), { ...chunk, tokenMismatches: 1 }, honest)
    expect(reseeded).toMatchObject({ verdict: 'convict', chunks: 1, decidedAtTokens: CHUNK })
    const reproduced = observeChunk(startSequentialTest(opts), { ...chunk, tokenMismatches: 0 }, honest)
    expect(reproduced.verdict).toBe('continue')
  })

  it('carries evidence across chunks: a shift too small for one chunk convicts after several, and stays decided', () => {
    const opts = { alpha: 0.001, beta: 0.01, delta: 1 }
    // 3 sds per chunk adds 2.5 to the log ratio; ln(1000) ≈ 6.9 needs three such chunks.
    const chunk = { count: CHUNK, meanValueDistance: honest.mean + 3 * honest.sd, wellFormed: true }
    let state = startSequentialTest(opts)
    const verdicts: string[] = []
    for (let c = 0; c < 4; c++) {
      state = observeChunk(state, chunk, honest)
      verdicts.push(state.verdict)
    }
    expect(verdicts).toEqual(['continue', 'continue', 'convict', 'convict'])
    expect(state).toMatchObject({ chunks: 3, tokens: 3 * CHUNK, decidedAtTokens: 3 * CHUNK })
    expect(state.logLikelihoodRatio).toBeCloseTo(7.5, 10)
    // An honest host at the verifier's own precision clears and stays cleared.
    let cleared = startSequentialTest(opts)
    for (let c = 0; c < 10; c++)
      cleared = observeChunk(cleared, { count: CHUNK, meanValueDistance: 1e-7, wellFormed: true }, honest)
    expect(cleared.verdict).toBe('clear')
    expect(cleared.chunks).toBe(1)
  })
})
