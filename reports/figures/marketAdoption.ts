import type { PeriodRow } from '../../sim/index.ts'
import type { Figure, FigureContext } from './figureContext.ts'
import { PALETTE } from './figureContext.ts'
import { incidentMarks } from './incidentMarks.ts'
import { marketOf } from './marketOf.ts'
import { partialMark } from './partialMark.ts'

const TITLE = 'Adoption by segment: share of each segment’s volume on the network'
const DASHES = ['dot', 'dash', 'dashdot', 'longdash']

/**
 * Each segment's network share per period, with the run's incidents on the time axis: whether a
 * segment stays after an outage or a slash, and whether it comes back.
 */
export function marketAdoption(ctx: FigureContext): Figure[] {
  const market = marketOf(ctx)
  if (!market) return []
  // With offers, each configuration of the network also gets its own dotted line per segment.
  const offers = market.networks.length > 1 ? market.networks : []
  const data = market.segments.flatMap((segment, i) => {
    const y = market.periods.map((p) => p.segments[segment]?.adoption ?? null)
    if (y.every((v) => v === null)) return []
    const name = market.production.includes(segment) ? `${segment} (production)` : segment
    const color = PALETTE[i % PALETTE.length]
    const share = (p: PeriodRow, provider: string) => {
      const volume = p.segments[segment]?.volume ?? {}
      const all = Object.values(volume).reduce((sum, v) => sum + v, 0)
      return all > 0 ? (volume[provider] ?? 0) / all : null
    }
    return [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: offers.length > 0 ? `${name}: whole network` : name,
        x: market.periods.map(market.mid),
        y,
        line: { color },
        // The partial last period's share is a share over less time: an open marker says so.
        marker: { symbol: market.periods.map((p) => (p.partial ? 'circle-open' : 'circle')) },
        cliponaxis: false,
      },
      ...offers.map((provider, j) => ({
        type: 'scatter',
        mode: 'lines',
        name: `${name}: ${provider}`,
        x: market.periods.map(market.mid),
        y: market.periods.map((p) => share(p, provider)),
        line: { color, dash: DASHES[j % DASHES.length] },
        cliponaxis: false,
      })),
    ]
  })
  if (data.length === 0)
    return [
      {
        id: 'market-adoption',
        title: TITLE,
        data: [],
        layout: {},
        note: `No segment sent any request in the run's ${market.periods.length} periods, so there is no share to plot.`,
      },
    ]
  const marks = incidentMarks(market)
  const cut = partialMark(market)
  return [
    {
      id: 'market-adoption',
      title: TITLE,
      data,
      layout: {
        xaxis: {
          title: { text: `virtual days (one point per period of ${market.periodText})` },
          range: [0, market.end],
        },
        yaxis: { title: { text: 'network share of the segment’s real requests' }, range: [0, 1] },
        shapes: [...marks.shapes, ...cut.shapes],
        annotations: [...marks.annotations, ...cut.annotations],
      },
      caption: `For each requester segment, the share of its real requests (each simulated requester stands for ${market.weight} real ones) sent to the network in each period${offers.length > 0 ? ` (solid: all of the network's offers together; dotted and dashed: each offer, ${offers.join(', ')}, alone)` : ''}; a gap is a period in which the segment sent nothing. Shaded spans are outages, dashed lines slashes: a line that falls there is requesters leaving after an incident, and one that climbs back is them returning.${cut.caption}${ctx.modeled}`,
    },
  ]
}
