import { describe, expect, it } from 'vitest'
import { factorOf } from './factorOf.ts'
import type { ModeHandler } from './types.ts'

const mode = { computeFactor: 3 } as ModeHandler
const request = { nativeSeconds: 2, parameters: 1e6, tokens: 4 }

describe('factorOf', () => {
  it("takes the request's own factor when the mode prices per request, else the flat one", () => {
    expect(factorOf(mode, request)).toBe(3)
    expect(factorOf({ ...mode, requestFactor: (r) => 1 + r.tokens / r.nativeSeconds }, request)).toBe(3)
    expect(factorOf({ ...mode, requestFactor: (r) => r.tokens }, request)).toBe(4)
  })
})
