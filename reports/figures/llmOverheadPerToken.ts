import { type Figure, type FigureContext, PALETTE } from './figureContext.ts'
import { panelGrid } from './panelGrid.ts'
import { perTokenRatios } from './perTokenRatios.ts'

/**
 * A decoder sweep's question: what verifying a generated token costs next to generating it, as
 * outputs grow, for each decoder size, one panel per mode. Log axes, since the ratio spans from
 * sampling's prefill checks (well below 1) to zk proving (hundreds). Only decoder runs draw it.
 */
export function llmOverheadPerToken(ctx: FigureContext): Figure[] {
  const ratios = perTokenRatios(ctx.records)
  if (!ratios) return []
  const { modes } = ratios
  const grid = panelGrid(
    modes.map((m) => m.mode),
    { title: 'output tokens per job', log: true },
    { title: 'verification ÷ generation compute per token' },
  )
  const sizes = [...new Map(modes.flatMap((m) => m.lines.map((l) => [l.decoder, l.params]))).entries()].sort(
    ([a, pa], [b, pb]) => pa - pb || a.localeCompare(b),
  )
  // Sizes often lie on one line (roofline prefill and decode both scale with parameters): dashes
  // and markers keep each visible under the others.
  const styleOf = new Map(
    sizes.map(([name], i) => [
      name,
      {
        line: { color: PALETTE[i % PALETTE.length] as string, dash: DASHES[i % DASHES.length] as string },
        marker: { symbol: SYMBOLS[i % SYMBOLS.length] as string, size: 8 },
      },
    ]),
  )
  let dropped = 0
  const data = modes.flatMap((m, i) =>
    m.lines.map((line) => {
      // A log axis cannot hold a ratio of 0 (a mode that checked nothing): said in the note.
      const points = line.points.filter((p) => p.ratio > 0)
      dropped += line.points.length - points.length
      return {
        ...grid.axes(i),
        type: 'scatter',
        mode: 'lines+markers',
        name: `${line.decoder} (${formatParams(line.params)} parameters)`,
        legendgroup: line.decoder,
        showlegend: i === 0,
        ...styleOf.get(line.decoder),
        x: points.map((p) => p.tokens),
        y: points.map((p) => p.ratio),
        hovertemplate: `%{x:.3g} tokens: %{y:.3g}<extra>${line.decoder}, ${m.mode}</extra>`,
      }
    }),
  )
  // panelGrid's y axes are linear; this figure's ratios need a log one on every panel.
  const layout: Record<string, unknown> = { ...grid.layout }
  for (const key of Object.keys(layout))
    if (key.startsWith('yaxis')) layout[key] = { ...(layout[key] as object), type: 'log' }
  const on = ratios.hardware.join(', ')
  const sized =
    ratios.modeled === 'all'
      ? `The decoder sizes are modeled: their generation and check costs come from the roofline on ${on}, while the protocol, the small real decoder's generations and prefill checks, and settlement ran for real.`
      : ratios.modeled === 'some'
        ? `Some decoder sizes are modeled (roofline on ${on}); the others are priced as the real decoder that ran. The protocol, the real decoder's generations and checks, and settlement ran for real.`
        : `Costs are the real decoder's, priced by the roofline on ${on}; the protocol, generations, checks and settlement ran for real.`
  return [
    {
      id: 'llm-overhead-per-token',
      title: `Verification ÷ generation compute per generated token vs output length${modes.length > 1 ? ', one panel per mode' : ''}`,
      data,
      layout: { ...layout, legend: { title: { text: 'decoder' } } },
      caption: `What checking a generated token costs next to generating it (compute only, without gas): below 1, verification is cheaper than the generation it checks. A prefill check reads the weights once for the whole output while generation reads them once per token, so the ratio of prefill-checking modes falls as outputs grow; replication re-generates (k − 1 per job), and TEE and zk pay their modeled overhead factor on every token. ${sized}${ctx.modeled}`,
      note: [
        'one line per decoder size (lines of sizes whose ratio is the same lie on one another), one panel per mode; x: mean output tokens per job; both axes logarithmic; panels share both axes',
        ...(dropped
          ? [
              `${dropped} point${dropped === 1 ? '' : 's'} with a ratio of 0 (nothing checked) left out of the log axis`,
            ]
          : []),
      ].join('. '),
    },
  ]
}

const DASHES = ['solid', 'dot', 'dash', 'longdash', 'dashdot']
const SYMBOLS = ['circle', 'square', 'diamond', 'triangle-up', 'x']

function formatParams(n: number): string {
  return n >= 1e9
    ? `${Number((n / 1e9).toPrecision(3))}B`
    : n >= 1e6
      ? `${Number((n / 1e6).toPrecision(3))}M`
      : `${n}`
}
