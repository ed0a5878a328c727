import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { digestCheckpoint, roundHalfUp } from './digestCheckpoint.ts'

const sha = (bytes: Uint8Array) => `0x${createHash('sha256').update(bytes).digest('hex')}`

describe('digestCheckpoint', () => {
  it('hashes the int32 little-endian quantized values', () => {
    expect(digestCheckpoint(Float32Array.of(0.0031, -0.0019), 0.001)).toBe(
      sha(Uint8Array.of(3, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff)),
    )
  })

  it('hashes the raw float32 bits when the tolerance is 0', () => {
    const values = Float32Array.of(0.1, -2.5)
    expect(digestCheckpoint(values, 0)).toBe(sha(new Uint8Array(values.buffer)))
    expect(digestCheckpoint(Float32Array.of(0.1, -2.5000002), 0)).not.toBe(digestCheckpoint(values, 0))
  })

  it('ignores differences below the tolerance and sees those above it', () => {
    const base = digestCheckpoint(Float32Array.of(0.5, -1.25), 1e-3)
    expect(base).toMatch(/^0x[0-9a-f]{64}$/)
    expect(digestCheckpoint(Float32Array.of(0.5000001, -1.2500002), 1e-3)).toBe(base)
    expect(digestCheckpoint(Float32Array.of(0.502, -1.25), 1e-3)).not.toBe(base)
  })

  it('rounds exactly as Math.round, ties and the doubles next to them included', () => {
    const near = (y: number) => [y, y - Number.EPSILON * Math.abs(y), y + Number.EPSILON * Math.abs(y)]
    const edges = [0.49999999999999994, -0.49999999999999994, -(2 ** -60), 2 ** 52 + 1, -(2 ** 52) - 1]
    const ties = Array.from({ length: 41 }, (_, k) => k - 20.5)
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (y) => {
        for (const v of [y, Math.round(y) + 0.5, ...near(Math.round(y) - 0.5)]) {
          if (Number.isFinite(v)) expect(roundHalfUp(v)).toBe(Math.round(v) + 0)
        }
      }),
    )
    for (const v of [...edges, ...ties.flatMap(near)]) expect(roundHalfUp(v)).toBe(Math.round(v) + 0)
  })

  it('gives each call its own digest although buffers are reused between calls', () => {
    const quantized = (values: number[]) => sha(new Uint8Array(Int32Array.from(values).buffer))
    const long = Float32Array.from({ length: 40 }, (_, i) => i / 100)
    const first = digestCheckpoint(Float32Array.of(0.004, 0.002), 0.001)
    expect(digestCheckpoint(long, 0.001)).toBe(quantized(Array.from(long, (v) => Math.round(v / 0.001))))
    expect(digestCheckpoint(Float32Array.of(0.001, 0.009), 0.001)).toBe(quantized([1, 9]))
    expect(digestCheckpoint(Float32Array.of(0.004, 0.002), 0.001)).toBe(first)
    expect(first).toBe(quantized([4, 2]))
  })

  it('rejects a tolerance that cannot quantize', () => {
    for (const tolerance of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => digestCheckpoint(new Float32Array(1), tolerance)).toThrow(InputError)
    }
  })
})
