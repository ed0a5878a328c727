import type { DemandSpec } from '../runSpec.ts'
import { MARKET_METRIC_NAMES, type MarketBook, type MarketMetrics, type PeriodRow } from './types.ts'

/**
 * A stand-in for the market book: it keeps nothing, emits no period and every metric is null.
 * The real book (per-period aggregates, cohorts, metrics) is written on its own branch with this
 * exact signature; this file exists only so the market's wiring compiles and runs until then.
 */
export function createMarketBook(_demand: DemandSpec, _emit: (row: PeriodRow) => void): MarketBook {
  const nothing = () => {}
  return {
    arrived: nothing,
    converted: nothing,
    chose: nothing,
    requested: nothing,
    settled: nothing,
    incident: nothing,
    fees: nothing,
    emitted: nothing,
    supply: nothing,
    advance: nothing,
    metrics: () => Object.fromEntries(MARKET_METRIC_NAMES.map((name) => [name, null])) as MarketMetrics,
  }
}
