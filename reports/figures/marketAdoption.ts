import type { Figure, FigureContext } from './figureContext.ts'
import { PALETTE } from './figureContext.ts'
import { incidentMarks } from './incidentMarks.ts'
import { marketOf } from './marketOf.ts'
import { partialMark } from './partialMark.ts'

const TITLE = 'Adoption by segment: share of each segment’s volume on the network'

/**
 * Each segment's network share per period, with the run's incidents on the time axis: whether a
 * segment stays after an outage or a slash, and whether it comes back.
 */
export function marketAdoption(ctx: FigureContext): Figure[] {
  const market = marketOf(ctx)
  if (!market) return []
  const data = market.segments.flatMap((segment, i) => {
    const y = market.periods.map((p) => p.segments[segment]?.adoption ?? null)
    if (y.every((v) => v === null)) return []
    return [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: market.production.includes(segment) ? `${segment} (production)` : segment,
        x: market.periods.map(market.mid),
        y,
        line: { color: PALETTE[i % PALETTE.length] },
        // The partial last period's share is a share over less time: an open marker says so.
        marker: { symbol: market.periods.map((p) => (p.partial ? 'circle-open' : 'circle')) },
        cliponaxis: false,
      },
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
      caption: `For each requester segment, the share of its real requests (each simulated requester stands for ${market.weight} real ones) sent to the network in each period; a gap is a period in which the segment sent nothing. Shaded spans are outages, dashed lines slashes: a line that falls there is requesters leaving after an incident, and one that climbs back is them returning.${cut.caption}${ctx.modeled}`,
    },
  ]
}
