import { cohortVolumes } from '../figures/cohortVolumes.ts'
import type { FigureContext } from '../figures/figureContext.ts'
import { type Market, marketOf } from '../figures/marketOf.ts'
import { pooledRetention } from '../figures/pooledRetention.ts'
import type { SweepRecord } from '../writeRunFolder.ts'

/** R(N)'s base period (sim/demand/retainedVolume). */
const BASE = 3
/** More points than this are summarized as a range instead of listed. */
const LISTED_POINTS = 6

/**
 * The second question: the production demand the network keeps. A market run answers from its
 * periods (share kept at the end, retention, revenue ÷ emissions, with the super-individual
 * weight); a sweep of market runs from each point's metrics; a scenario without a market says it
 * cannot answer rather than inventing retention from an adoption share that is 1 by construction.
 */
export function demandAnswer(ctx: FigureContext): string[] {
  const market = marketOf(ctx)
  if (market) return [marketLine(ctx, market)]
  const metric = (r: SweepRecord, name: string) =>
    (r.metrics as Record<string, number | null | undefined>)[name]
  // A record says it ran a market (its weight and period); every record has the market metrics' names.
  if (ctx.records.some((r) => r.market !== undefined)) return [sweepLine(ctx, metric)]
  return [
    'Demand: this scenario has no demand market, so it cannot say how much production demand the network keeps (retention, revenue ÷ emissions); every request goes to the network by construction. A `demand:` section adds the market (issue 16).',
  ]
}

function marketLine(ctx: FigureContext, market: Market): string {
  // The last full period: a partial one (the run ended inside it) often holds only the last
  // settlements, and its share over less time is not the share the network kept at the end.
  const last = market.periods.filter((p) => !p.partial).at(-1) ?? market.periods.at(-1)
  const lastPeriod = last?.period ?? 0
  const which = last?.partial
    ? `the last period, period ${lastPeriod}, cut short by the run's end`
    : market.partial
      ? `the last full period, period ${lastPeriod}`
      : `the last period, period ${lastPeriod}`
  let kept = 0
  let sent = 0
  for (const segment of market.production) {
    const volume = last?.segments[segment]?.volume ?? {}
    kept += volume.network ?? 0
    sent += Object.values(volume).reduce((a, b) => a + b, 0)
  }
  const segments = market.production.length
    ? `${market.production.join(', ')}${market.productionInferred ? ', the segments that never ran a trial' : ''}`
    : 'none'
  const share =
    market.production.length === 0
      ? 'no segment counts as production (every one ran trials), so the production share kept is undefined'
      : sent === 0
        ? `production requesters (${segments}) sent nothing in ${which}, so the share kept at the end is undefined`
        : `in ${which}, the network kept ${percent(kept / sent)} of production requests (${segments})`
  const fees = market.periods.reduce((a, p) => a + p.network.fees, 0)
  const emitted = market.periods.reduce((a, p) => a + p.network.emitted, 0)
  const revenue =
    emitted > 0
      ? `revenue ÷ emissions ${number(fees / emitted)} over the run (${number(fees)} tokens of fees against ${number(emitted)} emitted)`
      : `no token was emitted, so revenue ÷ emissions is undefined (fees ${number(fees)} tokens)`
  return `Demand (each simulated requester stands for ${market.weight} real ones, each simulated request for ${market.weight} real requests): ${share}; ${retention(ctx, market)}; ${revenue}.`
}

/**
 * Pooled R(N) over the cohorts whose period N closed: Σ production volume in their period N ÷ in
 * their period 3. N is the scenario's retention period, else the run's metric, else the furthest
 * period any cohort with a base reached (said so).
 */
function retention(ctx: FigureContext, market: Market): string {
  const cohorts = [...cohortVolumes(market, market.production).values()]
  const pooled = (n: number) => pooledRetention(cohorts, n)
  const n = market.retentionPeriod
  if (n !== undefined) {
    const r = pooled(n)
    return r === null
      ? `retention R(${n}) is undefined: no cohort had production volume in its period ${BASE} and reached period ${n}`
      : `retention R(${n}) = ${number(r)} (production volume in each cohort's period ${n} ÷ period ${BASE}, pooled)`
  }
  const metric = (ctx.records[0]?.metrics as Record<string, number | null | undefined> | undefined)
    ?.retained_production_volume
  if (typeof metric === 'number')
    return `retention R(N) = ${number(metric)} (the run's retained_production_volume)`
  const furthest = Math.max(-1, ...cohorts.map((v) => v.length - 1))
  for (let reach = furthest; reach >= BASE; reach--) {
    const r = pooled(reach)
    if (r !== null)
      return `retention R(${reach}) = ${number(r)} (the furthest period a cohort was followed; production volume in period ${reach} ÷ period ${BASE}, pooled)`
  }
  return `retention R(N) is undefined: no cohort had production volume in its period ${BASE}`
}

function sweepLine(
  ctx: FigureContext,
  metric: (r: SweepRecord, name: string) => number | null | undefined,
): string {
  const mean = (point: number, name: string) => {
    const values = ctx.records
      .filter((r) => r.point === point)
      .map((r) => metric(r, name))
      .filter((v): v is number => typeof v === 'number')
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null
  }
  const show = (v: number | null, asPercent = false) =>
    v === null ? 'undefined' : asPercent ? percent(v) : number(v)
  const weight = ctx.records.find((r) => r.market)?.market?.weight
  const stands =
    typeof weight === 'number' ? ` (each simulated requester stands for ${weight} real ones)` : ''
  const label = (point: number) => {
    const params = ctx.points.find((p) => p.point === point)?.params ?? {}
    const text = Object.entries(params)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ')
    return text || `point ${point}`
  }
  const points = ctx.points.map((p) => p.point)
  if (points.length <= LISTED_POINTS) {
    const parts = points.map(
      (p) =>
        `${label(p)}: network share of production requests ${show(mean(p, 'production_adoption_share'), true)}, R(N) ${show(mean(p, 'retained_production_volume'))}, revenue ÷ emissions ${show(mean(p, 'revenue_over_emissions'))}`,
    )
    return `Demand${stands}, mean over replicates: ${parts.join('; ')}. ${perPeriod(ctx)}`
  }
  const range = (name: string, asPercent = false) => {
    const values = points.map((p) => mean(p, name)).filter((v): v is number => v !== null)
    return values.length
      ? `${show(Math.min(...values), asPercent)} to ${show(Math.max(...values), asPercent)}`
      : 'undefined at every point'
  }
  // Where the share was least and most is the answer a mode × size sweep asks for.
  const shares = points
    .map((p) => ({ p, v: mean(p, 'production_adoption_share') }))
    .filter((s): s is { p: number; v: number } => s.v !== null)
  const low = shares.reduce<(typeof shares)[number] | undefined>(
    (a, s) => (a && a.v <= s.v ? a : s),
    undefined,
  )
  const high = shares.reduce<(typeof shares)[number] | undefined>(
    (a, s) => (a && a.v >= s.v ? a : s),
    undefined,
  )
  const kept =
    low && high
      ? `${show(low.v, true)} (${label(low.p)}) to ${show(high.v, true)} (${label(high.p)})`
      : 'undefined at every point'
  return `Demand${stands}, over ${points.length} points (means over replicates): network share of production requests ${kept}; R(N) ${range('retained_production_volume')}; revenue ÷ emissions ${range('revenue_over_emissions')}. ${perPeriod(ctx)}`
}

const percent = (v: number) => `${(v * 100).toFixed(1)}%`
const number = (v: number) =>
  Math.abs(v) >= 1e9 || (v !== 0 && Math.abs(v) < 0.01)
    ? v.toExponential(2)
    : Math.abs(v) >= 1000
      ? v.toLocaleString('en-US', { maximumFractionDigits: 0 })
      : Number(v.toFixed(3)).toString()

/** Where a sweep's per-period figures are: its own adoption figure when the points have periods. */
function perPeriod(ctx: FigureContext): string {
  return ctx.input.sweepAdoption?.length
    ? "Each point's production adoption per period is drawn below; the other per-period figures in a single run's report."
    : "Per-period figures are drawn for a single run's report."
}
