import { describe, expect, it } from 'vitest'
import { decideConversion } from './decideConversion.ts'
import { EXPERIMENTAL_SEGMENT } from './defaultSegments.ts'
import type { ConversionRule, TrialExperience } from './types.ts'

const rule = EXPERIMENTAL_SEGMENT.conversion as ConversionRule
const good: TrialExperience = { requests: 200, failed: 2, p95Latency: 5, frauds: 0 }

describe('decideConversion', () => {
  it('converts a trial that is good enough on every count', () => {
    expect(rule).toEqual({
      into: 'production',
      failedShareBelow: 0.02,
      p95LatencyBelow: 10,
      minRequests: 100,
    })
    expect(decideConversion(rule, good)).toEqual({ convert: true, reason: 'converted' })
  })

  it('needs minRequests requests: one fewer is not evidence', () => {
    expect(decideConversion(rule, { ...good, requests: 100, failed: 1 }).convert).toBe(true)
    expect(decideConversion(rule, { ...good, requests: 99, failed: 0 })).toEqual({
      convert: false,
      reason: 'too-few-requests',
    })
    expect(
      decideConversion({ ...rule, minRequests: 1 }, { requests: 0, failed: 0, p95Latency: null, frauds: 0 }),
    ).toEqual({ convert: false, reason: 'too-few-requests' })
  })

  it('needs a failed share strictly below the threshold', () => {
    expect(decideConversion(rule, { ...good, failed: 3 }).convert).toBe(true)
    expect(decideConversion(rule, { ...good, failed: 4 })).toEqual({ convert: false, reason: 'failures' })
    expect(decideConversion(rule, { ...good, failed: 5 })).toEqual({ convert: false, reason: 'failures' })
  })

  it('needs a p95 latency strictly below the threshold', () => {
    expect(decideConversion(rule, { ...good, p95Latency: 9.999 }).convert).toBe(true)
    expect(decideConversion(rule, { ...good, p95Latency: 10 })).toEqual({ convert: false, reason: 'latency' })
  })

  it('refuses after a single fraud, even in an otherwise perfect trial', () => {
    expect(decideConversion(rule, { ...good, failed: 0, p95Latency: 0.1, frauds: 1 })).toEqual({
      convert: false,
      reason: 'fraud',
    })
  })
})
