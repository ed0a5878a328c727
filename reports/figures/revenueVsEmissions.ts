import type { Figure, FigureContext } from './figureContext.ts'
import { incidentMarks } from './incidentMarks.ts'
import { marketOf } from './marketOf.ts'
import { partialMark } from './partialMark.ts'

/**
 * Fees requesters paid hosts against tokens emitted to hosts, per period, and their cumulative
 * ratio: above 1, demand pays for the network; below, the subsidy does.
 */
export function revenueVsEmissions(ctx: FigureContext): Figure[] {
  const market = marketOf(ctx)
  if (!market) return []
  const title = 'Revenue against emissions: fees paid to hosts and tokens emitted, per period'
  const fees = market.periods.map((p) => p.network.fees)
  const emitted = market.periods.map((p) => p.network.emitted)
  if (fees.every((f) => f === 0) && emitted.every((e) => e === 0))
    return [
      {
        id: 'revenue-emissions',
        title,
        data: [],
        layout: {},
        note: 'No fee was paid and no token emitted in any period, so there is nothing to set against each other.',
      },
    ]
  let feeSum = 0
  let emittedSum = 0
  // Undefined until something has been emitted: a ratio over nothing is not 0 or infinite.
  const ratio = market.periods.map((p) => {
    feeSum += p.network.fees
    emittedSum += p.network.emitted
    return emittedSum > 0 ? feeSum / emittedSum : null
  })
  const x = market.periods.map(market.mid)
  const marks = incidentMarks(market)
  const cut = partialMark(market)
  const hasRatio = ratio.some((r) => r !== null)
  return [
    {
      id: 'revenue-emissions',
      title,
      data: [
        { type: 'bar', name: 'fees paid to hosts', x, y: fees, marker: { color: '#2ca02c' } },
        { type: 'bar', name: 'tokens emitted', x, y: emitted, marker: { color: '#9467bd' } },
        ...(hasRatio
          ? [
              {
                type: 'scatter',
                mode: 'lines',
                name: 'cumulative fees ÷ emissions',
                x,
                y: ratio,
                yaxis: 'y2',
                line: { color: '#222', width: 2 },
              },
            ]
          : []),
      ],
      layout: {
        barmode: 'group',
        xaxis: { title: { text: `virtual days (periods of ${market.periodText})` }, range: [0, market.end] },
        yaxis: { title: { text: 'tokens per period' }, rangemode: 'tozero' },
        ...(hasRatio
          ? {
              yaxis2: {
                title: { text: 'cumulative fees ÷ emissions' },
                overlaying: 'y',
                side: 'right',
                rangemode: 'tozero',
                showgrid: false,
              },
            }
          : {}),
        legend: { orientation: 'h', y: -0.2 },
        shapes: [...marks.shapes, ...cut.shapes],
        annotations: [...marks.annotations, ...cut.annotations],
      },
      caption: `Green bars are the fees requesters paid hosts in each period (burned shares excluded), purple bars the tokens emitted to hosts, both in tokens and counting every real request (weight ${market.weight}); the black line (right axis) is all fees so far ÷ all emissions so far. Above 1, demand pays more than the subsidy; a line that stays low is a network that subsidy, not demand, keeps running.${hasRatio ? '' : ' No token was emitted, so the ratio is undefined and not drawn.'}${cut.caption}${ctx.modeled}`,
    },
  ]
}
