import { NETWORK, type PeriodRow } from '../../sim/index.ts'
import type { FigureContext } from './figureContext.ts'
import { inferProduction } from './inferProduction.ts'

const DAY = 86_400

/** What the market's figures share: the periods and how to place them on a time axis. */
export type Market = {
  periods: PeriodRow[]
  weight: number
  /** Segments in the order they first appear. */
  segments: string[]
  /** The production segments (given, or those that never ended a trial). */
  production: string[]
  /** True when `production` was inferred rather than given by the scenario. */
  productionInferred: boolean
  /** Providers in the order they first appear, the network first. */
  providers: string[]
  /** The network's configurations: `network`, then each of demand.offers (one network, several offers). */
  networks: string[]
  retentionPeriod: number | undefined
  /** Virtual days at the middle of a period: where its values are drawn. */
  mid: (row: PeriodRow) => number
  /** Virtual days of a moment. */
  day: (t: number) => number
  /** Virtual days at the end of the last period. */
  end: number
  /** One period's length, for axis titles ("1 day", "6 h"). */
  periodText: string
  /** Seconds in a full period. */
  periodLength: number
  /** The last row when the run ended inside its period (PeriodRow.partial), else null. */
  partial: PeriodRow | null
}

/**
 * The market section's data when the report can draw it: one point (a sweep's points each have
 * their own periods, and their per-point figures say what differs) with closed periods.
 */
export function marketOf(ctx: FigureContext): Market | null {
  const input = ctx.input.market
  if (ctx.points.length !== 1 || !input || input.periods.length === 0) return null
  const periods = [...input.periods].sort((a, b) => a.period - b.period)
  const segments = [...new Set(periods.flatMap((p) => Object.keys(p.segments)))]
  const providers = [
    ...new Set([
      NETWORK,
      ...periods.flatMap((p) => Object.values(p.segments).flatMap((s) => Object.keys(s.volume))),
    ]),
  ]
  const production = input.production ?? inferProduction(periods)
  // The first row is partial when the run was shorter than a period: the record's period then.
  const first = periods[0] as PeriodRow
  const length = ctx.records[0]?.market?.period ?? first.end - first.start
  const last = periods.at(-1) as PeriodRow
  return {
    periods,
    weight: (periods[0] as PeriodRow).weight,
    segments,
    production,
    productionInferred: input.production === undefined,
    providers,
    networks: [NETWORK, ...(input.offers ?? [])],
    retentionPeriod: input.retentionPeriod,
    mid: (row) => (row.start + row.end) / 2 / DAY,
    day: (t) => t / DAY,
    end: last.end / DAY,
    periodText: durationText(length),
    periodLength: length,
    partial: last.partial ? last : null,
  }
}

function durationText(seconds: number): string {
  const units: [number, string][] = [
    [DAY, 'day'],
    [3600, 'h'],
    [60, 'min'],
  ]
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size
      return name === 'day' ? `${n} day${n === 1 ? '' : 's'}` : `${n} ${name}`
    }
  }
  return `${seconds} s`
}
