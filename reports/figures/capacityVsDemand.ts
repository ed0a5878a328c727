import type { Figure, FigureContext } from './figureContext.ts'
import { incidentMarks } from './incidentMarks.ts'
import { marketOf } from './marketOf.ts'
import { partialMark } from './partialMark.ts'

/** What the active hosts could serve against what requesters sent the network, per period. */
export function capacityVsDemand(ctx: FigureContext): Figure[] {
  const market = marketOf(ctx)
  if (!market) return []
  const title = 'Capacity against demand: real requests per second, with active hosts'
  if (
    market.periods.every(
      (p) => p.network.capacity === 0 && p.network.demand === 0 && p.network.hosts.active === 0,
    )
  )
    return [
      {
        id: 'capacity-demand',
        title,
        data: [],
        layout: {},
        note: 'No period had an active host or a request sent to the network, so capacity and demand are zero throughout and not plotted.',
      },
    ]
  const x = market.periods.map(market.mid)
  const marks = incidentMarks(market)
  const cut = partialMark(market)
  return [
    {
      id: 'capacity-demand',
      title,
      data: [
        {
          type: 'scatter',
          mode: 'lines',
          name: 'capacity of active hosts',
          x,
          y: market.periods.map((p) => p.network.capacity),
          line: { color: '#1f77b4', width: 2 },
        },
        {
          type: 'scatter',
          mode: 'lines',
          name: 'demand sent to the network',
          x,
          y: market.periods.map((p) => p.network.demand),
          line: { color: '#d62728', width: 2 },
        },
        {
          type: 'scatter',
          mode: 'lines',
          name: 'active hosts (right axis)',
          x,
          y: market.periods.map((p) => p.network.hosts.active),
          yaxis: 'y2',
          line: { color: '#7f7f7f', dash: 'dot', shape: 'hv' },
        },
      ],
      layout: {
        xaxis: { title: { text: `virtual days (periods of ${market.periodText})` }, range: [0, market.end] },
        yaxis: { title: { text: 'real requests per second' }, rangemode: 'tozero' },
        yaxis2: {
          title: { text: 'active hosts (mean over the period)' },
          overlaying: 'y',
          side: 'right',
          rangemode: 'tozero',
          showgrid: false,
        },
        legend: { orientation: 'h', y: -0.2 },
        shapes: [...marks.shapes, ...cut.shapes],
        annotations: [...marks.annotations, ...cut.annotations],
      },
      caption: `Blue is what the active hosts could serve (honest compute, real requests per second with weight ${market.weight}), red what requesters sent the network, each the mean over a period; grey (right axis) is the mean number of active hosts. Red above blue is demand the network cannot serve (latency and failures rise); blue far above red is idle capacity that fees do not pay for.${cut.caption}${ctx.modeled}`,
    },
  ]
}
