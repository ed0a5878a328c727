import type { PointSummary } from '../aggregatePoints.ts'
import type { Figure, FigureContext } from './figureContext.ts'
import { MODE_COLORS, PALETTE } from './figureContext.ts'

const DAY = 86_400
const HOUR = 3_600
const TITLE = 'Production adoption over time, one line per sweep point'
const DASHES = ['solid', 'dash', 'dot', 'dashdot', 'longdash', 'longdashdot']

/**
 * A demand-market sweep's production adoption per period, one line per point (its first
 * replicate): the per-point figures give each point's end-of-run share, this shows how each got
 * there, whether a setting loses demand early or late, or never wins it.
 */
export function sweepAdoption(ctx: FigureContext): Figure[] {
  const points = ctx.input.sweepAdoption
  if (!points || points.length === 0 || ctx.points.length < 2) return []
  const byPoint = new Map(ctx.points.map((p) => [p.point, p]))
  const paths = namingPaths(ctx.points, ctx.paths)
  const text = (p: PointSummary | undefined, keys: readonly string[]) =>
    keys.map((k) => `${k}=${formatValue(p?.params[k])}`).join(', ')
  // Several modes: a mode's colour, one dash per value of the other fields; else one colour each.
  const byMode = ctx.modes.length > 1
  const others = paths.filter((k) => k !== 'protocol.mode')
  const dashOf = new Map<string, string>()
  const lastEnd = Math.max(...points.flatMap((p) => p.periods.map((r) => r.end)))
  // Days read best for long markets, hours or minutes for a sweep of short runs.
  const [unit, unitName] =
    lastEnd >= 2 * DAY ? [DAY, 'days'] : lastEnd >= 2 * HOUR ? [HOUR, 'hours'] : [60, 'minutes']
  const data = points.flatMap((p, i) => {
    if (p.periods.every((r) => r.share === null)) return []
    const point = byPoint.get(p.point)
    const rest = text(point, others)
    if (!dashOf.has(rest)) dashOf.set(rest, DASHES[dashOf.size % DASHES.length] as string)
    const line = byMode
      ? { color: MODE_COLORS[ctx.modeOf(p.point)] ?? PALETTE[0], dash: dashOf.get(rest) }
      : { color: PALETTE[i % PALETTE.length] }
    return [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: text(point, paths) || `point ${p.point}`,
        x: p.periods.map((r) => (r.start + r.end) / 2 / unit),
        y: p.periods.map((r) => r.share),
        line,
        // A partial last period (the run ended inside it) is a share over less time: drawn open.
        marker: { symbol: p.periods.map((r) => (r.partial ? 'circle-open' : 'circle')) },
        cliponaxis: false,
      },
    ]
  })
  if (data.length === 0)
    return [
      {
        id: 'sweep-adoption',
        title: TITLE,
        data: [],
        layout: {},
        note: 'No sweep point’s production segments sent any request, so there is no share to plot.',
      },
    ]
  const production = [...new Set(points.flatMap((p) => p.production))]
  const partial = points.some((p) => p.periods.some((r) => r.partial))
  return [
    {
      id: 'sweep-adoption',
      title: TITLE,
      data,
      layout: {
        xaxis: { title: { text: `virtual ${unitName} (one point per period)` }, range: [0, lastEnd / unit] },
        yaxis: { title: { text: 'network share (production)' }, range: [0, 1] },
      },
      caption: `For each sweep point (its first replicate's periods/<point>-<replicate>.ndjson), the share of the production segments' real requests (${production.join(', ') || 'none'}: the segments that never ended a trial) sent to the network in each period; a gap is a period in which they sent nothing. Lines that part early are settings requesters judge at once; lines that part late are settings they learn from experience or incidents.${partial ? ' An open marker is a partial last period (the run ended inside it): a share over less time.' : ''}${paths.length < ctx.paths.length ? ` Lines are named by ${paths.join(' and ')}; ${ctx.paths.filter((k) => !paths.includes(k)).join(', ')} move${ctx.paths.length - paths.length === 1 ? 's' : ''} with them (summary.json has every point's values).` : ''}${ctx.modeled}`,
    },
  ]
}

/**
 * The swept fields that name a point: each field in order, unless one already kept takes the
 * same value exactly where it does (a field zipped with it, like a fee with the model size).
 */
function namingPaths(points: readonly PointSummary[], paths: readonly string[]): string[] {
  const kept: string[] = []
  const partition = (key: string) => points.map((p) => formatValue(p.params[key]))
  const sameSplit = (a: string[], b: string[]) => {
    const ab = new Map<string, string>()
    const ba = new Map<string, string>()
    return a.every((x, i) => {
      const y = b[i] as string
      if ((ab.get(x) ?? y) !== y || (ba.get(y) ?? x) !== x) return false
      ab.set(x, y)
      ba.set(y, x)
      return true
    })
  }
  for (const key of paths) if (!kept.some((k) => sameSplit(partition(k), partition(key)))) kept.push(key)
  return kept
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
