import { describe, expect, it } from 'vitest'
import { EXPERIMENTAL_SEGMENT, PRODUCTION_SEGMENT } from '../demand/defaultSegments.ts'
import type { UtilityTerms } from '../demand/types.ts'
import type { DemandSpec } from '../runSpec.ts'
import { createMarketBook } from './createMarketBook.ts'
import { MARKET_METRIC_NAMES, type PeriodRow } from './types.ts'

const demand: DemandSpec = {
  segments: [
    { name: 'experimental', segment: EXPERIMENTAL_SEGMENT },
    { name: 'production', segment: PRODUCTION_SEGMENT },
  ],
  marketSize: 100,
  weight: 10,
  period: 100,
  retentionPeriod: 5,
  repeatPeriods: 2,
  timeout: 60,
  fraudLoss: 0.01,
  providers: [
    {
      name: 'central',
      price: 0.001,
      latency: { median: 1, p95: 3 },
      failureRate: 0,
      outages: { meanUp: 0, meanDown: 0 },
    },
  ],
  offers: [],
}

const terms = (total: number): UtilityTerms => ({
  price: -1,
  latency: -0.5,
  failure: 0,
  fraud: 0,
  verifiable: 0.5,
  switching: 0,
  total,
})
const ok = (latency: number) => ({ latency, failed: false, bad: false })

/** The story of the test, period by period (period = 100 s, weight 10, R(5), repeat k = 2). */
function story() {
  const rows: PeriodRow[] = []
  const book = createMarketBook(demand, (row) => rows.push(row))
  // Period 0: r0 (production) and r1 (experimental) arrive: cohort 0.
  book.arrived(0, 0, 'production')
  book.arrived(0, 1, 'experimental')
  book.chose(10, 0, 'production', 'network', { network: terms(1), central: terms(0) })
  book.chose(12, 1, 'experimental', 'central', { network: terms(-1), central: terms(2) })
  book.chose(15, 0, 'production', 'network', { network: terms(3), central: terms(0) })
  book.requested(20, 0, 'production', 'network', 10)
  book.settled(25, 0, 'production', 'network', ok(2), 10)
  book.requested(30, 1, 'experimental', 'central', 10)
  book.settled(31, 1, 'experimental', 'central', { latency: 60, failed: true, bad: false }, 10)
  book.requested(35, 1, 'experimental', 'network', 10)
  book.settled(37, 1, 'experimental', 'network', { latency: 2, failed: false, bad: true }, 10)
  book.fees(40, 5)
  book.emitted(50, 10)
  book.supply(60, { active: 4, down: 0, reserve: 2, exited: 0, capacity: 2 })
  book.supply(80, { active: 6, down: 2, reserve: 0, exited: 0, capacity: 4 })
  // Period 1: r2 (production) arrives: cohort 1.
  book.arrived(150, 2, 'production')
  book.requested(160, 2, 'production', 'network', 10)
  // Period 2: a centralized outage only (not a network incident).
  book.incident({ t: 250, provider: 'central', kind: 'outage-start', count: 1 })
  // Period 3: cohort 0's base: r0 sends 20.
  book.requested(310, 0, 'production', 'network', 10)
  book.requested(320, 0, 'production', 'network', 10)
  // Period 4: the first network incident; cohort 1's base: r2 sends 10.
  book.requested(410, 0, 'production', 'network', 10)
  book.requested(420, 2, 'production', 'network', 10)
  book.incident({ t: 450, provider: 'network', kind: 'slash', count: 2 })
  book.incident({ t: 460, provider: 'network', kind: 'verification-outage-start', count: 1 })
  // Period 5: cohort 0's period 5; r1 converts and sends to central as production.
  book.converted(510, 1, 'experimental', 'production', 'converted')
  book.requested(550, 0, 'production', 'network', 10)
  book.requested(560, 1, 'production', 'central', 10)
  // Period 6: cohort 1's period 5.
  book.requested(620, 2, 'production', 'network', 10)
  book.advance(700)
  return { rows, book }
}

describe('createMarketBook', () => {
  it('gives the period rows computed by hand, empty periods included', () => {
    const { rows } = story()
    expect(rows.map((r) => r.period)).toEqual([0, 1, 2, 3, 4, 5, 6])
    const [first, second, empty] = rows as [PeriodRow, PeriodRow, PeriodRow]
    const p95 = first.network.p95Latency as number
    // A fixed-bin p95: within the bin (a factor 1.12) of the 2 s every network request took.
    expect(p95).toBeGreaterThanOrEqual(2 / 1.123)
    expect(p95).toBeLessThanOrEqual(2 * 1.123)
    expect(first).toEqual({
      period: 0,
      start: 0,
      end: 100,
      weight: 10,
      segments: {
        experimental: {
          active: 10,
          arrivals: 10,
          trialsEnded: 0,
          conversions: 0,
          volume: { network: 10, central: 10 },
          failed: { network: 0, central: 10 },
          frauds: { network: 10, central: 0 },
          adoption: 0.5,
          terms: { network: terms(-1), central: terms(2) },
          choices: { network: 0, central: 10 },
        },
        production: {
          active: 10,
          arrivals: 10,
          trialsEnded: 0,
          conversions: 0,
          volume: { network: 10, central: 0 },
          failed: { network: 0, central: 0 },
          frauds: { network: 0, central: 0 },
          adoption: 1,
          // The mean of the two choices' terms.
          terms: { network: terms(2), central: terms(0) },
          choices: { network: 20, central: 0 },
        },
      },
      cohorts: { '0': { production: 10, experimental: 10 } },
      network: {
        fees: 5,
        emitted: 10,
        hosts: { active: 5, down: 1, reserve: 1, exited: 0 },
        capacity: 3,
        demand: 0.2,
        p95Latency: p95,
      },
      incidents: [],
    })
    expect(second.segments.production?.arrivals).toBe(10)
    expect(second.cohorts).toEqual({ '1': { production: 10 } })
    // No sample in the period: the last one holds.
    expect(second.network.hosts).toEqual({ active: 6, down: 2, reserve: 0, exited: 0 })
    expect(empty.network).toMatchObject({ fees: 0, emitted: 0, demand: 0, p95Latency: null, capacity: 4 })
    expect(empty.segments.production).toMatchObject({
      active: 0,
      volume: { network: 0, central: 0 },
      adoption: null,
    })
    expect(empty.cohorts).toEqual({})
    expect(empty.incidents).toEqual([{ t: 250, provider: 'central', kind: 'outage-start', count: 1 }])
    expect(rows[4]?.incidents).toEqual([
      { t: 450, provider: 'network', kind: 'slash', count: 2 },
      { t: 460, provider: 'network', kind: 'verification-outage-start', count: 1 },
    ])
    expect(rows[4]?.cohorts).toEqual({ '0': { production: 10 }, '1': { production: 10 } })
    expect(rows[5]?.segments.experimental).toMatchObject({ trialsEnded: 10, conversions: 10 })
    expect(rows[5]?.segments.production).toMatchObject({ active: 20, volume: { network: 10, central: 10 } })
  })

  it('gives the metrics computed by hand', () => {
    const { book } = story()
    const m = book.metrics()
    expect(Object.keys(m)).toEqual([...MARKET_METRIC_NAMES])
    // Network 90 (r0 50, r1 10, r2 30) of 110; production sent 80 to the network and 10 to central.
    expect(m.market_adoption_share).toBeCloseTo(90 / 110, 12)
    expect(m.production_adoption_share).toBeCloseTo(80 / 90, 12)
    expect(m.production_share).toBeCloseTo(80 / 90, 12)
    // Cohort 0: 10 in period 5 ÷ 20 in period 3; cohort 1: 10 ÷ 10.
    expect(m.retained_production_volume).toBeCloseTo(20 / 30, 12)
    // r0 (4 network periods, 50) and r2 (3, 30) repeat; r1 (1 period, 10) does not.
    expect(m.repeat_share).toBeCloseTo(80 / 90, 12)
    // Per period with network volume: 20/20, 10/10, 20/10, 20/20, 10/10, 10/10.
    expect(m.volume_per_active_requester).toBeCloseTo(7 / 6, 12)
    expect(m.revenue_over_emissions).toBe(0.5)
    expect(m.host_count_final).toBe(6)
    expect(m.network_p95_latency).toBeGreaterThanOrEqual(2 / 1.123)
    expect(m.network_p95_latency).toBeLessThanOrEqual(2 * 1.123)
    // First network incident in period 4: production network volume 20 in period 3, 10 in period 5.
    expect(m.incident_churn).toBeCloseTo(0.5, 12)
  })

  it('measures churn around the first network incident that is not a slash', () => {
    const book = createMarketBook(demand, () => {})
    book.arrived(0, 0, 'production')
    // 10 production network requests in each of periods 0-5, 5 in period 6; slashes in every
    // period, a verification outage in period 5.
    for (let p = 0; p < 7; p++) {
      for (let i = 0; i < (p === 6 ? 1 : 2); i++)
        book.requested(p * 100 + 10 + i, 0, 'production', 'network', 5)
      book.incident({ t: p * 100 + 50, provider: 'network', kind: 'slash', count: 1 })
      if (p === 5) book.incident({ t: 560, provider: 'network', kind: 'verification-outage-start', count: 1 })
      if (p === 4) {
        book.advance(500)
        // Slashes from period 0 on: no incident yet.
        expect(book.metrics().incident_churn).toBeNull()
      }
    }
    book.advance(800)
    // P = 5: 1 − 5 (period 6) ÷ 10 (period 4).
    expect(book.metrics().incident_churn).toBeCloseTo(0.5, 12)
  })

  it('gives null, never NaN, where a metric has no meaning', () => {
    const book = createMarketBook(demand, () => {})
    book.advance(1000)
    const m = book.metrics()
    for (const name of MARKET_METRIC_NAMES) expect(m[name], name).toBeNull()
  })

  it('closes each period once: advance is idempotent for the same time and ignores earlier ones', () => {
    const rows: PeriodRow[] = []
    const book = createMarketBook(demand, (row) => rows.push(row))
    book.advance(250)
    book.advance(250)
    book.advance(120)
    expect(rows.map((r) => [r.start, r.end])).toEqual([
      [0, 100],
      [100, 200],
    ])
    // An event at a period's end belongs to the next period.
    book.arrived(300, 0, 'production')
    book.advance(400)
    expect(rows.map((r) => r.segments.production?.arrivals)).toEqual([0, 0, 0, 10])
  })

  it('gives the period the run ends inside as a partial last row, its volume included', () => {
    const rows: PeriodRow[] = []
    const book = createMarketBook(demand, (row) => rows.push(row))
    book.arrived(0, 0, 'production')
    book.requested(10, 0, 'production', 'network', 10)
    book.requested(120, 0, 'production', 'network', 10)
    book.requested(130, 0, 'production', 'central', 10)
    book.settled(140, 0, 'production', 'network', ok(2), 10)
    book.finish(170)
    expect(rows.map((r) => [r.start, r.end, r.partial])).toEqual([
      [0, 100, undefined],
      [100, 170, true],
    ])
    // A full row has no `partial` key at all (its line in periods.ndjson is unchanged).
    expect('partial' in (rows[0] as PeriodRow)).toBe(false)
    const last = rows[1] as PeriodRow
    expect(last.segments.production).toMatchObject({ active: 10, volume: { network: 10, central: 10 } })
    // Demand over the 70 s the period lasted, not a full period's 100.
    expect(last.network.demand).toBeCloseTo(10 / 70, 12)
    const volume = rows.reduce(
      (sum, r) => sum + Object.values(r.segments.production?.volume ?? {}).reduce((a, b) => a + b, 0),
      0,
    )
    expect(volume).toBe(30)
    const m = book.metrics()
    expect(m.market_adoption_share).toBeCloseTo(20 / 30, 12)
    // Per active requester: period 0 only (10 ÷ 10 real requesters); the partial one does not count.
    expect(m.volume_per_active_requester).toBe(1)
  })

  it('counts a partial last period in no per-period metric: R(N) and churn stay null', () => {
    const book = createMarketBook(demand, () => {})
    book.arrived(0, 0, 'production')
    // 10 per period in periods 0-4, a verification outage in period 4; the run ends 10 s into
    // period 5, which is both cohort 0's period N = 5 and the period after the incident.
    for (let p = 0; p < 5; p++) book.requested(p * 100 + 10, 0, 'production', 'network', 10)
    book.incident({ t: 450, provider: 'network', kind: 'verification-outage-start', count: 1 })
    book.requested(505, 0, 'production', 'network', 10)
    book.finish(510)
    const m = book.metrics()
    expect(m.retained_production_volume).toBeNull()
    expect(m.incident_churn).toBeNull()
    expect(m.volume_per_active_requester).toBe(1)
    // Run totals count it: r0 sent the network something in 6 periods, all of its volume repeats.
    expect(m.repeat_share).toBe(1)
  })

  it('gives a zero-length last row for what settled at the very end, and none when nothing did', () => {
    const rows: PeriodRow[] = []
    const book = createMarketBook(demand, (row) => rows.push(row))
    book.arrived(0, 0, 'production')
    book.requested(90, 0, 'production', 'network', 10)
    // The last block, on a period boundary, settles the last request.
    book.settled(200, 0, 'production', 'network', { latency: 110, failed: true, bad: false }, 10)
    book.finish(200)
    expect(rows.map((r) => [r.start, r.end, r.partial])).toEqual([
      [0, 100, undefined],
      [100, 200, undefined],
      [200, 200, true],
    ])
    expect(rows[2]?.segments.production?.failed).toEqual({ network: 10, central: 0 })
    expect(rows[2]?.network.demand).toBe(0)

    const quiet: PeriodRow[] = []
    const other = createMarketBook(demand, (row) => quiet.push(row))
    other.arrived(0, 0, 'production')
    // The last block's supply sample, at the end, is no reason for a row of its own.
    other.supply(200, { active: 1, down: 0, reserve: 0, exited: 0, capacity: 1 })
    other.finish(200)
    expect(quiet.map((r) => [r.start, r.end, r.partial])).toEqual([
      [0, 100, undefined],
      [100, 200, undefined],
    ])
  })

  it('refuses an event after the run finished', () => {
    const book = createMarketBook(demand, () => {})
    book.arrived(0, 0, 'production')
    book.finish(50)
    expect(() => book.requested(60, 0, 'production', 'network', 1)).toThrow(/at 60 after the run finished/)
  })

  it('keeps a bounded number of entries over a 1,000-period run', () => {
    let emitted = 0
    const book = createMarketBook(demand, () => {
      emitted++
    })
    for (let r = 0; r < 5; r++) book.arrived(0, r, 'production')
    const sizes = []
    for (let p = 0; p < 1000; p++) {
      for (let r = 0; r < 5; r++) {
        const t = p * 100 + 10 + r
        book.requested(t, r, 'production', 'network', 10)
        book.settled(t + 1, r, 'production', 'network', ok(1 + (p % 7)), 10)
      }
      book.fees(p * 100 + 50, 1)
      book.supply(p * 100 + 60, { active: 3, down: 0, reserve: 0, exited: 0, capacity: 1 })
      if (p % 100 === 0) book.incident({ t: p * 100 + 70, provider: 'network', kind: 'slash', count: 1 })
      if (p === 10 || p === 999) sizes.push(book.size())
    }
    book.advance(100_000)
    expect(emitted).toBe(1000)
    expect(sizes[1]).toEqual(sizes[0])
    expect(book.size().requesters).toBe(5)
    expect(book.size().pendingCohorts).toBeLessThanOrEqual(3)
    expect(book.metrics().repeat_share).toBe(1)
    expect(book.metrics().retained_production_volume).toBe(1)
  })

  it('refuses a period, retention period or repeat count it cannot count in, naming the value', () => {
    expect(() => createMarketBook({ ...demand, period: 0 }, () => {})).toThrow(/demand.period .* got 0/)
    expect(() => createMarketBook({ ...demand, retentionPeriod: 2.5 }, () => {})).toThrow(
      /demand.retentionPeriod .* got 2.5/,
    )
    expect(() => createMarketBook({ ...demand, repeatPeriods: 0 }, () => {})).toThrow(
      /demand.repeatPeriods .* got 0/,
    )
  })

  it('refuses a request from a requester that never arrived', () => {
    const book = createMarketBook(demand, () => {})
    expect(() => book.requested(0, 7, 'production', 'network', 1)).toThrow(/requester 7 before its arrival/)
  })
})
