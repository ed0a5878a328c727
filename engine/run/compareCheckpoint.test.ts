import { describe, expect, it } from 'vitest'
import { compareCheckpoint } from './compareCheckpoint.ts'

describe('compareCheckpoint', () => {
  it('is bitwise at tolerance 0', () => {
    expect(compareCheckpoint(Float32Array.of(1, -0.5), Float32Array.of(1, -0.5), 0)).toBe(true)
    expect(compareCheckpoint(Float32Array.of(1, -0.5000001), Float32Array.of(1, -0.5), 0)).toBe(false)
    expect(compareCheckpoint(Float32Array.of(-0), Float32Array.of(0), 0)).toBe(false)
  })

  it('bounds |a − b| by tolerance × (1 + |b|): absolute near 0, relative for large values', () => {
    expect(compareCheckpoint(Float32Array.of(0.0009), Float32Array.of(0), 1e-3)).toBe(true)
    expect(compareCheckpoint(Float32Array.of(0.0011), Float32Array.of(0), 1e-3)).toBe(false)
    expect(compareCheckpoint(Float32Array.of(1000.9), Float32Array.of(1000), 1e-3)).toBe(true)
    expect(compareCheckpoint(Float32Array.of(1001.2), Float32Array.of(1000), 1e-3)).toBe(false)
  })

  it('never agrees across sizes or with NaN', () => {
    expect(compareCheckpoint(Float32Array.of(1), Float32Array.of(1, 1), 1)).toBe(false)
    expect(compareCheckpoint(Float32Array.of(Number.NaN), Float32Array.of(1), 1)).toBe(false)
    expect(compareCheckpoint(Float32Array.of(1), Float32Array.of(Number.NaN), 1)).toBe(false)
  })
})
