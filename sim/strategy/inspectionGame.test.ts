import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { inspectionGame } from './inspectionGame.ts'

const terms = { fee: 1, saving: 0.6, checkCost: 0.25, penalty: 1, reward: 1 }

describe('inspectionGame', () => {
  it('pays each player as the game says', () => {
    const game = inspectionGame(terms)
    expect(game.host).toEqual([
      [1, 1],
      [1.6, -0.4],
    ])
    expect(game.verifier).toEqual([
      [0, 0],
      [-0.25, 0.75],
    ])
    expect(game.equilibrium).toEqual({ cheat: 0.25, check: 0.3 })
  })

  it('makes each player indifferent at the equilibrium, and only there', () => {
    for (const t of [terms, { fee: 3, saving: 2, checkCost: 0.1, penalty: 7, reward: 0.4 }]) {
      const { host, verifier, equilibrium } = inspectionGame(t)
      const hostGain = (q: number) =>
        (1 - q) * host[1][0] + q * host[1][1] - ((1 - q) * host[0][0] + q * host[0][1])
      const checkGain = (p: number) =>
        (1 - p) * verifier[1][0] + p * verifier[1][1] - ((1 - p) * verifier[0][0] + p * verifier[0][1])
      expect(hostGain(equilibrium.check)).toBeCloseTo(0, 12)
      expect(checkGain(equilibrium.cheat)).toBeCloseTo(0, 12)
      // Checking a little more deters cheating, a little less invites it; the same for the verifier.
      expect(hostGain(equilibrium.check + 0.01)).toBeLessThan(0)
      expect(hostGain(equilibrium.check - 0.01)).toBeGreaterThan(0)
      expect(checkGain(equilibrium.cheat + 0.01)).toBeGreaterThan(0)
      expect(checkGain(equilibrium.cheat - 0.01)).toBeLessThan(0)
    }
  })

  it('refuses terms without an interior equilibrium, naming the fix', () => {
    expect(() => inspectionGame({ ...terms, saving: 2 })).toThrow(InputError)
    expect(() => inspectionGame({ ...terms, saving: 2 })).toThrow(/raise the penalty above 1/)
    expect(() => inspectionGame({ ...terms, checkCost: 1 })).toThrow(/raise the reward above 1/)
    expect(() => inspectionGame({ ...terms, checkCost: 0 })).toThrow(/checkCost is 0/)
    expect(() => inspectionGame({ ...terms, fee: -1 })).toThrow(/fee is -1/)
  })
})
