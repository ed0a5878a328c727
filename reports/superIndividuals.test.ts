import { describe, expect, it } from 'vitest'
import { superIndividuals } from './superIndividuals.ts'
import type { SweepRecord } from './writeRunFolder.ts'

const run = (market?: { weight: number; period: number }) =>
  ({ ...(market ? { market: { ...market, periods_sha256: null } } : {}) }) as SweepRecord

describe('superIndividuals', () => {
  it('lists each distinct weight and period once, by weight then period', () => {
    expect(superIndividuals([run(), run()])).toEqual([])
    expect(
      superIndividuals([
        run({ weight: 100, period: 3600 }),
        run({ weight: 10, period: 86_400 }),
        run(),
        run({ weight: 100, period: 3600 }),
        run({ weight: 10, period: 3600 }),
      ]),
    ).toEqual([
      { weight: 10, period: 3600 },
      { weight: 10, period: 86_400 },
      { weight: 100, period: 3600 },
    ])
  })
})
